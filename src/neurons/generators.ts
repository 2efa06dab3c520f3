/**
 * Generators of neurons theta in R^784 (Figures 8-10): the review's random features, the learned distribution rho
 * (a VAE fitted to the bank of trained neurons), and three closed-form Gaussians fitted to the bank that separate
 * what the learned rows have from what noise has:
 *
 *     gaussian          theta ~ N(0, I)                         the review's random features (theta~ ~ N(0, 1))
 *     vae               theta = r g(z) / ||g(z)||, z ~ N(0, I)  the decoder g of src/neurons/vae, r a bank row norm
 *     full-covariance   theta ~ N(mu, C)                        the bank's mean and full covariance
 *     pixel-variance    theta_p ~ N(mu_p, sigma_p^2)            the bank's per-pixel mean and variance, independent
 *     isotropic         theta ~ N(0, s^2 I)                     E||theta|| = the bank's mean row norm: scale only
 *
 * N(mu, C) is sampled without factorising C (784 x 784): with z ~ N(0, I_N) over the N bank rows,
 * theta = mu + (1/sqrt(N - 1)) sum_i z_i (theta_i - mu) has mean mu and covariance exactly C (src/neurons/moments).
 * Everything is drawn on the host from the project's generator, row by row, in float64, and rounded to float32.
 */
import type { Generator } from '../random/generator';
import { meanGaussianNorm, moments } from './moments';
import { PIXELS } from './row-stats';
import type { VaeDecoder } from './vae-decoder';

export type NeuronSource = 'gaussian' | 'vae' | 'full-covariance' | 'pixel-variance' | 'isotropic';

export const NEURON_SOURCES: { value: NeuronSource; label: string }[] = [
  { value: 'gaussian', label: 'N(0, I): random features' },
  { value: 'vae', label: 'VAE of trained neurons' },
  { value: 'full-covariance', label: 'Gaussian, the bank’s mean and covariance' },
  { value: 'pixel-variance', label: 'Gaussian, the bank’s per-pixel mean and variance' },
  { value: 'isotropic', label: 'N(0, s²I), the bank’s mean norm' },
];

export interface NeuronArtifacts {
  /** The bank's rows theta_i, N x 784 row-major (the neuron-bank artifact's `theta`). */
  bank: Float32Array;
  /** The fitted decoder (the neuron-vae artifact), needed for 'vae' only. */
  vae?: VaeDecoder;
}

/** m neurons from `source`, as an m x 784 row-major array. */
export function sampleNeurons(source: NeuronSource, m: number, rng: Generator, artifacts: NeuronArtifacts): Float32Array {
  if (!Number.isInteger(m) || m < 1) throw new Error(`sampleNeurons: m must be a positive integer (got ${m}).`);
  const d = PIXELS;
  const out = new Float32Array(m * d);
  if (source === 'gaussian') {
    for (let i = 0; i < m * d; i++) out[i] = rng.normal();
    return out;
  }
  if (source === 'vae') {
    if (!artifacts.vae) throw new Error("sampleNeurons('vae') needs the neuron-vae artifact's decoder.");
    return artifacts.vae.sample(m, rng);
  }
  const bank = moments(artifacts.bank, d);
  if (source === 'isotropic') {
    const s = bank.meanNorm / meanGaussianNorm(d);
    for (let i = 0; i < m * d; i++) out[i] = s * rng.normal();
  } else if (source === 'pixel-variance') {
    const sigma = bank.variance.map(Math.sqrt);
    for (let j = 0; j < m; j++) for (let p = 0; p < d; p++) out[j * d + p] = bank.mean[p] + sigma[p] * rng.normal();
  } else if (source === 'full-covariance') {
    const { N, centred, mean } = bank;
    const scale = 1 / Math.sqrt(N - 1);
    const row = new Float64Array(d);
    for (let j = 0; j < m; j++) {
      row.set(mean);
      for (let i = 0; i < N; i++) {
        const z = scale * rng.normal();
        for (let p = 0; p < d; p++) row[p] += z * centred[i * d + p];
      }
      out.set(row, j * d);
    }
  } else {
    throw new Error(`Unknown neuron source "${source}". Known: ${NEURON_SOURCES.map((s) => s.value).join(', ')}.`);
  }
  return out;
}
