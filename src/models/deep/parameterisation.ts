/**
 * Three parameterisations of the deep network of ./network.ts, for the widths m_0 = d, m_1, ..., m_{L-1}, m_L = 1
 * and an edge-of-chaos activation with sigma_w^2 = 1 / (a^2 + b^2) (./activation.ts). Each draws the same
 * standard normals Z^k (one m_{k-1} x m_k block per layer, k = 1, ..., L in order, row by row, from the generator
 * given) and differs only in where the scale goes:
 *
 *   ntk       W^k = Z^k,  c_1 = 1/sqrt(d),  c_k = sigma_w / sqrt(m_{k-1}) (k >= 2): the NTK parameterisation
 *             (Jacot et al.; research/deep-papers.md, "a working parameterisation"), whose tangent kernel has a
 *             width-independent limit (src/kernels/deep-limit-ntk.ts).
 *   standard  W^k = c_k Z^k with the c_k of ntk, all multipliers 1: He initialisation, N(0, sigma_w^2 / fan_in)
 *             (N(0, 1/d) on the first layer). At initialisation it is the same function as ntk; only its
 *             gradients, and so its tangent kernel, differ (layer k's share is 1/c_k^2 times larger).
 *   mup       ntk with the output multiplier c_L = sigma_w / m_{L-1} in place of sigma_w / sqrt(m_{L-1}), trained
 *             with a learning rate m_{L-1} times larger: f and its kernel are those of ntk divided by
 *             sqrt(m_{L-1}) and m_{L-1}, so the first step moves f by as much as in ntk.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Generator } from '../../random/generator';
import { sigmaW2, type EdgeOfChaos } from './activation';
import { createNetwork, type DeepNetwork } from './network';

export type Parameterisation = 'ntk' | 'standard' | 'mup';

/** The NTK multipliers c_1 = 1/sqrt(m_0), c_k = sigma_w / sqrt(m_{k-1}) for the widths [m_0, ..., m_L]. */
export function ntkMultipliers(sizes: number[], activation: EdgeOfChaos): number[] {
  return sizes.slice(0, -1).map((fanIn, k) => Math.sqrt((k === 0 ? 1 : sigmaW2(activation)) / fanIn));
}

/** Z^1, ..., Z^L: standard normals, m_{k-1} x m_k row-major each, drawn in that order. */
export function drawStandardNormals(g: Generator, sizes: number[]): Float32Array[] {
  return sizes.slice(0, -1).map((fanIn, k) => g.normals(fanIn * sizes[k + 1]));
}

/** The forward multipliers and the weights of a parameterisation, from the draws Z^k. */
export function parameterise(
  parameterisation: Parameterisation,
  sizes: number[],
  Z: Float32Array[],
  activation: EdgeOfChaos,
): { weightsT: Float32Array[]; multipliers: number[] } {
  const c = ntkMultipliers(sizes, activation);
  const L = sizes.length - 1;
  switch (parameterisation) {
    case 'ntk':
      return { weightsT: Z, multipliers: c };
    case 'standard':
      return { weightsT: Z.map((z, k) => z.map((v) => v * c[k])), multipliers: c.map(() => 1) };
    case 'mup':
      return { weightsT: Z, multipliers: c.map((ck, k) => (k === L - 1 ? Math.sqrt(sigmaW2(activation)) / sizes[L - 1] : ck)) };
  }
}

/** The factor by which a parameterisation multiplies a base learning rate: m_{L-1} for mup, 1 otherwise. */
export function learningRateScale(parameterisation: Parameterisation, sizes: number[]): number {
  return parameterisation === 'mup' ? sizes[sizes.length - 2] : 1;
}

/** A freshly initialised network: [d, m_1, ..., m_{L-1}, 1] widths, draws from `g`. */
export function initialise(
  tf: typeof TF,
  g: Generator,
  parameterisation: Parameterisation,
  sizes: number[],
  activation: EdgeOfChaos,
): DeepNetwork {
  if (sizes[sizes.length - 1] !== 1) throw new Error(`The network has one output (got m_L = ${sizes[sizes.length - 1]}).`);
  const { weightsT, multipliers } = parameterise(parameterisation, sizes, drawStandardNormals(g, sizes), activation);
  return createNetwork(tf, sizes, weightsT, multipliers, activation);
}
