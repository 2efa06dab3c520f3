/**
 * The two-layer network of the review, eq. (1), in the "P-std" storage of figure-specs.md §0.1 (the authors'
 * `train_standard`, `train_ntk`): the output weight is stored already scaled, W2 = (alpha/m) u, and the output
 * layer may have a bias b (the synthetic row of Figure 4 has one output with a bias):
 *
 *     f(x) = W2 h + b = (alpha/m) sum_j u_j tanh(theta_j . x) + b,   h = tanh(theta x), no hidden bias,
 *
 * theta is kept as theta^T, d x m (column j is theta_j; the layout of src/models/two-layer, for the same reason),
 * W2 is k x m (column j is (alpha/m) u_j), b is a k-vector or absent.
 * With W2 = (alpha/m) u and no b this is the same function as src/models/two-layer (P-eq storage).
 *
 * The objective of eq. (2) without regulariser, averaged over a batch (x_i, y_i), i = 1..B:
 *
 *     k > 1, softmax cross-entropy, Y one-hot:   phi = (1/B) sum_i [ logsumexp f(x_i) - f(x_i)_{y_i} ]
 *     k = 1, logistic loss on the logit, y in {0, 1} (PyTorch's BCEWithLogitsLoss):
 *                                                phi = (1/B) sum_i [ log(1 + e^{f_i}) - y_i f_i ]
 *
 * Both have dphi/df = (p - Y)/B with p = softmax(f) (k > 1) or sigmoid(f) (k = 1), so the gradients are
 *
 *     g_f        = (p - Y) / B                     (B x k)
 *     dphi/dW2   = g_f^T h                         (k x m)
 *     dphi/db    = sum_i g_f,i                     (k)
 *     g_z        = (g_f W2) * (1 - h^2)            (B x m), z = x theta^T
 *     dphi/dtheta^T = x^T g_z                      (d x m)
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Batch } from '../training/batch';
import { crossEntropy } from './two-layer';
import { tanh } from './tanh';

export interface TwoLayerStd {
  /** theta^T, d x m: column j is theta_j. */
  thetaT: TF.Tensor2D;
  W2: TF.Tensor2D;
  b?: TF.Tensor1D;
}

/** Hidden activations h = tanh(x theta^T) and outputs f = h W2^T (+ b) for a batch x (B x d). */
export function forward(tf: typeof TF, net: TwoLayerStd, x: TF.Tensor2D): { h: TF.Tensor2D; f: TF.Tensor2D } {
  return tf.tidy(() => {
    const h = tanh(tf, tf.matMul(x, net.thetaT) as TF.Tensor2D);
    const Wh = tf.matMul(h, tf.transpose(net.W2)) as TF.Tensor2D; // W2^T: m x k, cheap
    const f = net.b ? (tf.add(Wh, net.b) as TF.Tensor2D) : Wh;
    return { h, f };
  });
}

/**
 * Mean logistic loss of logits f (B x 1) against labels y in {0, 1} (B x 1), in the overflow-free form
 * log(1 + e^f) - y f = max(f, 0) - y f + log(1 + e^{-|f|}).
 */
export function logisticLoss(tf: typeof TF, f: TF.Tensor2D, y: TF.Tensor2D): TF.Scalar {
  return tf.tidy(() =>
    tf.mean(tf.add(tf.sub(tf.relu(f), tf.mul(y, f)), tf.log1p(tf.exp(tf.neg(tf.abs(f)))))),
  );
}

/** The loss of eq. (2) for outputs f (B x k): softmax cross-entropy for k > 1, logistic loss for k = 1. */
export function outputLoss(tf: typeof TF, f: TF.Tensor2D, Y: TF.Tensor2D): TF.Scalar {
  return f.shape[1] === 1 ? logisticLoss(tf, f, Y) : tf.tidy(() => crossEntropy(tf, f, Y));
}

/** The loss on a batch and its gradients with respect to W2, theta^T and (when the net has one) b. */
export function lossAndGradients(
  tf: typeof TF,
  net: TwoLayerStd,
  { x, xT, Y }: Batch,
): { loss: TF.Scalar; dW2: TF.Tensor2D; dThetaT: TF.Tensor2D; dB?: TF.Tensor1D } {
  return tf.tidy(() => {
    const { h, f } = forward(tf, net, x);
    const loss = outputLoss(tf, f, Y);
    const p = f.shape[1] === 1 ? tf.sigmoid(f) : tf.softmax(f);
    const gF = tf.div(tf.sub(p, Y), x.shape[0]) as TF.Tensor2D;
    const dW2 = tf.matMul(tf.transpose(gF), h) as TF.Tensor2D; // g_f^T: k x B, cheap
    const gZ = tf.mul(tf.matMul(gF, net.W2), tf.sub(1, tf.square(h))) as TF.Tensor2D;
    const dThetaT = tf.matMul(xT, gZ) as TF.Tensor2D;
    if (!net.b) return { loss, dW2, dThetaT };
    const dB = tf.sum(gF, 0) as TF.Tensor1D;
    return { loss, dW2, dThetaT, dB };
  });
}
