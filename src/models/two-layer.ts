/**
 * The two-layer network of the review, eq. (1):
 *
 *     f([u, theta], x) = (alpha / m) * sum_j u_j h(theta_j . x),   h = tanh, no biases,
 *
 * with k outputs, so u_j is a k-vector. The parameters are those of eq. (1) (the "P-eq" storage of
 * figure-specs.md §0.1): u is k x m (column j is u_j), and theta is kept as its transpose theta^T, d x m (column j
 * is theta_j). That layout makes both big products of a step, z = x theta^T and dphi/dtheta^T = x^T g_z, plain
 * matMuls: tfjs-backend-wasm runs only those on its fast (XNNPACK) path, and is 7-13x slower with a transpose
 * flag (128x196 by 196x256: 0.4 ms plain, 5.4 ms with transposeB; `npm run bench`).
 *
 * The objective of eq. (2) without regulariser, for softmax cross-entropy on a batch (x_i, y_i), i = 1..B:
 *
 *     phi(u, theta) = (1/B) sum_i [ logsumexp f(x_i) - f(x_i)_{y_i} ].
 *
 * Gradients are written out (backpropagation by hand) so the code shows the formulas:
 *
 *     g_f   = (alpha/m) (softmax(f) - Y) / B         (B x k), the factor alpha/m of f folded in
 *     dphi/du       = g_f^T h                        (k x m)
 *     g_z   = (g_f u) * (1 - h^2)                    (B x m), z = x theta^T
 *     dphi/dtheta^T = x^T g_z                        (d x m)
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Batch } from '../training/batch';
import { readScalar } from '../training/read';
import { tanh } from './tanh';

export interface TwoLayer {
  /** theta^T, d x m: column j is theta_j. */
  thetaT: TF.Tensor2D;
  /** u, k x m: column j is u_j. */
  u: TF.Tensor2D;
  alpha: number;
}

export function width(net: TwoLayer): number {
  return net.thetaT.shape[1];
}

/** theta^T (d x m) from theta's rows theta_1, ..., theta_m drawn one after another (m x d, row-major). */
export function thetaTFromRows(tf: typeof TF, rows: ArrayLike<number>, m: number, d: number): TF.Tensor2D {
  const thetaT = new Float32Array(d * m);
  for (let j = 0; j < m; j++) for (let l = 0; l < d; l++) thetaT[l * m + j] = rows[j * d + l];
  return tf.tensor2d(thetaT, [d, m]);
}

/** Hidden activations h = tanh(x theta^T) and outputs f = (alpha/m) h u^T for a batch x (B x d). */
export function forward(tf: typeof TF, net: TwoLayer, x: TF.Tensor2D): { h: TF.Tensor2D; f: TF.Tensor2D } {
  return tf.tidy(() => {
    const h = tanh(tf, tf.matMul(x, net.thetaT) as TF.Tensor2D);
    const f = tf.mul(tf.matMul(h, tf.transpose(net.u)), net.alpha / width(net)) as TF.Tensor2D; // u^T: k x m, cheap
    return { h, f };
  });
}

/** Mean softmax cross-entropy of outputs f (B x k) against one-hot labels Y (B x k). */
export function crossEntropy(tf: typeof TF, f: TF.Tensor2D, Y: TF.Tensor2D): TF.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.logSumExp(f, 1), tf.sum(tf.mul(Y, f), 1))));
}

/** The loss of eq. (2) on a batch and its gradients with respect to u and theta^T. */
export function lossAndGradients(
  tf: typeof TF,
  net: TwoLayer,
  { x, xT, Y }: Batch,
): { loss: TF.Scalar; dU: TF.Tensor2D; dThetaT: TF.Tensor2D } {
  return tf.tidy(() => {
    const { h, f } = forward(tf, net, x);
    const loss = crossEntropy(tf, f, Y);
    const gF = tf.mul(tf.sub(tf.softmax(f), Y), net.alpha / width(net) / x.shape[0]) as TF.Tensor2D;
    const dU = tf.matMul(tf.transpose(gF), h) as TF.Tensor2D; // g_f^T: k x B, cheap
    const gZ = tf.mul(tf.matMul(gF, net.u), tf.sub(1, tf.square(h))) as TF.Tensor2D;
    const dThetaT = tf.matMul(xT, gZ) as TF.Tensor2D;
    return { loss, dU, dThetaT };
  });
}

/** Fraction of rows whose largest output is the true label. */
export function accuracy(tf: typeof TF, net: TwoLayer, x: TF.Tensor2D, labels: TF.Tensor1D): Promise<number> {
  return readScalar(tf, () => {
    const correct = tf.equal(tf.argMax(forward(tf, net, x).f, 1), labels);
    return tf.mean(tf.cast(correct, 'float32'));
  });
}
