/**
 * The empirical neural tangent kernels of the review's Section IV, for the two-layer network of eq. (1) with one
 * output (k = 1),  f(x) = (alpha/m) sum_j u_j h(theta_j . x),  at its initialisation (u~, theta~).
 *
 * Putting the representation (9) into the linearisation (8) gives f_lin(x) - f(x; u~, theta~) =
 * sum_i [ beta^u_i k^u_m(x, x_i) + k^theta_m(x, x_i) beta^theta_i ], with the kernels (the display after eq. (9))
 *
 *     k^u_m(x, x')     = (1/m) sum_j h(theta~_j . x) h(theta~_j . x'),
 *     k^theta_m(x, x') = (1/m) sum_j u~_j u~_j^T grad_theta h(theta~_j, x)^T grad_theta h(theta~_j, x')
 *                      = (1/m) sum_j u~_j^2 h'(theta~_j . x) h'(theta~_j . x') (x . x'),
 *
 * since grad_theta h(theta, x) = h'(theta . x) x. The normalisation is 1/m, whatever alpha: the gradients of f are
 * grad_u f = (alpha/m) h and grad_theta_j f = (alpha/m) u_j h' x, so <grad f(x), grad f(x')> = (alpha^2/m) k_m.
 * Both are averages of m independent terms at a random initialisation,
 *
 *     theta~_j ~ N(0, sigma_w^2 I_d),  u~_j ~ N(0, sigma_u^2)  (the review takes sigma_w = sigma_u = sigma),
 *
 * so each entry also gets its Monte-Carlo standard error, sd_j(term_j) / sqrt(m) (Welford's running variance).
 *
 * Activations: relu (h' = 1[z > 0]), erf (h' = (2/sqrt(pi)) e^{-z^2}), which have the closed-form limits of
 * ./closed-form, and tanh (h' = 1 - h^2, the network of Figures 2-5; no closed form).
 *
 * Plain float64 JavaScript, no tfjs: the Gram matrices are n x n with n small, the cost is n d m for the
 * pre-activations plus n^2 m / 2 for the sums (n = 20, d = 784, m = 10^4: 1.6e8 multiply-adds, a fraction of a
 * second), and the result does not depend on a tfjs backend. Inputs are row-major: X is n x d, theta is m x d.
 */
import type { Generator } from '../random/generator';
import { exp } from '../math/exp';

export type Activation = 'relu' | 'erf' | 'tanh';

/** A two-layer network with one output at initialisation: theta m x d (row j is theta~_j), u of length m. */
export interface ScalarTwoLayer {
  theta: ArrayLike<number>;
  u: ArrayLike<number>;
  m: number;
  d: number;
}

/** An n x n Gram matrix, row-major and symmetric, with the Monte-Carlo standard error of each entry. */
export interface Gram {
  n: number;
  K: Float64Array;
  standardError: Float64Array;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(z) = (2/sqrt(pi)) e^{-z^2} sum_{n >= 0} 2^n z^{2n+1} / (1 3 5 ... (2n+1))  (Abramowitz & Stegun 7.1.6).
 * All terms have the sign of z, so nothing cancels: absolute error below 2e-15 (1.2e-15 at worst against Python's
 * math.erf on [-7, 7] in steps of 0.01). For |z| >= 6, erfc(|z|) < 2.2e-17, so erf(z) = sign(z) in double.
 */
export function erf(z: number): number {
  if (z >= 6) return 1;
  if (z <= -6) return -1;
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * z2) / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * exp(-z2) * sum;
}

/** The activation h and its derivative h'. */
export const activations: Record<Activation, { h: (z: number) => number; dh: (z: number) => number }> = {
  relu: { h: (z) => (z > 0 ? z : 0), dh: (z) => (z > 0 ? 1 : 0) },
  erf: { h: erf, dh: (z) => TWO_OVER_SQRT_PI * exp(-z * z) },
  tanh: {
    h: Math.tanh,
    dh: (z) => {
      const t = Math.tanh(z);
      return 1 - t * t;
    },
  },
};

/** theta~_j ~ N(0, sigma_w^2 I_d) (m x d, drawn first), then u~_j ~ N(0, sigma_u^2), from the project's generator. */
export function initialise(g: Generator, m: number, d: number, sigmaW: number, sigmaU: number): ScalarTwoLayer {
  const theta = g.normals(m * d, sigmaW);
  const u = g.normals(m, sigmaU);
  return { theta, u, m, d };
}

/** The Gram matrices k^u_m(x_i, x_i') and k^theta_m(x_i, x_i') (display after eq. (9)) of the rows x_i of X (n x d). */
export function empiricalKernels(
  X: ArrayLike<number>,
  net: ScalarTwoLayer,
  activation: Activation,
): { u: Gram; theta: Gram } {
  const { m, d, theta, u } = net;
  if (X.length % d !== 0) throw new Error(`X has ${X.length} entries, not a multiple of d = ${d}.`);
  if (theta.length !== m * d || u.length !== m) throw new Error('theta must be m x d and u of length m.');
  const n = X.length / d;
  const { h, dh } = activations[activation];

  // x_i . x_i', the input Gram matrix of the theta-kernel.
  const xx = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = i; k < n; k++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += X[i * d + l] * X[k * d + l];
      xx[i * n + k] = s;
    }
  }

  // Running means and sums of squared deviations (Welford) of the per-neuron terms, upper triangle.
  const meanU = new Float64Array(n * n);
  const m2U = new Float64Array(n * n);
  const meanTheta = new Float64Array(n * n);
  const m2Theta = new Float64Array(n * n);
  const hj = new Float64Array(n); // h(theta~_j . x_i)
  const gj = new Float64Array(n); // u~_j h'(theta~_j . x_i)

  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let l = 0; l < d; l++) z += theta[j * d + l] * X[i * d + l];
      hj[i] = h(z);
      gj[i] = u[j] * dh(z);
    }
    const count = j + 1;
    for (let i = 0; i < n; i++) {
      for (let k = i; k < n; k++) {
        const e = i * n + k;
        const tU = hj[i] * hj[k]; // h(theta~_j . x) h(theta~_j . x')
        const dU = tU - meanU[e];
        meanU[e] += dU / count;
        m2U[e] += dU * (tU - meanU[e]);
        const tTheta = gj[i] * gj[k] * xx[e]; // u~_j^2 h'(theta~_j . x) h'(theta~_j . x') x . x'
        const dTheta = tTheta - meanTheta[e];
        meanTheta[e] += dTheta / count;
        m2Theta[e] += dTheta * (tTheta - meanTheta[e]);
      }
    }
  }
  return { u: gram(n, m, meanU, m2U), theta: gram(n, m, meanTheta, m2Theta) };
}

/** Mirror the upper triangle; standard error sqrt(M2 / (m - 1)) / sqrt(m) (NaN for m = 1). */
function gram(n: number, m: number, mean: Float64Array, m2: Float64Array): Gram {
  const K = new Float64Array(n * n);
  const standardError = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = i; k < n; k++) {
      const se = Math.sqrt(m2[i * n + k] / (m - 1) / m);
      K[i * n + k] = K[k * n + i] = mean[i * n + k];
      standardError[i * n + k] = standardError[k * n + i] = se;
    }
  }
  return { n, K, standardError };
}
