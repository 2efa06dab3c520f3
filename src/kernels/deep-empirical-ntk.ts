/**
 * The exact empirical tangent kernel of the deep network of src/models/deep/network.ts at its current weights,
 * without per-example Jacobians. Since df/dW^k = c_k delta^k (a^{k-1})^T, the inner product of the gradients at two
 * inputs splits layer by layer into a product of two small inner products:
 *
 *     Theta(x, x') = sum_k <df(x)/dW^k, df(x')/dW^k>
 *                  = sum_k c_k^2 <delta^k(x), delta^k(x')> <a^{k-1}(x), a^{k-1}(x')>,
 *
 * so on the rows of X (n x d), with the matrices Delta^k and A^{k-1} of one batched forward and backward pass,
 *
 *     Theta = sum_k c_k^2 (Delta^k Delta^kT) o (A^{k-1} A^{k-1}T)      (o: the elementwise product),
 *
 * n^2 (m_{k-1} + m_k) multiply-adds per layer instead of n times the number of parameters. float32 on the
 * backend (a backend that works only in half precision is refused by src/runtime/browser-tf.ts); the result is
 * read back once, as an n x n row-major float64 array, made exactly symmetric by averaging it with its transpose
 * (a backend's matMul need not sum the dot products of entries (i, j) and (j, i) in the same order).
 */
import type * as TF from '@tensorflow/tfjs-core';
import { backward, forward, type DeepNetwork } from '../models/deep/network';

/** A A^T for a B x m matrix A (an explicit transpose: the plain matMul is wasm's fast path). */
const gram = (tf: typeof TF, A: TF.Tensor2D) => tf.matMul(A, tf.transpose(A));

export async function empiricalNtk(tf: typeof TF, net: DeepNetwork, X: TF.Tensor2D): Promise<Float64Array> {
  const theta = tf.tidy(() => {
    const pass = forward(tf, net, X);
    const delta = backward(tf, net, pass);
    const layers = net.multipliers.map((c, k) => tf.mul(tf.mul(gram(tf, delta[k]), gram(tf, pass.a[k])), c * c));
    return tf.addN(layers) as TF.Tensor2D;
  });
  const n = X.shape[0];
  let values: ArrayLike<number>;
  try {
    values = await theta.data();
  } finally {
    theta.dispose();
  }
  return Float64Array.from({ length: n * n }, (_, e) => (values[e] + values[(e % n) * n + Math.floor(e / n)]) / 2);
}
