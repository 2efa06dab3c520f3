/**
 * The two-layer network of the review, eq. (1):
 *
 *     f([u, theta], x) = (alpha / m) * sum_j u_j h(theta_j . x),   h = tanh, no biases,
 *
 * with k outputs, so u_j is a k-vector: theta is m x d (row j is theta_j) and u is k x m (column j is u_j).
 * The parameters are stored as they appear in eq. (1) (the "P-eq" storage of figure-specs.md §0.1).
 *
 * The objective of eq. (2) without regulariser, for softmax cross-entropy on a batch (x_i, y_i), i = 1..B:
 *
 *     phi(u, theta) = (1/B) sum_i [ logsumexp f(x_i) - f(x_i)_{y_i} ].
 *
 * Gradients are written out (backpropagation by hand) so the code shows the formulas:
 *
 *     g_f   = (softmax(f) - Y) / B                   (B x k)
 *     dphi/du     = (alpha/m) g_f^T h                (k x m)
 *     g_z   = (alpha/m) (g_f u) * (1 - h^2)          (B x m), z = x theta^T
 *     dphi/dtheta = g_z^T x                          (m x d)
 */
import type * as TF from '@tensorflow/tfjs-core';
import { readScalar } from '../training/read';

export interface TwoLayer {
  theta: TF.Tensor2D;
  u: TF.Tensor2D;
  alpha: number;
}

export function width(net: TwoLayer): number {
  return net.theta.shape[0];
}

/** Hidden activations h = tanh(x theta^T) and outputs f = (alpha/m) h u^T for a batch x (B x d). */
export function forward(tf: typeof TF, net: TwoLayer, x: TF.Tensor2D): { h: TF.Tensor2D; f: TF.Tensor2D } {
  const h = tf.tanh(tf.matMul(x, net.theta, false, true)) as TF.Tensor2D;
  const f = tf.mul(tf.matMul(h, net.u, false, true), net.alpha / width(net)) as TF.Tensor2D;
  return { h, f };
}

/** Mean softmax cross-entropy of outputs f (B x k) against one-hot labels Y (B x k). */
export function crossEntropy(tf: typeof TF, f: TF.Tensor2D, Y: TF.Tensor2D): TF.Scalar {
  return tf.mean(tf.sub(tf.logSumExp(f, 1), tf.sum(tf.mul(Y, f), 1)));
}

/** The loss of eq. (2) on a batch and its gradients with respect to u and theta. */
export function lossAndGradients(
  tf: typeof TF,
  net: TwoLayer,
  x: TF.Tensor2D,
  Y: TF.Tensor2D,
): { loss: TF.Scalar; dU: TF.Tensor2D; dTheta: TF.Tensor2D } {
  return tf.tidy(() => {
    const { h, f } = forward(tf, net, x);
    const loss = crossEntropy(tf, f, Y);
    const scale = net.alpha / width(net);
    const gF = tf.div(tf.sub(tf.softmax(f), Y), x.shape[0]) as TF.Tensor2D;
    const dU = tf.mul(tf.matMul(gF, h, true, false), scale) as TF.Tensor2D;
    const gZ = tf.mul(tf.mul(tf.matMul(gF, net.u), scale), tf.sub(1, tf.square(h))) as TF.Tensor2D;
    const dTheta = tf.matMul(gZ, x, true, false) as TF.Tensor2D;
    return { loss, dU, dTheta };
  });
}

/** Fraction of rows whose largest output is the true label. */
export function accuracy(tf: typeof TF, net: TwoLayer, x: TF.Tensor2D, labels: TF.Tensor1D): Promise<number> {
  return readScalar(tf, () => {
    const correct = tf.equal(tf.argMax(forward(tf, net, x).f, 1), labels);
    return tf.mean(tf.cast(correct, 'float32'));
  });
}
