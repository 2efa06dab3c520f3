/**
 * Adam with PyTorch's semantics (torch.optim.Adam), as the review's Repopulation scripts use it (figure-specs.md
 * §0.1): for each parameter p with gradient g, at step t = 1, 2, ...
 *
 *     g <- g + wd p                      (coupled L2, `weight_decay`: added to the gradient, not AdamW)
 *     m <- beta1 m + (1 - beta1) g,      v <- beta2 v + (1 - beta2) g^2
 *     p <- p - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 *
 * with beta = (0.9, 0.999), eps = 1e-8 by default. Parameters are a record of named tensors; `step` takes the
 * record and its gradients (same names), disposes both, and returns the updated record. The moments live in the
 * optimiser until `dispose`.
 */
import type * as TF from '@tensorflow/tfjs-core';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Coupled L2: wd p is added to the gradient before the moments. */
  weightDecay?: number;
}

export type Parameters = Record<string, TF.Tensor>;

export class Adam {
  private t = 0;
  private m: Parameters = {};
  private v: Parameters = {};
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;

  constructor(
    private tf: typeof TF,
    private options: AdamOptions,
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
  }

  step<P extends Parameters>(params: P, grads: { [K in keyof P]: TF.Tensor }): P {
    const { tf, beta1, beta2, eps, weightDecay } = this;
    this.t += 1;
    // The bias corrections, in float64 on the host, folded into one step size and one epsilon:
    // p - lr m^ / (sqrt(v^) + eps) = p - (lr / c1) m / (sqrt(v) / sqrt(c2) + eps).
    const c1 = 1 - beta1 ** this.t;
    const sqrtC2 = Math.sqrt(1 - beta2 ** this.t);
    const next = {} as P;
    for (const name of Object.keys(params) as (keyof P & string)[]) {
      const p = params[name];
      const [m, v, updated] = tf.tidy(() => {
        const g = weightDecay ? tf.add(grads[name], tf.mul(p, weightDecay)) : grads[name];
        const m = this.m[name] ? tf.add(tf.mul(this.m[name], beta1), tf.mul(g, 1 - beta1)) : tf.mul(g, 1 - beta1);
        const v = this.v[name]
          ? tf.add(tf.mul(this.v[name], beta2), tf.mul(tf.square(g), 1 - beta2))
          : tf.mul(tf.square(g), 1 - beta2);
        const denominator = tf.add(tf.div(tf.sqrt(v), sqrtC2), eps);
        return [m, v, tf.sub(p, tf.mul(tf.div(m, denominator), this.options.lr / c1))];
      });
      tf.dispose([this.m[name], this.v[name], p, grads[name]].filter((x): x is TF.Tensor => x !== undefined));
      this.m[name] = m;
      this.v[name] = v;
      next[name] = updated as P[typeof name];
    }
    return next;
  }

  dispose() {
    this.tf.dispose([...Object.values(this.m), ...Object.values(this.v)]);
    this.m = {};
    this.v = {};
  }
}
