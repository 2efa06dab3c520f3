/**
 * The generators of neurons (src/neurons/generators): each matches the moments of the bank it is fitted to
 * (mean row, per-pixel variance, row norm, and for the full covariance the correlation of neighbouring pixels),
 * within sampling error, and draws the same rows for the same seed.
 */
import { describe, expect, it } from 'vitest';
import { generator } from '../../src/random/generator';
import { sampleNeurons, type NeuronSource } from '../../src/neurons/generators';
import { meanGaussianNorm, moments } from '../../src/neurons/moments';
import { PIXELS, SIDE, smoothness } from '../../src/neurons/row-stats';
import { vaeDecoder } from '../../src/neurons/vae-decoder';

const d = PIXELS;

/** A bank of smooth rows: random combinations of a few Gaussian bumps, plus an offset image shared by all rows. */
function smoothBank(N: number): Float32Array {
  const rng = generator(7, 'test/bank');
  const bumps = Array.from({ length: 6 }, () => ({ r: 4 + 20 * rng.uniform(), c: 4 + 20 * rng.uniform(), w: 2 + 3 * rng.uniform() }));
  const image = (b: (typeof bumps)[number]) =>
    Float64Array.from({ length: d }, (_, p) => Math.exp(-(((Math.floor(p / SIDE) - b.r) ** 2 + ((p % SIDE) - b.c) ** 2) / (2 * b.w ** 2))));
  const basis = bumps.map(image);
  const rows = new Float32Array(N * d);
  for (let i = 0; i < N; i++) {
    const a = basis.map(() => rng.normal());
    for (let p = 0; p < d; p++) rows[i * d + p] = 0.3 * basis[0][p] + a.reduce((s, ak, k) => s + ak * basis[k][p], 0);
  }
  return rows;
}

const bank = smoothBank(300);
const bankMoments = moments(bank, d);

/** Mean and variance of each pixel over the M rows of `rows`. */
function pixelMoments(rows: Float32Array) {
  const M = rows.length / d;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let j = 0; j < M; j++) for (let p = 0; p < d; p++) mean[p] += rows[j * d + p] / M;
  for (let j = 0; j < M; j++) for (let p = 0; p < d; p++) variance[p] += (rows[j * d + p] - mean[p]) ** 2 / (M - 1);
  return { M, mean, variance };
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** sum_p (mean_p - mu_p)^2 / sum_p sigma_p^2: about 1/M for M independent samples of the bank's moments. */
function meanError(rows: Float32Array) {
  const { M, mean } = pixelMoments(rows);
  let e = 0;
  for (let p = 0; p < d; p++) e += (mean[p] - bankMoments.mean[p]) ** 2;
  return { M, ratio: e / sum(bankMoments.variance) };
}

/** Mean neighbouring-pixel correlation of rows minus the bank's mean row. */
function centredSmoothness(rows: Float32Array) {
  const M = rows.length / d;
  const centred = new Float32Array(rows.length);
  for (let j = 0; j < M; j++) for (let p = 0; p < d; p++) centred[j * d + p] = rows[j * d + p] - bankMoments.mean[p];
  let s = 0;
  for (let j = 0; j < M; j++) s += smoothness(centred, j);
  return s / M;
}

