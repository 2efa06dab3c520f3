/**
 * A deep fully connected network with one output, batched, in plain tfjs. Layers k = 1, ..., L map widths
 * m_0 = d, m_1, ..., m_{L-1} to m_L = 1; with a^0 = x,
 *
 *     g^k = c_k W^k a^{k-1},   a^k = phi(g^k)   (k < L),   f(x) = g^L,
 *
 * W^k an m_k x m_{k-1} weight matrix, c_k a forward multiplier fixed by the parameterisation
 * (./parameterisation.ts), phi an edge-of-chaos activation (./activation.ts), no biases. The backward pass gives
 * delta^k = df/dg^k (an m_k-vector per input):
 *
 *     delta^L = 1,   delta^k = c_{k+1} (W^{k+1})^T delta^{k+1} * phi'(g^k),
 *
 * and with them every gradient, df/dW^k = c_k delta^k (a^{k-1})^T. On a batch the inputs are the rows of X (B x d),
 * so each layer is a B x m_k matrix G^k = c_k A^{k-1} (W^k)^T. W^k is stored as its transpose W^kT (m_{k-1} x m_k,
 * row i the weights leaving unit i of layer k-1), so that the forward products are plain matMuls, the layout
 * tfjs-backend-wasm runs on its fast path (src/models/two-layer.ts); the backward pass transposes explicitly.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { dphi, phi, type EdgeOfChaos } from './activation';

export interface DeepNetwork {
  /** W^kT for k = 1, ..., L: m_{k-1} x m_k. */
  weightsT: TF.Tensor2D[];
  /** c_1, ..., c_L. */
  multipliers: number[];
  activation: EdgeOfChaos;
}

/**
 * Pre-activations G^1, ..., G^L (G^L = f, B x 1) and the inputs of each layer A^0 = X, A^1, ..., A^{L-1}. The arrays
 * are 0-based: g[k] is G^{k+1}, a[k] is A^k (and weightsT[k], multipliers[k] are W^{k+1}T, c_{k+1}).
 */
export interface Forward {
  g: TF.Tensor2D[];
  a: TF.Tensor2D[];
}

/** The widths m_0, ..., m_L of a network. */
export const sizesOf = (net: DeepNetwork) => [net.weightsT[0].shape[0], ...net.weightsT.map((W) => W.shape[1])];

/**
 * A network from its weights W^kT (m_{k-1} x m_k row-major, as drawn) for the widths `sizes` = [m_0, ..., m_L].
 * The caller disposes it with `disposeNetwork`.
 */
export function createNetwork(
  tf: typeof TF,
  sizes: number[],
  weightsT: Float32Array[],
  multipliers: number[],
  activation: EdgeOfChaos,
): DeepNetwork {
  const L = sizes.length - 1;
  if (weightsT.length !== L || multipliers.length !== L) {
    throw new Error(`A network of ${L} layers needs ${L} weight matrices and multipliers (got ${weightsT.length}, ${multipliers.length}).`);
  }
  return {
    weightsT: weightsT.map((W, k) => tf.tensor2d(W, [sizes[k], sizes[k + 1]])),
    multipliers,
    activation,
  };
}

export function disposeNetwork(tf: typeof TF, net: DeepNetwork): void {
  tf.dispose(net.weightsT);
}

/** The forward pass on the rows of X (B x d); the caller disposes the tensors returned. */
export function forward(tf: typeof TF, net: DeepNetwork, X: TF.Tensor2D): Forward {
  return tf.tidy(() => {
    const a = [X.clone()];
    const g: TF.Tensor2D[] = [];
    net.weightsT.forEach((W, k) => {
      g.push(tf.mul(tf.matMul(a[k], W), net.multipliers[k]) as TF.Tensor2D); // G^{k+1} = c_{k+1} A^k W^{k+1}T
      if (k < net.weightsT.length - 1) a.push(phi(tf, net.activation, g[k]));
    });
    return { g, a };
  });
}

/** delta^1, ..., delta^L (B x m_k each; delta[k] is delta^{k+1}) from the pre-activations of `forward`; the caller disposes them. */
export function backward(tf: typeof TF, net: DeepNetwork, { g }: Forward): TF.Tensor2D[] {
  return tf.tidy(() => {
    const L = net.weightsT.length;
    const delta: TF.Tensor2D[] = new Array(L);
    delta[L - 1] = tf.onesLike(g[L - 1]);
    for (let k = L - 2; k >= 0; k--) {
      const back = tf.matMul(delta[k + 1], tf.transpose(net.weightsT[k + 1])); // delta^{k+2} W^{k+2}: B x m_{k+1}
      delta[k] = tf.mul(tf.mul(back, net.multipliers[k + 1]), dphi(tf, net.activation, g[k])) as TF.Tensor2D;
    }
    return delta;
  });
}
