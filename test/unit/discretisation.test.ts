/**
 * Eq. (24) on a finite measure (figures/eq24-discretisation/discretisation): averaging the subsampling error over
 * every ordered draw of m units from M (all M^m of them, each as likely under sampling with replacement) gives
 * exactly (1/m) times the per-unit variance, and f(rho, x) is the mean of the units' contributions.
 */
import { describe, expect, it } from 'vitest';
import { continuousOutput, meanSquare, normalisedMeasure, normalisedWeights, subsampleError, unitVariance, type Units } from '../../figures/eq24-discretisation/discretisation';
import { generator } from '../../src/random/generator';

const g = generator(5, 'test/discretisation');
const [M, N, k] = [5, 7, 3];
const units: Units = { h: g.normals(M * N), W2: g.normals(k * M, 0.3), M, N, k };

/** Every sequence of m indices in 0..M-1. */
function sequences(m: number): number[][] {
  if (m === 0) return [[]];
  return sequences(m - 1).flatMap((s) => Array.from({ length: M }, (_, j) => [...s, j]));
}

describe('eq. (24) on an empirical measure', () => {
  it('f(rho, x) is (1/M) sum_j u_j h_j(x) with u_j = M W2_j', () => {
    const f = continuousOutput(units);
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < k; c++) {
        let direct = 0;
        for (let j = 0; j < M; j++) direct += (M * units.W2[c * M + j] * units.h[j * N + i]) / M;
        expect(f[i * k + c]).toBeCloseTo(direct, 12);
      }
    }
  });

  it.each([1, 2, 3])('the mean error over all draws of m = %i units is V/m', (m) => {
    const f = continuousOutput(units);
    const all = sequences(m);
    const mean = all.reduce((s, drawn) => s + subsampleError(units, f, drawn), 0) / all.length;
    expect(mean).toBeCloseTo(unitVariance(units, f) / m, 10);
  });

  it.each([1, 2, 3])('drawing m = %i units from rho_p (weighted 1/(M p_j)), the mean error is V_p/m', (m) => {
    const f = continuousOutput(units);
    const p = normalisedMeasure(units);
    let mean = 0;
    for (const drawn of sequences(m)) mean += drawn.reduce((w, j) => w * p[j], 1) * subsampleError(units, f, drawn, p);
    expect(mean).toBeCloseTo(unitVariance(units, f, p) / m, 10);
    // Under the batch-normalised measure every unit has the same normalised weight, mean_j a_j, so
    // V_p = (mean_j a_j)^2 - mean ||f||^2, the least V_p of any p (Cauchy-Schwarz).
    const a = Array.from({ length: M }, (_, j) => {
      let u2 = 0;
      for (let c = 0; c < k; c++) u2 += (M * units.W2[c * M + j]) ** 2;
      let h2 = 0;
      for (let i = 0; i < N; i++) h2 += units.h[j * N + i] ** 2 / N;
      return Math.sqrt(u2 * h2);
    });
    const meanA = a.reduce((x, y) => x + y, 0) / M;
    expect(unitVariance(units, f, p)).toBeCloseTo(meanA ** 2 - meanSquare(f, N), 9);
    expect(unitVariance(units, f, p)).toBeLessThan(unitVariance(units, f));
    normalisedWeights(units).forEach((w, j) => expect(w).toBeCloseTo(a[j] / meanA, 12));
  });

  it('drawing every unit equally often gives f(rho, x) exactly', () => {
    const f = continuousOutput(units);
    expect(subsampleError(units, f, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4])).toBeCloseTo(0, 12);
    expect(meanSquare(f, N)).toBeGreaterThan(0);
  });

  it('the batch-normalised weights have mean 1 and are all equal when every unit is the same up to sign', () => {
    expect(normalisedWeights(units).reduce((a, b) => a + b, 0) / M).toBeCloseTo(1, 12);
    const h = new Float32Array(M * N).fill(0.5);
    const W2 = new Float32Array(k * M).map((_, i) => (i % 2 ? 0.2 : -0.2));
    for (const a of normalisedWeights({ h, W2, M, N, k })) expect(a).toBeCloseTo(1, 6);
  });
});
