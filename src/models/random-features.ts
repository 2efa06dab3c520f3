/**
 * The random-feature model of the review, eq. (3), with an output bias: m frozen features
 *
 *     h(x) = [ tanh(theta~_1 . x), ..., tanh(theta~_m . x) ]        (the theta~_j drawn once, never trained)
 *
 * and a trained linear readout
 *
 *     f(u, x) = u^T h(x) + b,      u in R^{m x k}, b in R^k.
 *
 * Eq. (3) writes the scale alpha / m of eq. (1) into u and h (u = (alpha/sqrt m)[u_1..u_m]^T, h = (1/sqrt m)[...]);
 * here, as in the authors' linear layer, that scale is part of the trained u. The features are frozen, so a run
 * computes them once (`features`) and trains u on them: the model then sees only h, never x.
 *
 * u is stored m x k (row j is u_j), so f = h u is a plain matMul, as is the gradient h^T g_f (the batch carries h^T;
 * see src/training/batch). The objective of eq. (2) without regulariser, softmax cross-entropy on a batch of B:
 *
 *     g_f     = (softmax(f) - Y) / B                  (B x k)
 *     dphi/du = h^T g_f                               (m x k)
 *     dphi/db = sum_i g_f,i                           (k)
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Batch } from '../training/batch';
import { crossEntropy } from './two-layer';
import { tanh } from './tanh';

/** A type, not an interface, so that it is a record of named tensors for the optimiser (src/training/adam). */
export type RandomFeatures = {
  /** u, m x k: row j is u_j, the readout of feature j. */
  u: TF.Tensor2D;
  /** b, k: the output bias. */
  b: TF.Tensor1D;
};

/** The features h(x) = tanh(x theta~^T) (B x m) of inputs x (B x d), with theta~^T d x m (column j is theta~_j). */
export function features(tf: typeof TF, thetaT: TF.Tensor2D, x: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => tanh(tf, tf.matMul(x, thetaT) as TF.Tensor2D));
}

/** Outputs f = h u + b (B x k) from features h (B x m), eq. (3). */
export function forward(tf: typeof TF, model: RandomFeatures, h: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(h, model.u), model.b) as TF.Tensor2D);
}

/**
 * The loss of eq. (2) on a batch of features and its gradients with respect to u and b. The batch is one of
 * features: `x` is h (B x m), `xT` is h^T (m x B).
 */
export function lossAndGradients(
  tf: typeof TF,
  model: RandomFeatures,
  { x: h, xT: hT, Y }: Batch,
): { loss: TF.Scalar; grads: RandomFeatures } {
  return tf.tidy(() => {
    const f = forward(tf, model, h);
    const loss = crossEntropy(tf, f, Y);
    const gF = tf.div(tf.sub(tf.softmax(f), Y), h.shape[0]) as TF.Tensor2D;
    return { loss, grads: { u: tf.matMul(hT, gF) as TF.Tensor2D, b: tf.sum(gF, 0) as TF.Tensor1D } };
  });
}

