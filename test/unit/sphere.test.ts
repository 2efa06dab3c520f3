/**
 * Points on the sphere x . x = d and their labels (src/data/synthetic/sphere). Oracles: the norm by hand; the
 * moments of the uniform distribution on the sphere (E x = 0, E x x^T = I) and of the labels, each within 4
 * standard errors; determinism of the streams.
 */
import { describe, expect, it } from 'vitest';
import { greatCircle, signLabels, spherePoints, teacherLabels } from '../../src/data/synthetic/sphere';
import { generator } from '../../src/random/generator';

const meanAndSe = (xs: ArrayLike<number>) => {
  const v = Array.from(xs);
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1);
  return { mean, variance, se: Math.sqrt(variance / v.length) };
};

describe('spherePoints', () => {
  it('x . x = d to float32 rounding, the same points from the same stream', () => {
    const [n, d] = [50, 10];
    const X = spherePoints(generator(1, 'test/sphere'), n, d);
    expect(X).toBeInstanceOf(Float32Array);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += X[i * d + l] ** 2;
      expect(Math.abs(s - d) / d).toBeLessThan(3e-7);
    }
    expect(spherePoints(generator(1, 'test/sphere'), n, d)).toEqual(X);
    expect(spherePoints(generator(2, 'test/sphere'), n, d)).not.toEqual(X);
  });

  it('coordinates have mean 0 and mean square 1, and are uncorrelated (uniform on the sphere)', () => {
    const [n, d] = [20000, 4];
    const X = spherePoints(generator(3, 'test/sphere-moments'), n, d);
    for (let l = 0; l < d; l++) {
      const coordinate = Array.from({ length: n }, (_, i) => X[i * d + l]);
      const { mean, se } = meanAndSe(coordinate);
      expect(Math.abs(mean)).toBeLessThan(4 * se);
      const square = meanAndSe(coordinate.map((x) => x * x));
      expect(Math.abs(square.mean - 1)).toBeLessThan(4 * square.se);
      const cross = meanAndSe(Array.from({ length: n }, (_, i) => X[i * d + l] * X[i * d + ((l + 1) % d)]));
      expect(Math.abs(cross.mean)).toBeLessThan(4 * cross.se);
    }
  });
});

describe('greatCircle', () => {
  it('x . x = d, and neighbours are 2 pi / n apart: x_i . x_{i+k} = d cos(2 pi k / n)', () => {
    const [n, d] = [64, 10];
    const X = greatCircle(generator(6, 'test/circle'), n, d);
    const dot = (i: number, k: number) => Array.from({ length: d }, (_, l) => X[i * d + l] * X[k * d + l]).reduce((s, v) => s + v, 0);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(dot(i, i) - d) / d).toBeLessThan(1e-6);
      for (const k of [1, 5, 16, 32]) expect(dot(i, (i + k) % n) / d).toBeCloseTo(Math.cos((2 * Math.PI * k) / n), 5);
    }
  });

  it('the circle lies in a plane: every point is a combination of the first and the quarter-turn point', () => {
    const [n, d] = [16, 7];
    const X = greatCircle(generator(7, 'test/circle'), n, d);
    const t = (i: number) => (2 * Math.PI * i) / n;
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < d; l++) expect(X[i * d + l]).toBeCloseTo(Math.cos(t(i)) * X[l] + Math.sin(t(i)) * X[(n / 4) * d + l], 5);
    }
  });
});

describe('labels', () => {
  it('signs are +-1, half of each within 4 standard errors', () => {
    const y = signLabels(generator(4, 'test/signs'), 10000);
    expect(y.every((v) => v === 1 || v === -1)).toBe(true);
    const { mean, se } = meanAndSe(y);
    expect(Math.abs(mean)).toBeLessThan(4 * se);
  });

  it('the teacher has mean 0 and variance 1 in high dimension, and is not linear in x', () => {
    const [n, d] = [20000, 200];
    const X = spherePoints(generator(5, 'test/teacher-x'), n, d);
    const y = teacherLabels(generator(5, 'test/teacher'), X, d);
    const { mean, variance, se } = meanAndSe(y);
    expect(Math.abs(mean)).toBeLessThan(4 * se);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    // Not odd: y(x) + y(-x) = sqrt(2) (s^2 - 1), not identically 0.
    const minus = teacherLabels(generator(5, 'test/teacher'), X.map((v) => -v), d);
    expect(Math.max(...Array.from(y, (v, i) => Math.abs(v + minus[i])))).toBeGreaterThan(1);
  });
});
