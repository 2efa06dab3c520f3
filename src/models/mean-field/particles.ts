/**
 * The particle system of the mean-field view (review §V). A two-layer network with m hidden units is the
 * empirical measure of its m particles [u_j, theta_j] (u_j in R, theta_j in R^d),
 *
 *     rho_m = (1/m) sum_j delta_[u_j, theta_j],
 *
 * and its output is eq. (15) at rho = rho_m, which is eq. (1) with one output:
 *
 *     f(rho_m, x) = ∫ alpha u h(theta, x) d rho_m(u, theta) = (alpha/m) sum_j u_j sigma(theta_j . x),     (15)
 *
 * with h(theta, x) = sigma(theta . x), the logistic sigmoid sigma(z) = 1 / (1 + e^-z), and no biases.
 * Centred: f(rho_m, x) - f(rho_m^0, x), where rho_m^0 is a frozen copy of the initial particles, so the network
 * starts from the zero function whatever alpha is (figure-specs.md, Figure 7; not in the paper). It does not
 * change the gradient's form (f(rho_m^0, .) is constant), only f_i, and costs a second sigmoid per pair.
 *
 * Storage: Float64Array, u[j] = u_j and theta[j d + k] = (theta_j)_k. Float64 because every engine does double
 * arithmetic on JS numbers anyway (Float32 storage would only add a rounding per store and buys no speed in a
 * scalar loop), because the finite-difference tests need double precision, and because with only + - * / and
 * the portable exp (src/math/exp-table.ts) every run gives the same bits in Node and in every browser.
 * Initialisation (figure-specs.md, Figure 6, the authors' MF.ipynb): theta_j ~ N(0, I_d), u_j ~ N(0, 1).
 */
import { expTable } from '../../math/exp-table';
import type { Generator } from '../../random/generator';

export interface Particles {
  readonly m: number;
  readonly d: number;
  /** The scaling of eq. (1): 1 is the mean-field scaling; a large alpha moves toward the NTK regime (Fig. 7). */
  readonly alpha: number;
  /** u_j, j = 0..m-1. */
  readonly u: Float64Array;
  /** theta_j = theta[j d .. j d + d). */
  readonly theta: Float64Array;
  /** The initial particles rho_m^0 when the output is centred, else null. */
  readonly initial: { readonly u: Float64Array; readonly theta: Float64Array } | null;
}

export interface ParticleOptions {
  m: number;
  d: number;
  alpha?: number;
  centred?: boolean;
}

/** sigma(z) = 1 / (1 + e^-z), with the portable table-driven exp: the same bits in every engine. */
export function sigmoid(z: number): number {
  return 1 / (1 + expTable(-z));
}

/**
 * m particles drawn from the generator: first theta_1, ..., theta_m (d standard normals each, in order), then
 * u_1, ..., u_m.
 */
export function initParticles({ m, d, alpha = 1, centred = false }: ParticleOptions, g: Generator): Particles {
  const theta = new Float64Array(m * d);
  for (let i = 0; i < m * d; i++) theta[i] = g.normal();
  const u = new Float64Array(m);
  for (let j = 0; j < m; j++) u[j] = g.normal();
  return fromArrays(u, theta, d, alpha, centred);
}

/** Particles holding the given arrays (not copied); centring freezes a copy of them as rho_m^0. */
export function fromArrays(u: Float64Array, theta: Float64Array, d: number, alpha = 1, centred = false): Particles {
  const m = u.length;
  if (theta.length !== m * d) throw new Error(`theta has ${theta.length} entries; m d = ${m * d}.`);
  const initial = centred ? { u: u.slice(), theta: theta.slice() } : null;
  return { m, d, alpha, u, theta, initial };
}

/** An independent copy (the initial copy too), e.g. to train the same initialisation twice. */
export function cloneParticles(p: Particles): Particles {
  const initial = p.initial && { u: p.initial.u.slice(), theta: p.initial.theta.slice() };
  return { m: p.m, d: p.d, alpha: p.alpha, u: p.u.slice(), theta: p.theta.slice(), initial };
}

/** theta_j . x_i for theta_j = a[ao .. ao + d) and x_i = b[bo .. bo + d). */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let z = 0;
  for (let k = 0; k < d; k++) z += a[ao + k] * b[bo + k];
  return z;
}

/**
 * C_i = sum_j u~_j sigma(theta~_j . x_i) of the frozen initial particles, for the n inputs x_i, into out[0..n):
 * the centring term of a centred output, f_0(x_i) = (alpha/m) C_i. It does not depend on alpha, so systems that
 * start from the same particles and see the same batch (Figure 7's alphas) share one evaluation.
 */
export function centreOn(initial: NonNullable<Particles['initial']>, d: number, x: Float64Array, n: number, out: Float64Array): Float64Array {
  const { u, theta } = initial;
  out.fill(0, 0, n);
  for (let j = 0; j < u.length; j++) {
    const uj = u[j];
    const jd = j * d;
    for (let i = 0; i < n; i++) {
      out[i] += uj * sigmoid(d === 2 ? theta[jd] * x[2 * i] + theta[jd + 1] * x[2 * i + 1] : dot(theta, jd, x, i * d, d));
    }
  }
  return out;
}

/**
 * out[i] = f(rho_m, x_i) of eq. (15) for the n inputs x_i = x[i d .. i d + d); centred, it is
 * (alpha/m) (A_i - C_i) with A_i = sum_j u_j sigma(theta_j . x_i) and C_i from `centreOn` (pass it as `centre`
 * when it is known; otherwise it is computed here, in a new buffer). A_i and C_i are the same sums when the
 * particles are at their start, so the centred output is then exactly 0.
 * When sigma is given (length >= m n) it receives sigma_ji = sigma(theta_j . x_i) at sigma[j n + i], the one
 * evaluation of each (particle, sample) pair that the gradient (./gradient.ts) reuses. Particle by particle
 * (j outer), so sigma and x are read and written contiguously. For d = 2 (every figure's case) theta_j . x_i is
 * written out: the same sum as `dot` (0 + a b = a b up to the sign of a zero, which sigma ignores).
 */
export function output(
  p: Particles,
  x: Float64Array,
  n: number,
  out: Float64Array,
  sigma?: Float64Array,
  centre?: Float64Array,
): void {
  const { m, d, u, theta, initial } = p;
  out.fill(0, 0, n);
  for (let j = 0; j < m; j++) {
    const uj = u[j];
    const jd = j * d;
    const o = j * n;
    for (let i = 0; i < n; i++) {
      const s = sigmoid(d === 2 ? theta[jd] * x[2 * i] + theta[jd + 1] * x[2 * i + 1] : dot(theta, jd, x, i * d, d));
      if (sigma !== undefined) sigma[o + i] = s;
      out[i] += uj * s;
    }
  }
  if (initial !== null) {
    const C = centre ?? centreOn(initial, d, x, n, new Float64Array(n));
    for (let i = 0; i < n; i++) out[i] -= C[i];
  }
  const scale = p.alpha / m;
  for (let i = 0; i < n; i++) out[i] *= scale;
}
