/**
 * How far the neurons moved from initialisation (figure-specs.md §0.1, "distance metrics"): absolute, per neuron,
 * averaged over neurons, as on the y-axes of the review's Figures 2, 3 and 5:
 *
 *     d_theta = (1/m) sum_j || theta_j - theta~_j ||_2      (columns of theta^T, each a d-vector)
 *     d_u     = (1/m) sum_j || u_j - u~_j ||_2              (columns of u, each a k-vector)
 */
import type * as TF from '@tensorflow/tfjs-core';
import { readScalar } from './read';

/** Mean Euclidean distance between corresponding slices along `axis` (1: rows, 0: columns). */
export function meanNeuronDistance(tf: typeof TF, now: TF.Tensor2D, initial: TF.Tensor2D, axis: 0 | 1): Promise<number> {
  return readScalar(tf, () => tf.mean(tf.sqrt(tf.sum(tf.square(tf.sub(now, initial)), axis))));
}
