/** Figure 11's samplers (figures/fig11-importance/samplers): the three distributions and drawing from them. */
import { describe, expect, it } from 'vitest';
import { columnNorms, columnStds, unitProbabilities } from '../../figures/fig11-importance/samplers';

describe('Figure 11 samplers', () => {
  it('column norms and standard deviations (1/B normalisation)', () => {
    // W2 is 2 x 3: columns (3, 4), (0, 0), (1, 0).
    expect(Array.from(columnNorms([3, 0, 1, 4, 0, 0], 2, 3))).toEqual([5, 0, 1]);
    // h is 2 x 2: columns (1, 3) and (2, 2).
    expect(Array.from(columnStds([1, 2, 3, 2], 2, 2))).toEqual([1, 0]);
  });

  it('the probabilities are uniform, ∝ ‖u‖, or ∝ ‖u‖ std h', () => {
    const norms = Float64Array.from([1, 3, 0, 4]);
    const stds = Float64Array.from([2, 1, 5, 0.5]);
    expect(Array.from(unitProbabilities('uniform', norms, stds))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(unitProbabilities('norm', norms, stds))).toEqual([0.125, 0.375, 0, 0.5]);
    expect(Array.from(unitProbabilities('importance', norms, stds))).toEqual([2 / 7, 3 / 7, 0, 2 / 7]);
    expect(() => unitProbabilities('norm', new Float64Array(3), stds)).toThrow(/weight 0/);
  });
});
