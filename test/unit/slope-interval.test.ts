import { describe, expect, it } from 'vitest';
import { logLogSlopeInterval } from '../../src/math/slope-interval';

describe('logLogSlopeInterval', () => {
  it('has zero width on an exact power law', () => {
    const xs = [25, 50, 100, 200];
    const { slope, standardError, low, high } = logLogSlopeInterval(xs, xs.map((x) => 2 * x ** -0.5));
    expect(slope).toBeCloseTo(-0.5, 12);
    expect(standardError).toBeLessThan(1e-12);
    expect(high - low).toBeLessThan(1e-11);
  });

  it('is the textbook interval on points worked by hand', () => {
    // log-points (0, 0), (1, 1), (2, 0), (3, 1): slope 0.2, intercept 0.2, residuals -0.2, 0.6, -0.6, 0.2,
    // s^2 = 0.8 / 2 = 0.4, sum (lx - 1.5)^2 = 5, se = sqrt(0.08), t_{0.975, 2} = 4.303.
    const e = Math.E;
    const { slope, intercept, standardError, low, high } = logLogSlopeInterval([1, e, e ** 2, e ** 3], [1, e, 1, e]);
    expect(slope).toBeCloseTo(0.2, 12);
    expect(intercept).toBeCloseTo(0.2, 12);
    expect(standardError).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(low).toBeCloseTo(0.2 - 4.303 * Math.sqrt(0.08), 12);
    expect(high).toBeCloseTo(0.2 + 4.303 * Math.sqrt(0.08), 12);
  });

  it('refuses too few or too many points for its table of t quantiles', () => {
    expect(() => logLogSlopeInterval([1, 2], [1, 2])).toThrow(/3 to 12/);
    const many = Array.from({ length: 13 }, (_, i) => i + 1);
    expect(() => logLogSlopeInterval(many, many)).toThrow(/3 to 12/);
  });
});
