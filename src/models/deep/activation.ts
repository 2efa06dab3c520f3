/**
 * The edge-of-chaos family of activations, phi(s) = a s + b |s| (research/deep-papers.md, after Terjék &
 * González-Sánchez's 2501.13225): ReLU is a = b = 1/2, the absolute value |s| is a = 0, b = 1.
 *
 * For a unit-variance Gaussian s, E[phi(s)^2] = (a^2 + b^2) E[s^2] (the cross term a b E[s |s|] vanishes), so the
 * weight multiplier sigma_w with
 *
 *     sigma_w^2 = 1 / (a^2 + b^2)
 *
 * keeps the variance of the pre-activations from layer to layer, and chi = sigma_w^2 E[phi'(s)^2] = 1: the edge of
 * chaos. For ReLU sigma_w^2 = 2 (He et al.'s factor). Delta = b^2 / (a^2 + b^2) is the share of the non-linear
 * part; it sets the arc-cosine terms of the infinite-width kernel (src/kernels/deep-limit-ntk.ts).
 */
import type * as TF from '@tensorflow/tfjs-core';

export interface EdgeOfChaos {
  id: 'relu' | 'abs';
  label: string;
  a: number;
  b: number;
}

export const RELU: EdgeOfChaos = { id: 'relu', label: 'ReLU', a: 0.5, b: 0.5 };
export const ABS: EdgeOfChaos = { id: 'abs', label: '|s|', a: 0, b: 1 };
export const ACTIVATIONS = { relu: RELU, abs: ABS } as const;

/** sigma_w^2 = 1 / (a^2 + b^2). */
export const sigmaW2 = ({ a, b }: EdgeOfChaos) => 1 / (a * a + b * b);

/** Delta_phi = b^2 / (a^2 + b^2): 1/2 for ReLU, 1 for |s|. */
export const nonLinearShare = ({ a, b }: EdgeOfChaos) => (b * b) / (a * a + b * b);

/** phi(g) = a g + b |g|, elementwise. */
export function phi(tf: typeof TF, { a, b }: EdgeOfChaos, g: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(g, a), tf.mul(tf.abs(g), b)) as TF.Tensor2D);
}

/** phi'(g) = a + b sign(g) (at g = 0, a: the mean of the one-sided slopes). */
export function dphi(tf: typeof TF, { a, b }: EdgeOfChaos, g: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(tf.sign(g), b), a) as TF.Tensor2D);
}
