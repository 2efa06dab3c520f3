/**
 * Stochastic gradient descent on the two-layer network, with a step size for each layer as in eq. (11)-(13):
 *
 *     u <- u - eta_u dphi/du,     theta <- theta - eta_theta dphi/dtheta,
 *
 * and optional heavy-ball momentum mu with PyTorch's convention (v <- mu v + g; p <- p - eta v; no dampening).
 * The authors' "standard" parametrisation (stored W2 = alpha u / m, one step lr on W2 and theta) is the case
 * eta_u = lr (m / alpha)^2, eta_theta = lr (figure-specs.md §0.1). Old parameter tensors and the gradients are
 * disposed; the velocities live in the optimiser.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { TwoLayer } from '../models/two-layer';

export interface StepSizes {
  etaU: number;
  etaTheta: number;
}

/** The gradients of eq. (2), theta's in the network's layout (theta^T, d x m). */
export interface Gradients {
  dU: TF.Tensor2D;
  dThetaT: TF.Tensor2D;
}

export function sgdStep(
  tf: typeof TF,
  net: TwoLayer,
  grads: Gradients,
  { etaU, etaTheta }: StepSizes,
): TwoLayer {
  const next: TwoLayer = tf.tidy(() => ({
    alpha: net.alpha,
    thetaT: tf.sub(net.thetaT, tf.mul(grads.dThetaT, etaTheta)) as TF.Tensor2D,
    u: tf.sub(net.u, tf.mul(grads.dU, etaU)) as TF.Tensor2D,
  }));
  tf.dispose([net.thetaT, net.u, grads.dU, grads.dThetaT]);
  return next;
}

/** SGD with momentum mu: keeps one velocity per layer; `dispose` when training ends. */
export class MomentumSgd {
  private vU?: TF.Tensor2D;
  private vThetaT?: TF.Tensor2D;

  constructor(
    private tf: typeof TF,
    private mu: number,
    private steps: StepSizes,
  ) {}

  step(net: TwoLayer, grads: Gradients): TwoLayer {
    const { tf, mu } = this;
    const vU = this.vU ? tf.tidy(() => tf.add(tf.mul(this.vU!, mu), grads.dU) as TF.Tensor2D) : tf.clone(grads.dU);
    const vThetaT = this.vThetaT
      ? tf.tidy(() => tf.add(tf.mul(this.vThetaT!, mu), grads.dThetaT) as TF.Tensor2D)
      : tf.clone(grads.dThetaT);
    tf.dispose([grads.dU, grads.dThetaT]);
    this.dispose();
    this.vU = vU;
    this.vThetaT = vThetaT;
    return sgdStep(tf, net, { dU: tf.clone(vU), dThetaT: tf.clone(vThetaT) }, this.steps);
  }

  dispose() {
    this.tf.dispose([this.vU, this.vThetaT].filter((v): v is TF.Tensor2D => v !== undefined));
  }
}
