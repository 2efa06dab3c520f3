/** The eq. (24) figure's parameters and series names (shared by the run, the panels and the claims). */

export type Eq24Params = {
  M: number;
  pretraining: string;
  weightDecay: number;
  grid: string;
  draws: number;
  seed: number;
};

export const MODELS = ['learned', 'gaussian'] as const;
export type Model = (typeof MODELS)[number];

export const MODEL_LABELS: Record<Model, string> = {
  learned: 'ρ learned (θ and u trained)',
  gaussian: 'ρ Gaussian (θ ~ N(0, I), u trained)',
};

/** How units are drawn: from rho itself (uniformly), or from the batch-normalised measure (∝ ||u_j|| rms h_j, reweighted). */
export const SAMPLINGS = ['uniform', 'normalised'] as const;
export type Sampling = (typeof SAMPLINGS)[number];

/** The four curves, in legend order. */
export const CURVES = MODELS.flatMap((model) => SAMPLINGS.map((sampling) => ({ model, sampling })));

export const curveLabel = (model: Model, sampling: Sampling) =>
  `${model === 'learned' ? 'learned' : 'Gaussian'} ρ, ${sampling === 'uniform' ? 'units drawn uniformly' : 'batch-normalised (drawn ∝ ‖u‖ rms h)'}`;

/** A model's series, e.g. "accuracy[learned]", or one of its curves', e.g. "error[learned, normalised]". */
export const key = (quantity: string, model: Model, sampling?: Sampling) => `${quantity}[${model}${sampling ? `, ${sampling}` : ''}]`;

/** The subsample sizes m: powers of two from the grid's first to its last value. */
export function gridOf(p: Eq24Params): number[] {
  const [first, last] = p.grid.split('-').map(Number);
  const sizes: number[] = [];
  for (let m = first; m <= last; m *= 2) sizes.push(m);
  return sizes;
}

/**
 * Below m = 64 the error of a draw is heavy-tailed for a learned measure (a few units carry much of its variance),
 * so the mean of a few draws mostly misses them: a small m is drawn more often, draws * (64 / m) times, so that
 * every m sees at least 64 * draws sampled units.
 */
export const drawsAt = (p: Eq24Params, m: number) => p.draws * Math.max(1, Math.round(64 / m));
