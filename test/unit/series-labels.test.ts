/** The verdict box names series and points for readers (components/series-labels.ts). */
import { describe, expect, it } from 'vitest';
import { humanise, patternLabel, pointLabel, seriesLabel } from '../../components/series-labels';

describe('series labels', () => {
  it('writes quantities with the chapters\' symbols and settings with spaces', () => {
    expect(seriesLabel('dtheta[t=0.3]')).toBe('d_θ, t = 0.3');
    expect(seriesLabel('du[m=100]')).toBe('d_u, m = 100');
    expect(seriesLabel('theta1[α=10]')).toBe('θ₁, α = 10');
    expect(seriesLabel('line[m=100, seed=1]')).toBe('line, m = 100, seed = 1');
    expect(seriesLabel('linearisedTrainLoss[synthetic, m=128]')).toBe('linearised train loss, synthetic, m = 128');
    expect(seriesLabel('accuracy[lr 0.1, μ 0.5, θ̃ ~ N(0,1), batch 128]')).toBe('accuracy, lr 0.1, μ 0.5, θ̃ ~ N(0,1), batch 128');
    expect(seriesLabel('mse')).toBe('MSE');
  });

  it('names a rule\'s pattern', () => {
    expect(patternLabel('dtheta*')).toBe('every d_θ series');
    expect(patternLabel('spread')).toBe('spread');
  });

  it('names a point by the figure\'s x series of the same length, else by its position', () => {
    const series = { epoch: [1, 2, 3], 'dtheta[t=0]': [3, 2, 1], iteration: [0, 10, 20, 30], 'loss[m=4]': [4, 3, 2, 1], other: [1, 2] };
    expect(pointLabel(series, 'dtheta[t=0]', 1)).toBe('epoch 2');
    expect(pointLabel(series, 'loss[m=4]', 3)).toBe('iteration 30');
    expect(pointLabel(series, 'other', 0)).toBe('point 1 of 2');
    expect(pointLabel({ alpha: [1, 10], dtheta: [5, 1] }, 'dtheta', 1)).toBe('α = 10');
  });

  it('rewrites the agreement\'s "<series> at index <i>" and bare bracketed names in sentences', () => {
    const series = { epoch: [1, 2], 'dtheta[t=0.3]': [1, 2], 'dtheta[t=0]': [1, 2] };
    expect(humanise('dtheta[t=0.3] at index 1 is off by 2e-3', series)).toBe('d_θ, t = 0.3 at epoch 2 is off by 2e-3');
    expect(humanise('decreases: dtheta[t=0] = 1.000, dtheta[t=0.3] = 0.5', series)).toBe('decreases: d_θ, t = 0 = 1.000, d_θ, t = 0.3 = 0.5');
    expect(humanise('no names here', series)).toBe('no names here');
  });
});
