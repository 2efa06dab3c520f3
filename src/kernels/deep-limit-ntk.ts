/**
 * The infinite-width tangent kernel of the deep network of src/models/deep/network.ts in the NTK
 * parameterisation (src/models/deep/parameterisation.ts), with an edge-of-chaos activation phi(s) = a s + b|s|,
 * sigma_w^2 = 1/(a^2 + b^2), Delta = b^2/(a^2 + b^2) (research/deep-papers.md, "infinite-width NTK oracle"; the
 * recursion of Jacot et al. with the arc-cosine dual maps of Cho & Saul). As every m_k -> infinity, the
 * pre-activations of each layer become a centred Gaussian process with covariance Sigma^k, and
 *
 *     Sigma^1(x, x') = x . x' / d,        Theta^1 = Sigma^1,
 *     Sigma^{k+1} = sigma_w^2 E[phi(u) phi(v)],   Sigmadot^{k+1} = sigma_w^2 E[phi'(u) phi'(v)],
 *     Theta^{k+1} = Sigma^{k+1} + Sigmadot^{k+1} Theta^k,                      k = 1, ..., L - 1,
 *
 * with (u, v) Gaussian of covariance Sigma^k on (x, x'). The limit of the empirical kernel (src/kernels/
 * deep-empirical-ntk.ts) is Theta^L. For (u, v) of variances q, q' and correlation rho, the odd cross terms vanish
 * and E|u||v| = sqrt(q q') (2/pi)(sqrt(1 - rho^2) + rho arcsin rho), E[sign u sign v] = (2/pi) arcsin rho, so
 *
 *     Sigma^{k+1}    = sqrt(q q') [ (1 - Delta) rho + Delta (2/pi) (sqrt(1 - rho^2) + rho arcsin rho) ],
 *     Sigmadot^{k+1} = (1 - Delta) + Delta (2/pi) arcsin rho,
 *
 * and the variances stay what they were in the first layer, q^k(x) = |x|^2 / d (the edge of chaos): on the sphere
 * x . x = d they are all 1 and rho = Sigma^k. Float64, plain JavaScript, with the project's portable arcsin
 * (src/math/trig), so the kernel has the same bits in every engine.
 */
import { nonLinearShare, type EdgeOfChaos } from '../models/deep/activation';
import { asin } from '../math/trig';

/** The dual maps of one layer at correlation rho: Sigma / sqrt(q q') and Sigmadot. */
export function dualMaps(rho: number, activation: EdgeOfChaos): { sigma: number; sigmaDot: number } {
  const delta = nonLinearShare(activation);
  const r = Math.min(1, Math.max(-1, rho)); // rounding can push a correlation past +-1
  const arcsin = asin(r);
  const root = Math.sqrt((1 - r) * (1 + r));
  return {
    sigma: (1 - delta) * r + delta * (2 / Math.PI) * (root + r * arcsin),
    sigmaDot: (1 - delta) + delta * (2 / Math.PI) * arcsin,
  };
}

/** Theta^L on the rows x_i of X (n x d), for a network of L layers (L weight matrices); n x n row-major. */
export function limitNtk(X: ArrayLike<number>, d: number, L: number, activation: EdgeOfChaos): Float64Array {
  if (X.length % d !== 0) throw new Error(`X has ${X.length} entries, not a multiple of d = ${d}.`);
  if (!Number.isInteger(L) || L < 1) throw new Error(`The depth L must be a positive integer (got ${L}).`);
  const n = X.length / d;
  const dot = (i: number, k: number) => {
    let s = 0;
    for (let l = 0; l < d; l++) s += X[i * d + l] * X[k * d + l];
    return s / d;
  };
  const q = Array.from({ length: n }, (_, i) => dot(i, i));
  if (q.some((v) => !(v > 0))) throw new Error('Every input needs a positive norm.');
  const theta = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const scale = Math.sqrt(q[i] * q[j]);
      let sigma = dot(i, j); // Sigma^1
      let t = sigma; // Theta^1
      for (let k = 1; k < L; k++) {
        const maps = dualMaps(sigma / scale, activation);
        sigma = scale * maps.sigma;
        t = sigma + maps.sigmaDot * t;
      }
      theta[i * n + j] = theta[j * n + i] = t;
    }
  }
  return theta;
}
