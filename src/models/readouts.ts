/**
 * R independent linear readouts with biases on frozen features, trained side by side (the second stage of the
 * review's Figure 11: the first layer theta of a few units is fixed and only u is learned, a convex problem). For
 * readout r, on the features H_r (B x n) of a batch,
 *
 *     f_r = H_r W_r + b_r       (B x k; W_r is n x k, i.e. u_r transposed, b_r is 1 x k)
 *
 * with the softmax cross-entropy L_r = (1/B) sum_i [ logsumexp f_r(x_i) - f_r(x_i)_{y_i} ]. The readouts are
 * stacked along a leading axis (H: R x B x n, W: R x n x k, b: R x 1 x k) and the objective is sum_r L_r, whose
 * gradient with respect to (W_r, b_r) is that of L_r alone:
 *
 *     g_r    = (softmax(f_r) - Y) / B      (B x k)
 *     dL/dW_r = H_r^T g_r                  (n x k)
 *     dL/db_r = sum_i g_r,i                (1 x k)
 *
 * so one step of an elementwise optimiser (Adam) on the stack is R independent steps.
 */
import type * as TF from '@tensorflow/tfjs-core';

export interface Readouts {
  /** R x n x k. */
  W: TF.Tensor3D;
  /** R x 1 x k. */
  b: TF.Tensor3D;
}

/** Outputs f (R x B x k) of every readout on its features H (R x B x n). */
export function readoutOutputs(tf: typeof TF, net: Readouts, H: TF.Tensor3D): TF.Tensor3D {
  return tf.tidy(() => tf.add(tf.matMul(H, net.W), net.b) as TF.Tensor3D);
}

/** Each readout's mean cross-entropy (R) for outputs f (R x B x k) against one-hot labels Y (B x k). */
export function readoutLosses(tf: typeof TF, f: TF.Tensor3D, Y: TF.Tensor2D): TF.Tensor1D {
  return tf.tidy(() => tf.mean(tf.sub(tf.logSumExp(f, 2), tf.sum(tf.mul(Y, f), 2)), 1) as TF.Tensor1D);
}

/** Each readout's accuracy (R): the fraction of rows whose largest output is the label. */
export function readoutAccuracies(tf: typeof TF, f: TF.Tensor3D, labels: TF.Tensor1D): TF.Tensor1D {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(f, 2), labels), 'float32'), 1) as TF.Tensor1D);
}

/** The losses (R) on a batch and the gradients of their sum with respect to W and b. */
export function readoutGradients(
  tf: typeof TF,
  net: Readouts,
  H: TF.Tensor3D,
  Y: TF.Tensor2D,
): { losses: TF.Tensor1D; dW: TF.Tensor3D; db: TF.Tensor3D } {
  return tf.tidy(() => {
    const f = readoutOutputs(tf, net, H);
    const losses = readoutLosses(tf, f, Y);
    const g = tf.div(tf.sub(tf.softmax(f), Y), H.shape[1]) as TF.Tensor3D;
    const dW = tf.matMul(H, g, true, false) as TF.Tensor3D; // H_r^T g_r: n x k, small
    const db = tf.sum(g, 1, true) as TF.Tensor3D;
    return { losses, dW, db };
  });
}
