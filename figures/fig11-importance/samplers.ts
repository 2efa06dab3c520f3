/**
 * How Figure 11 picks n units from the wide network: n independent draws, with replacement (as the authors'
 * `np.random.choice(..., p=P)` does), from one of three distributions over the units j = 1..m:
 *
 *     uniform      p_j = 1/m                                   (the authors' main_mnist_us.py)
 *     importance   p_j ∝ ||u_j|| std(h_j)                      (the authors' main_mnist_is.py)
 *     norm         p_j ∝ ||u_j||                               (the review's text: "the corresponding u")
 *
 * ||u_j|| is the norm of unit j's output weights (column j of W2; u_j = m W2_j differs by the constant m, which the
 * normalisation removes) and std(h_j) the standard deviation (1/B normalisation, numpy's default) of its activation
 * tanh(theta_j . x) over a batch of B training images. Everything here is float64 on the host, in a fixed order;
 * the draws themselves are src/random/discrete.ts.
 */
export const SAMPLERS = ['importance', 'norm', 'uniform'] as const;
export type Sampler = (typeof SAMPLERS)[number];

export const SAMPLER_LABELS: Record<Sampler, string> = {
  importance: 'importance: ‖u‖ · std h (authors\' code)',
  norm: 'importance: ‖u‖ (review\'s text)',
  uniform: 'uniform',
};

/** ||W2_j|| for each column j of W2 (k x m, row-major). */
export function columnNorms(W2: ArrayLike<number>, k: number, m: number): Float64Array {
  const norms = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += W2[c * m + j] ** 2;
    norms[j] = Math.sqrt(s);
  }
  return norms;
}

/** std over rows of each column of h (B x m, row-major), with 1/B normalisation. */
export function columnStds(h: ArrayLike<number>, B: number, m: number): Float64Array {
  const mean = new Float64Array(m);
  const squares = new Float64Array(m);
  for (let i = 0; i < B; i++) for (let j = 0; j < m; j++) mean[j] += h[i * m + j] / B;
  for (let i = 0; i < B; i++) for (let j = 0; j < m; j++) squares[j] += (h[i * m + j] - mean[j]) ** 2;
  return squares.map((s) => Math.sqrt(s / B));
}

/** The sampler's probabilities p_j, summing to 1. */
export function unitProbabilities(sampler: Sampler, norms: Float64Array, stds: Float64Array): Float64Array {
  const weights = norms.map((norm, j) => (sampler === 'uniform' ? 1 : sampler === 'norm' ? norm : norm * stds[j]));
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error(`Every unit has weight 0 under the ${sampler} sampler; nothing can be drawn.`);
  return weights.map((w) => w / total);
}
