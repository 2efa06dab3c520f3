/**
 * The moments of a bank of neurons (N rows theta_i in R^d, row-major) that the closed-form generators match:
 *
 *     mu        = (1/N) sum_i theta_i                       the mean row
 *     sigma_p^2 = (1/(N-1)) sum_i (theta_ip - mu_p)^2       each pixel's variance
 *     C         = (1/(N-1)) sum_i (theta_i - mu)(theta_i - mu)^T, kept as the centred rows theta_i - mu
 *     r_i       = ||theta_i||                              the row norms, and their mean
 *
 * in float64 on the host, summed in row order. Computed once per bank array (cached by identity).
 */
export interface Moments {
  N: number;
  d: number;
  mean: Float64Array;
  variance: Float64Array;
  /** theta_i - mu, row-major N x d. */
  centred: Float64Array;
  norms: Float64Array;
  meanNorm: number;
}

const cache = new WeakMap<Float32Array, Moments>();

export function moments(rows: Float32Array, d: number): Moments {
  const hit = cache.get(rows);
  if (hit && hit.d === d) return hit;
  const N = rows.length / d;
  if (!Number.isInteger(N) || N < 2) throw new Error(`A bank of neurons needs at least 2 rows of ${d} (got ${rows.length} values).`);
  const mean = new Float64Array(d);
  for (let i = 0; i < N; i++) for (let p = 0; p < d; p++) mean[p] += rows[i * d + p];
  for (let p = 0; p < d; p++) mean[p] /= N;
  const centred = new Float64Array(N * d);
  const variance = new Float64Array(d);
  const norms = new Float64Array(N);
  let meanNorm = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) {
      const v = rows[i * d + p];
      const c = v - mean[p];
      centred[i * d + p] = c;
      variance[p] += c * c;
      s += v * v;
    }
    norms[i] = Math.sqrt(s);
    meanNorm += norms[i];
  }
  for (let p = 0; p < d; p++) variance[p] /= N - 1;
  const result = { N, d, mean, variance, centred, norms, meanNorm: meanNorm / N };
  cache.set(rows, result);
  return result;
}

/**
 * E||z|| for z ~ N(0, I_d), sqrt(2) Gamma((d+1)/2) / Gamma(d/2), by the recursion c_1 = sqrt(2/pi),
 * c_d = (d - 1) / c_{d-1} (from Gamma(x + 1) = x Gamma(x)): no transcendental function but sqrt.
 */
export function meanGaussianNorm(d: number): number {
  let c = Math.sqrt(2 / Math.PI);
  for (let k = 2; k <= d; k++) c = (k - 1) / c;
  return c;
}
