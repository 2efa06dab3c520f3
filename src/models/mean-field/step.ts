/**
 * One SGD step on the particles, the discrete-time version of the particle flow eq. (20), and the online
 * batches of Figures 6 and 7 (figure-specs.md, Figure 6; the authors' MF.ipynb).
 *
 * Step, for every particle j (gradients from ./gradient.ts, on a fresh batch):
 *
 *     [u_j, theta_j] <- [u_j, theta_j] - lr d phi / d[u_j, theta_j]
 *                     = [u_j, theta_j] - (lr/m) grad g(rho_m, u_j, theta_j),
 *
 * i.e. eq. (20) with eta dt = lr/m (the authors' raw lr = 10 moves each particle by 10/m times grad g; Figure 7
 * uses lr = 10/alpha^2). Then, optionally, noise:
 *   - 'authors': theta_jk += std xi_jk, xi ~ N(0, 1), on theta only (MF.ipynb: std = 0.01);
 *   - 'paper':   [u_j, theta_j] += sqrt(2 lambda eta) xi_j, xi_j ~ N(0, I_{1+d}), eta = lr/m: the Euler-Maruyama
 *                step of the noisy flow (the SDE after eq. (23)), "add a Gaussian noise of N(0, 2 lambda_p eta(t))
 *                to each GD update step with learning rate eta(t)", eta being the rate that multiplies grad g.
 *                (figure-specs.md instead equates 0.01^2 = 2 lambda eta with eta = lr = 10; with eta = lr/m the
 *                authors' std 0.01 corresponds to lambda = 0.01^2 m / (2 lr).)
 * Noise is drawn particle by particle in index order: for 'paper' u_j then theta_j's d entries; for 'authors'
 * theta_j's d entries.
 *
 * Batch (fresh every step): x_i ~ N(0, inputStd^2 I_d) with inputStd = 100, y_i = f*(x_i) + eps_i with
 * eps_i ~ N(0, noiseStd^2), noiseStd = 0.1; drawn as x_1, ..., x_n (d normals each), then eps_1, ..., eps_n.
 * Every random number comes from the generator streams passed in; no allocation per step.
 */
import type { Generator } from '../../random/generator';
import { gradG, type Batch, type Workspace } from './gradient';
import { output, type Particles } from './particles';

/** A batch drawn from a known target: also holds the noise-free values fStar_i = f*(x_i). */
export interface TargetBatch extends Batch {
  readonly fStar: Float64Array;
}

export type Noise = { kind: 'none' } | { kind: 'authors'; std: number } | { kind: 'paper'; lambda: number };

export interface StepOptions {
  /** The raw SGD rate on phi; each particle moves by lr/m times grad g. */
  lr: number;
  /** R = reg ||u||^2 / m (MF.ipynb: 1e-2 in panels (c)-(h), 0 in (a)). */
  reg?: number;
  noise?: Noise;
}

export interface BatchOptions {
  inputStd?: number;
  noiseStd?: number;
}

const NO_NOISE: Noise = { kind: 'none' };

export function createBatch(n: number, d: number): TargetBatch {
  return { n, x: new Float64Array(n * d), y: new Float64Array(n), fStar: new Float64Array(n) };
}

/** Fills batch with n fresh samples of the target (x ~ N(0, inputStd^2 I), y = f*(x) + N(0, noiseStd^2)). */
export function sampleBatch(
  batch: TargetBatch,
  target: Particles,
  data: Generator,
  { inputStd = 100, noiseStd = 0.1 }: BatchOptions = {},
): void {
  const { n, x, y, fStar } = batch;
  if (x.length !== n * target.d) {
    throw new Error(`The batch holds ${x.length / n}-vectors; the target needs d = ${target.d}.`);
  }
  for (let i = 0; i < n * target.d; i++) x[i] = inputStd * data.normal();
  output(target, x, n, fStar);
  for (let i = 0; i < n; i++) y[i] = fStar[i] + noiseStd * data.normal();
}

/**
 * One SGD step on the batch, then the optional noise (drawn from noiseStream). Returns phi(rho_m) on the batch
 * before the update; ws.f keeps the outputs f(rho_m, x_i) before the update (Figure 6 (a) plots their MSE
 * against the noise-free target).
 */
export function sgdStep(
  p: Particles,
  batch: Batch,
  ws: Workspace,
  { lr, reg = 0, noise = NO_NOISE }: StepOptions,
  noiseStream?: Generator,
): number {
  const { m, d, u, theta } = p;
  const loss = gradG(p, batch, reg, ws);
  const eta = lr / m; /* eq. (20): eta dt */
  for (let j = 0; j < m; j++) u[j] -= eta * ws.gradU[j];
  for (let i = 0; i < m * d; i++) theta[i] -= eta * ws.gradTheta[i];

  if (noise.kind === 'none') return loss;
  if (noiseStream === undefined) throw new Error(`Noise '${noise.kind}' needs a noise stream.`);
  if (noise.kind === 'authors') {
    for (let i = 0; i < m * d; i++) theta[i] += noise.std * noiseStream.normal();
  } else {
    const std = Math.sqrt(2 * noise.lambda * eta);
    for (let j = 0; j < m; j++) {
      u[j] += std * noiseStream.normal();
      for (let k = 0; k < d; k++) theta[j * d + k] += std * noiseStream.normal();
    }
  }
  return loss;
}
