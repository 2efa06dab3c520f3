/**
 * Loss and accuracy of a model on a whole set, in chunks of rows so that no intermediate tensor grows with the
 * set (the tangent model of Figure 10 makes a B x m k product per row): for outputs f_i of rows i = 1..n,
 *
 *     loss     = (1/n) sum_i [ logsumexp f_i - f_i,y_i ]      (softmax cross-entropy, eq. 2)
 *     accuracy = (1/n) #{ i : argmax f_i = y_i }
 *
 * Each chunk's sum is read back and the chunks are added on the host in a fixed order, so the result is the same
 * bits wherever the backend is.
 */
import type * as TF from '@tensorflow/tfjs-core';

/** A set on the device: inputs (n x d, or precomputed features), one-hot labels (n x k) and class indices (n). */
export interface DeviceSet {
  x: TF.Tensor2D;
  Y: TF.Tensor2D;
  labels: TF.Tensor1D;
}

export const CHUNK = 2000;

export async function lossAndAccuracy(
  tf: typeof TF,
  outputs: (x: TF.Tensor2D) => TF.Tensor2D,
  set: DeviceSet,
  chunk = CHUNK,
): Promise<{ loss: number; accuracy: number }> {
  const n = set.x.shape[0];
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const [sum, hits] = tf.tidy(() => {
      const f = outputs(tf.slice(set.x, [start, 0], [size, -1]));
      const Y = tf.slice(set.Y, [start, 0], [size, -1]);
      const labels = tf.slice(set.labels, [start], [size]);
      return [
        tf.sum(tf.sub(tf.logSumExp(f, 1), tf.sum(tf.mul(Y, f), 1))),
        tf.sum(tf.cast(tf.equal(tf.argMax(f, 1), labels), 'int32')),
      ];
    });
    const [s, h] = await Promise.all([sum.data(), hits.data()]);
    tf.dispose([sum, hits]);
    lossSum += s[0];
    correct += h[0];
  }
  return { loss: lossSum / n, accuracy: correct / n };
}

/** A set of n rows uploaded: x (n x d), its one-hot labels and class indices; dispose with `disposeSet`. */
export function deviceSet(tf: typeof TF, x: Float32Array, labels: Uint8Array, d: number, k: number): DeviceSet {
  return tf.tidy(() => {
    const indices = tf.tensor1d(labels, 'int32');
    return { x: tf.tensor2d(x, [labels.length, d]), Y: tf.cast(tf.oneHot(indices, k), 'float32') as TF.Tensor2D, labels: indices };
  });
}

export function disposeSet(tf: typeof TF, set: DeviceSet): void {
  tf.dispose([set.x, set.Y, set.labels]);
}
