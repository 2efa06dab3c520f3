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

export function sgdStep(
  tf: typeof TF,
  net: TwoLayer,
  grads: { dU: TF.Tensor2D; dTheta: TF.Tensor2D },
  { etaU, etaTheta }: StepSizes,
): TwoLayer {
  const next: TwoLayer = tf.tidy(() => ({
    alpha: net.alpha,
    theta: tf.sub(net.theta, tf.mul(grads.dTheta, etaTheta)) as TF.Tensor2D,
    u: tf.sub(net.u, tf.mul(grads.dU, etaU)) as TF.Tensor2D,
  }));
  tf.dispose([net.theta, net.u, grads.dU, grads.dTheta]);
  return next;
}

/** SGD with momentum mu: keeps one velocity per layer; `dispose` when training ends. */
export class MomentumSgd {
  private vU?: TF.Tensor2D;
  private vTheta?: TF.Tensor2D;

  constructor(
    private tf: typeof TF,
    private mu: number,
    private steps: StepSizes,
  ) {}

  step(net: TwoLayer, grads: { dU: TF.Tensor2D; dTheta: TF.Tensor2D }): TwoLayer {
    const { tf, mu } = this;
    const vU = this.vU ? tf.tidy(() => tf.add(tf.mul(this.vU!, mu), grads.dU) as TF.Tensor2D) : tf.clone(grads.dU);
    const vTheta = this.vTheta
      ? tf.tidy(() => tf.add(tf.mul(this.vTheta!, mu), grads.dTheta) as TF.Tensor2D)
      : tf.clone(grads.dTheta);
    tf.dispose([grads.dU, grads.dTheta]);
    this.dispose();
    this.vU = vU;
    this.vTheta = vTheta;
    return sgdStep(tf, net, { dU: tf.clone(vU), dTheta: tf.clone(vTheta) }, this.steps);
  }

  dispose() {
    this.tf.dispose([this.vU, this.vTheta].filter((v): v is TF.Tensor2D => v !== undefined));
  }
}
