/**
 * The infinite-width limits of the kernels of ./empirical-ntk (the review's Section IV, after eq. (9)):
 *
 *     k^u_inf(x, x')     = E[ h(w . x) h(w . x') ],                          w ~ N(0, sigma_w^2 I_d),
 *     k^theta_inf(x, x') = E[u~^2] (x . x') E[ h'(w . x) h'(w . x') ]  = sigma_u^2 (x . x') E[ h'(w . x) h'(w . x') ].
 *
 * (The review, with u~ and theta~ both N(0, sigma^2), writes the second as sigma^2 int grad h^T grad h d rho_0.)
 * (w . x, w . x') is Gaussian with covariance sigma_w^2 [[|x|^2, x.x'], [x.x', |x'|^2]]; every formula below is a
 * function of q11 = |x|^2, q22 = |x'|^2, q12 = x . x' and sigma_w, with phi = arccos(q12 / sqrt(q11 q22)) in [0, pi].
 *
 * relu, arc-cosine kernels of degree 1 and 0 (Cho & Saul 2009, "Kernel methods for deep learning", NIPS;
 * k_n = (1/pi) |x|^n |x'|^n J_n(phi), J_0 = pi - phi, J_1 = sin phi + (pi - phi) cos phi):
 *     E[relu(w.x) relu(w.x')] = sigma_w^2 |x| |x'| (sin phi + (pi - phi) cos phi) / (2 pi),
 *     E[1(w.x > 0) 1(w.x' > 0)] = (pi - phi) / (2 pi).
 *
 * erf (Williams 1997, "Computing with infinite networks", NIPS; the derivative kernel as in neural-tangents' Erf):
 *     E[erf(w.x) erf(w.x')]   = (2/pi) arcsin( 2 sigma_w^2 q12 / sqrt((1 + 2 sigma_w^2 q11)(1 + 2 sigma_w^2 q22)) ),
 *     E[erf'(w.x) erf'(w.x')] = (4/pi) / sqrt( (1 + 2 sigma_w^2 q11)(1 + 2 sigma_w^2 q22) - 4 sigma_w^4 q12^2 ).
 *
 * Float64, plain JavaScript, n x n row-major like ./empirical-ntk.
 */
import { acos, asin, cos, sin } from '../math/trig';

export type ClosedFormActivation = 'relu' | 'erf';

/** cos phi = q12 / sqrt(q11 q22), clamped to [-1, 1] against rounding (the diagonal gives phi = 0). */
function angle(q11: number, q22: number, q12: number): number {
  return acos(Math.min(1, Math.max(-1, q12 / Math.sqrt(q11 * q22))));
}

/** E[h(w.x) h(w.x')] for w ~ N(0, sigma_w^2 I), from q11 = |x|^2, q22 = |x'|^2, q12 = x . x'. */
export function featureKernel(activation: ClosedFormActivation, q11: number, q22: number, q12: number, sigmaW: number): number {
  const s2 = sigmaW * sigmaW;
  if (activation === 'relu') {
    if (q11 === 0 || q22 === 0) return 0; // relu(0) = 0
    const phi = angle(q11, q22, q12);
    return (s2 * Math.sqrt(q11 * q22) * (sin(phi) + (Math.PI - phi) * cos(phi))) / (2 * Math.PI); // Cho & Saul, n = 1
  }
  const arg = (2 * s2 * q12) / Math.sqrt((1 + 2 * s2 * q11) * (1 + 2 * s2 * q22));
  return (2 / Math.PI) * asin(Math.min(1, Math.max(-1, arg))); // Williams 1997
}

/** E[h'(w.x) h'(w.x')] for w ~ N(0, sigma_w^2 I). */
export function derivativeKernel(activation: ClosedFormActivation, q11: number, q22: number, q12: number, sigmaW: number): number {
  const s2 = sigmaW * sigmaW;
  if (activation === 'relu') {
    if (q11 === 0 || q22 === 0) return 0; // the step 1(z > 0) is 0 at z = 0
    return (Math.PI - angle(q11, q22, q12)) / (2 * Math.PI); // Cho & Saul, n = 0
  }
  const det = (1 + 2 * s2 * q11) * (1 + 2 * s2 * q22) - 4 * s2 * s2 * q12 * q12; // det(I + 2C)
  return 4 / Math.PI / Math.sqrt(det); // Williams 1997, derivative kernel
}

/** The Gram matrices k^u_inf(x_i, x_i') and k^theta_inf(x_i, x_i') of the rows x_i of X (n x d). */
export function limitKernels(
  X: ArrayLike<number>,
  d: number,
  activation: ClosedFormActivation,
  sigmaW: number,
  sigmaU: number,
): { u: Float64Array; theta: Float64Array } {
  if (X.length % d !== 0) throw new Error(`X has ${X.length} entries, not a multiple of d = ${d}.`);
  const n = X.length / d;
  const dot = (i: number, k: number) => {
    let s = 0;
    for (let l = 0; l < d; l++) s += X[i * d + l] * X[k * d + l];
    return s;
  };
  const u = new Float64Array(n * n);
  const theta = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = i; k < n; k++) {
      const [q11, q22, q12] = [dot(i, i), dot(k, k), dot(i, k)];
      u[i * n + k] = u[k * n + i] = featureKernel(activation, q11, q22, q12, sigmaW);
      theta[i * n + k] = theta[k * n + i] = sigmaU * sigmaU * q12 * derivativeKernel(activation, q11, q22, q12, sigmaW);
    }
  }
  return { u, theta };
}
