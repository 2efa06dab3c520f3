/**
 * The two-layer network linearised around (u~, theta~), the review's eq. (8), trained as a model of its own: the
 * tangent space at theta~. With h = tanh, h' = 1 - h^2, and the scale alpha / m of eq. (1) folded into u (as the
 * authors' linear layers do), plus an output bias b:
 *
 *     f(x) = sum_j [ u_j h(theta~_j . x) + u~_j h'(theta~_j . x) (theta_j - theta~_j) . x ] + b          (8)
 *
 * (eq. (8)'s first two terms, u~_j h + (u_j - u~_j) h, are u_j h). theta~ and u~ are fixed; u and theta are
 * trained. The model is linear in (u, theta, b): its features are h(theta~_j . x) for u_j and, for theta_j, the
 * rank-1 tangent direction u~_j h'(theta~_j . x) x^T.
 *
 * Storage: u and u~ are m x k (row j is u_j), theta^T and theta~^T are d x m (column j is theta_j), so every big
 * product is a plain matMul (src/models/two-layer explains why). On a batch x (B x d):
 *
 *     z~ = x theta~^T,  h0 = h(z~),  s = h'(z~) = 1 - h0^2,  dz = x (theta^T - theta~^T)          (B x m)
 *     f  = h0 u + (s * dz) u~ + b                                                                (B x k)
 *
 * and for the softmax cross-entropy of eq. (2) (no regulariser):
 *
 *     g_f           = (softmax(f) - Y) / B           (B x k)
 *     dphi/du       = h0^T g_f                       (m x k)
 *     dphi/db       = sum_i g_f,i                    (k)
 *     g_dz          = (g_f u~^T) * s                 (B x m)
 *     dphi/dtheta^T = x^T g_dz                       (d x m)
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Batch } from '../training/batch';
import { crossEntropy } from './two-layer';
import { tanh } from './tanh';

/** The trained parameters (a type, not an interface: a record of named tensors for src/training/adam). */
export type Tangent = {
  /** u, m x k: row j is u_j. */
  u: TF.Tensor2D;
  /** theta^T, d x m: column j is theta_j. */
  thetaT: TF.Tensor2D;
  /** b, k: the output bias. */
  b: TF.Tensor1D;
};

/** The expansion point, fixed. */
export interface TangentPoint {
  /** u~, m x k. */
  uTilde: TF.Tensor2D;
  /** theta~^T, d x m. */
  thetaTildeT: TF.Tensor2D;
}

/** h0 = h(z~), s = h'(z~), dz = (theta - theta~) x and the outputs f for a batch x (B x d). */
function pass(tf: typeof TF, model: Tangent, at: TangentPoint, x: TF.Tensor2D) {
  const h0 = tanh(tf, tf.matMul(x, at.thetaTildeT) as TF.Tensor2D);
  const s = tf.sub(1, tf.square(h0)) as TF.Tensor2D;
  const dz = tf.matMul(x, tf.sub(model.thetaT, at.thetaTildeT)) as TF.Tensor2D;
  const f = tf.add(tf.add(tf.matMul(h0, model.u), tf.matMul(tf.mul(s, dz), at.uTilde)), model.b) as TF.Tensor2D;
  return { h0, s, f };
}

/** The outputs f(x) of eq. (8) (B x k) for inputs x (B x d). */
export function forward(tf: typeof TF, model: Tangent, at: TangentPoint, x: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => pass(tf, model, at, x).f);
}

/** The loss of eq. (2) on a batch and its gradients with respect to u, theta^T and b. */
export function lossAndGradients(
  tf: typeof TF,
  model: Tangent,
  at: TangentPoint,
  { x, xT, Y }: Batch,
): { loss: TF.Scalar; grads: Tangent } {
  return tf.tidy(() => {
    const { h0, s, f } = pass(tf, model, at, x);
    const loss = crossEntropy(tf, f, Y);
    const gF = tf.div(tf.sub(tf.softmax(f), Y), x.shape[0]) as TF.Tensor2D;
    // The transposes are of small operands (B x m, m x k): a plain matMul after them is wasm's fast path.
    const u = tf.matMul(tf.transpose(h0), gF) as TF.Tensor2D;
    const gDz = tf.mul(tf.matMul(gF, tf.transpose(at.uTilde)), s) as TF.Tensor2D;
    const thetaT = tf.matMul(xT, gDz) as TF.Tensor2D;
    return { loss, grads: { u, thetaT, b: tf.sum(gF, 0) as TF.Tensor1D } };
  });
}

