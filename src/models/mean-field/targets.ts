/**
 * The target of Figures 6 and 7 and the measurements their panels show.
 *
 * F4 (review §V; figure-specs.md, Figure 6): the m = 4 sigmoid network with u_i = 1, alpha = 1 and
 *
 *     theta*_1..4 = (2, 0), (1, 2), (2, 1), (0, 2),    f*(x) = (1/4) sum_i sigma(theta*_i . x),
 *
 * i.e. the particle system of ./particles.ts at rho_* = (1/4) sum_i delta_[1, theta*_i]. Since |x| ~ 100, each
 * sigma(theta . x) is nearly a step function of the direction of theta, so trained particles gather along the
 * four rays {t theta*_i : t > 0} (angles 0°, 63.43°, 26.57°, 90°) rather than at the points theta*_i.
 *
 * Angles use Math.atan2, which V8 and SpiderMonkey both take from fdlibm; they are measurements for plots and
 * claims, never fed back into training.
 */
import { fromArrays, type Particles } from './particles';

export const THETA_STAR_F4: readonly (readonly [number, number])[] = [
  [2, 0],
  [1, 2],
  [2, 1],
  [0, 2],
];

/** F4 as a particle system: f*(x) = output(F4, x). Shared; never train it. */
export const F4: Particles = fromArrays(new Float64Array([1, 1, 1, 1]), new Float64Array(THETA_STAR_F4.flat()), 2);

const DEGREES = 180 / Math.PI;

/** The direction of each target particle theta*_i in the plane, in degrees, atan2((theta*_i)_2, (theta*_i)_1). */
export function rayAngles(target: Particles = F4): number[] {
  if (target.d !== 2) throw new Error(`rayAngles needs d = 2 (got ${target.d}).`);
  return Array.from({ length: target.m }, (_, i) => Math.atan2(target.theta[2 * i + 1], target.theta[2 * i]) * DEGREES);
}

/**
 * The angle in degrees, in [0, 180], between a and b (d-vectors at offsets ao, bo), by Kahan's formula
 * 2 atan2(|a/|a| - b/|b||, |a/|a| + b/|b||), accurate also for nearly parallel vectors; NaN if either is zero.
 */
export function angleBetween(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let na = 0;
  let nb = 0;
  for (let k = 0; k < d; k++) {
    na += a[ao + k] * a[ao + k];
    nb += b[bo + k] * b[bo + k];
  }
  na = Math.sqrt(na);
  nb = Math.sqrt(nb);
  let diff = 0;
  let sum = 0;
  for (let k = 0; k < d; k++) {
    const ea = a[ao + k] / na;
    const eb = b[bo + k] / nb;
    diff += (ea - eb) * (ea - eb);
    sum += (ea + eb) * (ea + eb);
  }
  return 2 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum)) * DEGREES;
}

/** For every particle j, the angle in degrees between theta_j and the nearest target ray. */
export function angleToNearestRay(p: Particles, target: Particles = F4): Float64Array {
  if (p.d !== target.d) throw new Error(`Particles in R^${p.d}, target in R^${target.d}.`);
  const out = new Float64Array(p.m);
  for (let j = 0; j < p.m; j++) {
    let best = Infinity;
    for (let i = 0; i < target.m; i++) {
      best = Math.min(best, angleBetween(p.theta, j * p.d, target.theta, i * p.d, p.d));
    }
    out[j] = best;
  }
  return out;
}

/** The fraction of particles with |u_j| < threshold: "wasted neurons" (figure-specs.md, Figure 6 (d)). */
export function wastedFraction(u: Float64Array, threshold = 0.25): number {
  let count = 0;
  for (let j = 0; j < u.length; j++) if (Math.abs(u[j]) < threshold) count++;
  return count / u.length;
}

/** (1/n) sum_i (f_i - fStar_i)^2: the MSE of outputs f against the noise-free target values fStar. */
export function mseToTarget(f: Float64Array, fStar: Float64Array, n = fStar.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (f[i] - fStar[i]) * (f[i] - fStar[i]);
  return s / n;
}