describe('sampleNeurons', () => {
  it('gaussian: entries N(0, 1)', () => {
    const rows = sampleNeurons('gaussian', 200, generator(1, 'test/gaussian'), { bank });
    const n = rows.length;
    const mean = sum(rows) / n;
    const variance = sum(rows.map((v) => (v - mean) ** 2)) / n;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('isotropic: mean row norm equal to the bank\'s, no structure', () => {
    const M = 500;
    const rows = sampleNeurons('isotropic', M, generator(2, 'test/isotropic'), { bank });
    let norm = 0;
    for (let j = 0; j < M; j++) norm += Math.hypot(...rows.subarray(j * d, (j + 1) * d)) / M;
    expect(Math.abs(norm / bankMoments.meanNorm - 1)).toBeLessThan(0.005);
    let s = 0;
    for (let j = 0; j < M; j++) s += smoothness(rows, j) / M;
    expect(Math.abs(s)).toBeLessThan(0.01);
  });

  it.each(['pixel-variance', 'full-covariance'] as NeuronSource[])('%s: the bank\'s mean row and per-pixel variance', (source) => {
    const rows = sampleNeurons(source, 2000, generator(3, `test/${source}`), { bank });
    const { M, ratio } = meanError(rows);
    expect(ratio).toBeLessThan(2 / M);
    expect(ratio).toBeGreaterThan(0.5 / M); // and not suspiciously exact: these are samples
    const { variance } = pixelMoments(rows);
    expect(Math.abs(sum(variance) / sum(bankMoments.variance) - 1)).toBeLessThan(0.05);
    // Pixel by pixel, over the pixels that carry most of the variance.
    const strong = [...bankMoments.variance.keys()].filter((p) => bankMoments.variance[p] > 0.1 * Math.max(...bankMoments.variance));
    for (const p of strong) expect(Math.abs(variance[p] / bankMoments.variance[p] - 1)).toBeLessThan(0.15);
  });

  it('full-covariance keeps the correlation of neighbouring pixels; pixel-variance loses it', () => {
    const bankSmoothness = centredSmoothness(bank);
    expect(bankSmoothness).toBeGreaterThan(0.8);
    const full = centredSmoothness(sampleNeurons('full-covariance', 500, generator(4, 'test/full'), { bank }));
    const pixel = centredSmoothness(sampleNeurons('pixel-variance', 500, generator(4, 'test/pixel'), { bank }));
    expect(Math.abs(full - bankSmoothness)).toBeLessThan(0.03);
    expect(Math.abs(pixel)).toBeLessThan(0.05);
  });

  it('vae: decoded directions with norms drawn from the bank\'s', () => {
    const rng = generator(5, 'test/decoder');
    const [k, H] = [4, 16];
    const norms = Float32Array.from([1, 2, 3]);
    const decoder = vaeDecoder({
      payloads: { W1: rng.normals(k * H), b1: rng.normals(H), W2: rng.normals(H * d), b2: rng.normals(d), norms },
      shapes: { W1: [k, H], b1: [H], W2: [H, d], b2: [d], norms: [3] },
    });
    const rows = sampleNeurons('vae', 30, generator(6, 'test/vae'), { bank, vae: decoder });
    for (let j = 0; j < 30; j++) {
      const r = Math.hypot(...rows.subarray(j * d, (j + 1) * d));
      expect(Math.min(...[1, 2, 3].map((n) => Math.abs(r - n)))).toBeLessThan(1e-5);
    }
    expect(() => sampleNeurons('vae', 1, generator(6, 'x'), { bank })).toThrow(/neuron-vae/);
  });

  it.each(['gaussian', 'isotropic', 'pixel-variance', 'full-covariance'] as NeuronSource[])('%s: the same rows for the same seed, others for another', (source) => {
    const draw = (seed: number) => sampleNeurons(source, 5, generator(seed, 'test/same'), { bank });
    expect(draw(11)).toEqual(draw(11));
    expect(draw(11)).not.toEqual(draw(12));
  });

  it('rejects a bad m and an unknown source', () => {
    expect(() => sampleNeurons('gaussian', 0, generator(1, 'x'), { bank })).toThrow(/positive integer/);
    expect(() => sampleNeurons('nonsense' as NeuronSource, 1, generator(1, 'x'), { bank })).toThrow(/Unknown neuron source/);
  });
});

describe('meanGaussianNorm', () => {
  it('is E||z|| for z ~ N(0, I_d)', () => {
    expect(meanGaussianNorm(1)).toBeCloseTo(Math.sqrt(2 / Math.PI), 14);
    expect(meanGaussianNorm(2)).toBeCloseTo(Math.sqrt(Math.PI / 2), 14);
    expect(meanGaussianNorm(3)).toBeCloseTo(2 * Math.sqrt(2 / Math.PI), 14);
    // Its asymptotics: sqrt(d - 1/2) + O(d^-3/2).
    expect(Math.abs(meanGaussianNorm(784) - Math.sqrt(783.5))).toBeLessThan(1e-4);
  });
});
