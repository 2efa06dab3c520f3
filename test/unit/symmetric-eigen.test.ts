/**
 * The Jacobi eigen-solver (src/math/symmetric-eigen). Oracles: the closed form of a 2 x 2 symmetric matrix; matrices
 * built as Q diag(lambda) Q^T with a known spectrum (Q a product of Householder reflections); the defining
 * identities A v = lambda v and V^T V = I; the trace; positive semi-definiteness of a Gram matrix.
 */
import { describe, expect, it } from 'vitest';
import { smallestEigenvalue, symmetricEigen } from '../../src/math/symmetric-eigen';
import { generator } from '../../src/random/generator';

/** Q diag(lambda) Q^T, Q = H_1 H_2 H_3 with Householder reflections H = I - 2 v v^T / v.v of random v. */
function withSpectrum(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const g = generator(seed, 'test/eigen');
  let Q = Float64Array.from({ length: n * n }, (_, e) => (Math.floor(e / n) === e % n ? 1 : 0));
  for (let r = 0; r < 3; r++) {
    const v = Array.from({ length: n }, () => g.normal());
    const vv = v.reduce((s, x) => s + x * x, 0);
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += Q[i * n + k] * ((k === j ? 1 : 0) - (2 * v[k] * v[j]) / vv);
        next[i * n + j] = s;
      }
    }
    Q = next;
  }
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i * n + k] * lambda[k] * Q[j * n + k];
      A[i * n + j] = A[j * n + i] = s;
    }
  }
  return A;
}

describe('symmetricEigen', () => {
  it('a 2 x 2 matrix: (a + c)/2 -+ sqrt(((a - c)/2)^2 + b^2)', () => {
    const [a, b, c] = [2.5, -1.25, 0.75];
    const { values } = symmetricEigen([a, b, b, c], 2);
    const r = Math.hypot((a - c) / 2, b);
    expect(values[0]).toBeCloseTo((a + c) / 2 - r, 14);
    expect(values[1]).toBeCloseTo((a + c) / 2 + r, 14);
  });

  it('a diagonal matrix: its diagonal, sorted, with unit vectors', () => {
    const { values, vectors } = symmetricEigen([3, 0, 0, 0, -1, 0, 0, 0, 2], 3);
    expect(values).toEqual([-1, 2, 3]);
    expect(Array.from(vectors)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it('32 x 32 with a known spectrum (clustered, negative and tiny eigenvalues): recovered to 1e-12', () => {
    const lambda = Array.from({ length: 32 }, (_, k) => (k < 4 ? 1 + 1e-9 * k : k < 8 ? -k : 1e-6 * k + 0.01 * k * k));
    const { values } = symmetricEigen(withSpectrum(lambda, 1), 32);
    const sorted = [...lambda].sort((x, y) => x - y);
    values.forEach((v, k) => expect(Math.abs(v - sorted[k])).toBeLessThan(1e-12 * 10));
  });

  it('a random symmetric 32 x 32: A V = V Lambda, V^T V = I, the trace is the sum of eigenvalues', () => {
    const n = 32;
    const g = generator(2, 'test/eigen-random');
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i * n + j] = A[j * n + i] = g.normal();
    const { values, vectors: V } = symmetricEigen(A, n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let Av = 0;
        for (let k = 0; k < n; k++) Av += A[i * n + k] * V[k * n + j];
        expect(Math.abs(Av - values[j] * V[i * n + j])).toBeLessThan(1e-12);
      }
      for (let l = 0; l < n; l++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += V[k * n + j] * V[k * n + l];
        expect(Math.abs(dot - (j === l ? 1 : 0))).toBeLessThan(1e-13);
      }
    }
    const trace = Array.from({ length: n }, (_, i) => A[i * n + i]).reduce((s, v) => s + v, 0);
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 11);
  });

  it('a Gram matrix of 40 points in R^5 has rank 5: 35 eigenvalues zero to rounding, the smallest not negative beyond it', () => {
    const g = generator(3, 'test/eigen-gram');
    const [n, d] = [40, 5];
    const X = Array.from({ length: n * d }, () => g.normal());
    const G = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += X[i * d + l] * X[j * d + l];
        G[i * n + j] = G[j * n + i] = s;
      }
    }
    const { values } = symmetricEigen(G, n);
    values.slice(0, n - d).forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-12 * values[n - 1]));
    expect(values[n - d]).toBeGreaterThan(1);
    expect(smallestEigenvalue(G, n)).toBe(values[0]);
  });

  it('refuses a matrix that is not symmetric, not square or not finite', () => {
    expect(() => symmetricEigen([1, 2, 3, 4], 2)).toThrow(/not symmetric/);
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/not 2 x 2/);
    expect(() => symmetricEigen([1, NaN, NaN, 1], 2)).toThrow(/not symmetric|non-finite/);
    expect(() => symmetricEigen([1, Infinity, Infinity, 1], 2)).toThrow(/non-finite/);
  });
});
