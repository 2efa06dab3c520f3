/** Draws from a discrete distribution (src/random/discrete): frequencies, and entries of probability 0. */
import { describe, expect, it } from 'vitest';
import { drawWithReplacement } from '../../src/random/discrete';
import { generator } from '../../src/random/generator';

describe('drawWithReplacement', () => {
  it('draws with replacement at the given frequencies and never a unit of probability 0', () => {
    const p = Float64Array.from([0.5, 0, 0.3, 0.2, 0]);
    const draws = drawWithReplacement(generator(1, 'test/discrete'), p, 20000);
    const counts = [0, 0, 0, 0, 0];
    for (const j of draws) counts[j]++;
    expect(counts[1]).toBe(0);
    expect(counts[4]).toBe(0);
    // Within 5 binomial standard deviations of the expected counts.
    for (const j of [0, 2, 3]) expect(Math.abs(counts[j] - 20000 * p[j])).toBeLessThan(5 * Math.sqrt(20000 * p[j] * (1 - p[j])));
  });

  it('refuses a distribution of total weight 0', () => {
    expect(() => drawWithReplacement(generator(1, 'test/discrete'), [0, 0], 1)).toThrow(/positive total/);
  });
});
