import { describe, expect, it } from 'vitest';
import { logLogFit } from '../../src/math/log-log-fit';

describe('logLogFit', () => {
  it('recovers an exact power law', () => {
    const xs = [10, 30, 100, 300, 1000];
    const { slope, intercept } = logLogFit(xs, xs.map((x) => 3 * x ** -0.5));
    expect(slope).toBeCloseTo(-0.5, 12);
    expect(Math.exp(intercept)).toBeCloseTo(3, 10);
  });

  it('is the least-squares slope for noisy points (checked against the normal equations by hand)', () => {
    // log-points (0,0), (1,1), (2,1): slope = 0.5 by the normal equations.
    const { slope } = logLogFit([1, Math.E, Math.E ** 2], [1, Math.E, Math.E]);
    expect(slope).toBeCloseTo(0.5, 12);
  });

  it('refuses non-positive values and too few points', () => {
    expect(() => logLogFit([1, 2], [1, 0])).toThrow(/positive/);
    expect(() => logLogFit([1], [1])).toThrow(/two/);
  });
});
