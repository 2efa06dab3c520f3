/**
 * A minibatch (x_i, y_i), i in I, in the layouts the training step multiplies with:
 *
 *     x   (B x d)  the inputs, row i is x_i        (forward:  z = x theta^T)
 *     xT  (d x B)  the same, transposed            (backward: dphi/dtheta^T = x^T g_z)
 *     Y   (B x k)  one-hot labels (k > 1), or the 0/1 labels themselves (k = 1)
 *
 * Both layouts are assembled here, on the host, from the training set's Float32Array: copying rows is exact and
 * costs microseconds, while tfjs-backend-wasm's `gather` (0.6 ms for 128 rows of 196) and `transpose` (0.3 ms)
 * kernels, or a matMul with a transpose flag (5 ms instead of 0.4), would cost more than the step's arithmetic.
 */
import type * as TF from '@tensorflow/tfjs-core';

export interface Batch {
  x: TF.Tensor2D;
  xT: TF.Tensor2D;
  Y: TF.Tensor2D;
}

/** The training set on the host: n rows of d inputs, and a label per row (a class index, or 0/1 when k = 1). */
export interface HostSet {
  x: Float32Array;
  labels: ArrayLike<number>;
  d: number;
  /** Number of outputs: labels are one-hot encoded for k > 1. */
  k: number;
}

/**
 * The batch of rows `indices` (all rows when omitted), uploaded as three tensors; dispose with `disposeBatch`.
 * Each batch gets new host arrays: tfjs's cpu and WebGL backends keep a reference to a typed array they are given
 * (it is uploaded later), so reusing one would change earlier tensors. About 0.1 ms a batch of 128 x 196 here.
 */
export function makeBatch(tf: typeof TF, set: HostSet, indices?: ArrayLike<number>): Batch {
  const { d, k } = set;
  const rows = indices ?? Array.from({ length: set.labels.length }, (_, i) => i);
  const B = rows.length;
  const x = new Float32Array(B * d);
  const xT = new Float32Array(d * B);
  const Y = new Float32Array(B * k);
  for (let i = 0; i < B; i++) {
    const r = rows[i];
    const row = set.x.subarray(r * d, (r + 1) * d);
    x.set(row, i * d);
    for (let l = 0; l < d; l++) xT[l * B + i] = row[l];
    if (k === 1) Y[i] = set.labels[r];
    else Y[i * k + set.labels[r]] = 1;
  }
  return { x: tf.tensor2d(x, [B, d]), xT: tf.tensor2d(xT, [d, B]), Y: tf.tensor2d(Y, [B, k]) };
}

export function disposeBatch(tf: typeof TF, batch: Batch): void {
  tf.dispose([batch.x, batch.xT, batch.Y]);
}
