/**
 * The learning-rate recipes of the review's width experiments (Figures 1 and 3), with alpha = sqrt(m), as step
 * sizes (eta_u, eta_theta) in the units of eq. (1). figure-specs.md §0.1 and §12:
 *
 *  - "practical" (Fig. 3a, the authors' `train_standard`): one step lr on the stored W2 = alpha u / m and on theta,
 *    so eta_u = lr (m/alpha)^2 = lr m and eta_theta = lr. The paper labels this eta_u/eta_theta = m/alpha.
 *  - "equal" (Fig. 3b, `m.ipynb` cell 8; the paper's ratio eta_u/eta_theta = 1, but not the fixed step of eq. 13):
 *    eta_u = eta_theta = lr m / alpha = lr sqrt(m).
 *  - "constant" (Fig. 3b, cell 6): eta_u = eta_theta = lr sqrt(mMax) for every width, the same raw step the widest
 *    network gets under "equal"; with alpha = sqrt(m) this is the NTK parametrisation at a fixed learning rate,
 *    for which the lazy-training picture predicts distances shrinking like 1/sqrt(m).
 */
import type { StepSizes } from './sgd';
import type { MnistRun } from './train-mnist';

export type WidthRecipe = 'practical' | 'equal' | 'constant';

export const WIDTH_RECIPES: { value: WidthRecipe; label: string }[] = [
  { value: 'practical', label: 'practical: equal steps on W₂ = αu/m and θ (η_u/η_θ = m)' },
  { value: 'equal', label: 'η_u = η_θ = lr·m/α (ratio 1, base lr fixed)' },
  { value: 'constant', label: 'η_u = η_θ, the same raw step for every m' },
];

export function widthSteps(recipe: WidthRecipe, lr: number, m: number, mMax: number): StepSizes {
  const alpha = Math.sqrt(m);
  if (recipe === 'practical') return { etaU: lr * (m / alpha) ** 2, etaTheta: lr };
  const eta = recipe === 'equal' ? (lr * m) / alpha : lr * Math.sqrt(mMax);
  return { etaU: eta, etaTheta: eta };
}

/** The parameters the width experiments share. */
export interface WidthExperiment {
  lr: number;
  n: number;
  epochs: number;
  batch: number;
  seed: number;
}

/**
 * The MNIST run of one width m in Figures 1 and 3: alpha = sqrt(m), plain SGD with the recipe's steps, theta~ and
 * u~ ~ N(0, 1), digits pooled to 14x14; one `init` stream per width and one minibatch order for all widths.
 */
export function widthRun(
  figureId: string,
  recipe: WidthRecipe,
  m: number,
  widths: number[],
  p: WidthExperiment,
  label: string,
  name: (quantity: string) => string,
): MnistRun {
  return {
    m,
    alpha: Math.sqrt(m),
    steps: widthSteps(recipe, p.lr, m, Math.max(...widths)),
    momentum: 0,
    thetaStd: 1,
    epochs: p.epochs,
    batch: p.batch,
    n: p.n,
    pooled: true,
    seed: p.seed,
    streams: { init: `${figureId}/init/m=${m}`, batches: `${figureId}/batches` },
    label,
    name,
  };
}
