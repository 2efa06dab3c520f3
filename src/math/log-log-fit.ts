/**
 * Least-squares line through (log x, log y): y ≈ C x^slope. Used for the power laws of the width figures
 * (distance ∝ m^(-1/2), kernel error ∝ m^(-1/2), spread between seeds vs m).
 *
 *     slope = sum (lx - mean lx)(ly - mean ly) / sum (lx - mean lx)^2,   intercept = mean ly - slope mean lx
 *
 * The logarithms are the project's fdlibm port, so the slope has the same bits in Node and in every browser.
 */
import { log } from '../random/log';

export function logLogFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  if (xs.length !== ys.length || xs.length < 2) throw new Error('A log-log fit needs at least two (x, y) pairs.');
  if (![...xs, ...ys].every((v) => v > 0)) throw new Error('A log-log fit needs positive values.');
  const lx = xs.map(log);
  const ly = ys.map(log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
