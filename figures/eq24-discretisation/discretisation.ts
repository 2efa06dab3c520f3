/**
 * The measurement of eq. (24), in float64 on the host. A wide network of M units in the mean-field form of eq. (15),
 *
 *     f(rho, x) = (1/M) sum_j u_j h(theta_j . x),     u_j = M W2_j   (the stored output weights W2, k x M),
 *
 * is the continuous network of its empirical measure rho = (1/M) sum_j delta_(u_j, theta_j) (the output bias is
 * not a unit and cancels from every difference below). Drawing m units j_1..j_m i.i.d. from rho (uniformly, with
 * replacement) gives the discrete network f_m(x) = (1/m) sum_l u_(j_l) h(theta_(j_l) . x), and
 *
 *     E ||f_m(x) - f(rho, x)||^2 = (1/m) int ||u h(theta . x) - f(rho, x)||^2 d rho          (eq. 24)
 *                                = (1/m) [ (1/M) sum_j ||u_j||^2 h_j(x)^2 - ||f(rho, x)||^2 ].
 *
 * The same function is the continuous network of other measures: rho_p puts mass p_j on the unit
 * (u_j / (M p_j), theta_j), so that f(rho_p, x) = f(rho, x); drawing from rho_p means drawing j with probability p_j
 * and weighting it by 1 / (M p_j), and eq. (24) for rho_p reads
 *
 *     E ||f_m - f||^2 = (1/m) [ sum_j ||u_j||^2 h_j(x)^2 / (M^2 p_j) - ||f(rho, x)||^2 ].
 *
 * p_j = 1/M is rho itself. The review's batch-normalised measure takes p_j ∝ a_j = ||u_j|| rms h_j, the output
 * weight of unit j once its activation is rescaled to (1/N) sum_i h_j(x_i)^2 = 1: under rho_p every unit then has the
 * same normalised output weight, mean_j a_j (the review: at the optimum, ||u|| is nearly constant over rho).
 *
 * Everything is averaged over N inputs x_i. Activations come unit-major: h[j N + i] = h(theta_j . x_i). `p` absent
 * means p_j = 1/M.
 */

export interface Units {
  /** h(theta_j . x_i) at h[j * N + i], M x N. */
  h: Float32Array;
  /** W2 (k x M, row-major): W2[c * M + j] = u_j[c] / M. */
  W2: Float32Array;
  M: number;
  N: number;
  k: number;
}

/** f(rho, x_i) (N x k, row-major), the bias left out. */
export function continuousOutput({ h, W2, M, N, k }: Units): Float64Array {
  const f = new Float64Array(N * k);
  for (let j = 0; j < M; j++) {
    for (let c = 0; c < k; c++) {
      const w = W2[c * M + j];
      if (w === 0) continue;
      for (let i = 0; i < N; i++) f[i * k + c] += w * h[j * N + i];
    }
  }
  return f;
}

/** (1/N) sum_i ||f(rho, x_i)||^2. */
export function meanSquare(f: Float64Array, N: number): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += f[i] * f[i];
  return s / N;
}

/** ||u_j||^2 (1/N) sum_i h_j(x_i)^2 for each unit, u_j = M W2_j. */
function unitPowers({ h, W2, M, N, k }: Units): Float64Array {
  return Float64Array.from({ length: M }, (_, j) => {
    let u2 = 0;
    for (let c = 0; c < k; c++) u2 += (M * W2[c * M + j]) ** 2;
    let h2 = 0;
    for (let i = 0; i < N; i++) h2 += h[j * N + i] ** 2;
    return (u2 * h2) / N;
  });
}

/** The integral of eq. (24) for rho_p, averaged over the inputs: (1/N) sum_i int ||u h(theta . x_i) - f(rho, x_i)||^2 d rho_p. */
export function unitVariance(units: Units, f: Float64Array, p?: ArrayLike<number>): number {
  const { M } = units;
  let s = 0;
  unitPowers(units).forEach((power, j) => {
    const pj = p ? p[j] : 1 / M;
    if (pj > 0) s += power / (M * M * pj);
  });
  return s - meanSquare(f, units.N);
}

/** (1/N) sum_i ||f_m(x_i) - f(rho, x_i)||^2 for the units `drawn` from rho_p (m of them, repeats allowed). */
export function subsampleError(units: Units, f: Float64Array, drawn: ArrayLike<number>, p?: ArrayLike<number>): number {
  const { h, W2, M, N, k } = units;
  const m = drawn.length;
  const g = new Float64Array(N * k);
  for (let l = 0; l < m; l++) {
    const j = drawn[l];
    const weight = p ? 1 / (M * p[j]) : 1;
    for (let c = 0; c < k; c++) {
      const u = (weight * M * W2[c * M + j]) / m; // the drawn unit's u, over m
      for (let i = 0; i < N; i++) g[i * k + c] += u * h[j * N + i];
    }
  }
  let s = 0;
  for (let i = 0; i < g.length; i++) s += (g[i] - f[i]) ** 2;
  return s / N;
}

/** a_j / mean_j a_j, with a_j = ||u_j|| rms h_j, the output weight of unit j with its activation normalised. */
export function normalisedWeights(units: Units): number[] {
  const a = Array.from(unitPowers(units), Math.sqrt);
  const mean = a.reduce((x, y) => x + y, 0) / units.M;
  return a.map((x) => x / mean);
}

/** The batch-normalised measure's probabilities, p_j = a_j / sum_j a_j. */
export function normalisedMeasure(units: Units): number[] {
  return normalisedWeights(units).map((w) => w / units.M);
}
