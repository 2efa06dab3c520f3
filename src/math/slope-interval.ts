/**
 * The least-squares slope of log y against log x (./log-log-fit.ts) with its standard error and 95 % confidence
 * interval, for claims that a power law rises or falls beyond what noise in the points could produce.
 *
 * With n points (lx_i, ly_i) = (log x_i, log y_i), the fit ly ≈ a + b lx and residuals r_i = ly_i - a - b lx_i,
 *
 *     s^2 = sum r_i^2 / (n - 2),   se(b) = s / sqrt(sum (lx_i - mean lx)^2),   b ± t_{0.975, n-2} se(b),
 *
 * the textbook interval for the slope of a straight-line regression with independent, equal-variance Gaussian
 * errors, t_{0.975, k} being the 97.5 % quantile of Student's t with k degrees of freedom. The logarithms are the
 * project's fdlibm port, as in the fit, so the interval has the same bits in Node and in every browser.
 */
import { log } from '../random/log';
import { logLogFit } from './log-log-fit';

/** t_{0.975, k} for k = 1, ..., 10 degrees of freedom (standard tables, to 3 decimals). */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

export interface SlopeInterval {
  slope: number;
  intercept: number;
  standardError: number;
  /** The 95 % confidence interval of the slope. */
  low: number;
  high: number;
}

export function logLogSlopeInterval(xs: readonly number[], ys: readonly number[]): SlopeInterval {
  const n = xs.length;
  if (n < 3 || n - 2 > T_975.length) throw new Error(`A slope interval needs 3 to ${T_975.length + 2} points (got ${n}).`);
  const { slope, intercept } = logLogFit(xs, ys);
  const lx = xs.map(log);
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  let rss = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    rss += (log(ys[i]) - intercept - slope * lx[i]) ** 2;
    sxx += (lx[i] - mx) ** 2;
  }
  const standardError = Math.sqrt(rss / (n - 2) / sxx);
  const half = T_975[n - 3] * standardError;
  return { slope, intercept, standardError, low: slope - half, high: slope + half };
}
