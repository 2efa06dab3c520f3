/**
 * Plain stochastic gradient descent on the two-layer network, with the learning rates of eq. (13):
 * eta_u = eta_theta = eta, so  u <- u - eta dphi/du  and  theta <- theta - eta dphi/dtheta.
 * Returns the updated network; the old parameter tensors and the gradients are disposed.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { TwoLayer } from '../models/two-layer';

export function sgdStep(
  tf: typeof TF,
  net: TwoLayer,
  grads: { dU: TF.Tensor2D; dTheta: TF.Tensor2D },
  eta: number,
): TwoLayer {
  const next: TwoLayer = tf.tidy(() => ({
    alpha: net.alpha,
    theta: tf.sub(net.theta, tf.mul(grads.dTheta, eta)) as TF.Tensor2D,
    u: tf.sub(net.u, tf.mul(grads.dU, eta)) as TF.Tensor2D,
  }));
  tf.dispose([net.theta, net.u, grads.dU, grads.dTheta]);
  return next;
}
