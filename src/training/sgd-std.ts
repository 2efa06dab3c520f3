/**
 * A gradient step on the two-layer network in P-std storage (src/models/two-layer-std), as the authors'
 * `train_standard` and `train_ntk` take it: one step size lr for every stored parameter,
 *
 *     W2 <- W2 - lr dphi/dW2,   theta <- theta - lr dphi/dtheta (as theta^T),   b <- b - lr dphi/db.
 *
 * Since W2 = (alpha/m) u, this is eta_theta = lr and eta_u = lr (m/alpha)^2 in the units of eq. (1)
 * (figure-specs.md §0.1; src/training/width-recipes.ts, 'practical'). Full-batch gradient descent is this step on
 * the whole training set. The old parameter tensors and the gradients are disposed.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { TwoLayerStd } from '../models/two-layer-std';

export interface GradientsStd {
  dW2: TF.Tensor2D;
  dThetaT: TF.Tensor2D;
  dB?: TF.Tensor1D;
}

export function sgdStepStd(tf: typeof TF, net: TwoLayerStd, grads: GradientsStd, lr: number): TwoLayerStd {
  if (!net.b !== !grads.dB) throw new Error('The network has an output bias exactly when its gradients have one.');
  const next: TwoLayerStd = tf.tidy(() => ({
    thetaT: tf.sub(net.thetaT, tf.mul(grads.dThetaT, lr)) as TF.Tensor2D,
    W2: tf.sub(net.W2, tf.mul(grads.dW2, lr)) as TF.Tensor2D,
    ...(net.b && { b: tf.sub(net.b, tf.mul(grads.dB!, lr)) as TF.Tensor1D }),
  }));
  tf.dispose([net.thetaT, net.W2, grads.dW2, grads.dThetaT, ...(net.b ? [net.b, grads.dB!] : [])]);
  return next;
}
