/**
 * Inputs on the sphere of radius sqrt(d) in R^d (x . x = d, so that each coordinate has mean square 1 and the
 * first layer of the NTK parameterisation, g^1 = W^1 x / sqrt(d), has unit variance), and two kinds of labels.
 *
 *   points:   x = sqrt(d) z / |z| with z ~ N(0, I_d), uniform on the sphere; computed in float64, rounded to float32
 *             (so x . x = d to float32 rounding, about 1e-7 relative).
 *   circle:   n points evenly spaced on a random great circle, x_i = sqrt(d) (cos t_i e + sin t_i e'), t_i = 2 pi i / n,
 *             e and e' orthonormal (Gram-Schmidt on two N(0, I_d) draws): probes along which a unit's output is a
 *             curve (the project's portable cos and sin, src/math/trig).
 *   signs:    y = +-1 with probability 1/2 each, independent of x (labels that only memorisation can fit).
 *   teacher:  a smooth single-index target y = (s + (s^2 - 1)/sqrt 2) / sqrt 2 with s = beta . x, beta uniform on
 *             the unit sphere: the first two Hermite polynomials of s, which is nearly N(0, 1) for large d, so y has
 *             mean about 0 and variance about 1, and is not linear in x.
 *
 * Every number comes from the generator given, with + - * /, sqrt and the portable trigonometry only, so the values
 * are the same in every engine.
 */
import type { Generator } from '../../random/generator';
import { cos, sin } from '../../math/trig';

/** n points uniform on the sphere x . x = d, row-major n x d, float32. */
export function spherePoints(g: Generator, n: number, d: number): Float32Array {
  const X = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: d }, () => g.normal());
    const scale = Math.sqrt(d / z.reduce((s, v) => s + v * v, 0));
    for (let l = 0; l < d; l++) X[i * d + l] = z[l] * scale;
  }
  return X;
}

/** n points evenly spaced round a random great circle of the sphere x . x = d, in order; row-major n x d, float32. */
export function greatCircle(g: Generator, n: number, d: number): Float32Array {
  if (d < 2) throw new Error(`A great circle needs d >= 2 (got ${d}).`);
  const unit = (v: number[]) => {
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return v.map((x) => x / norm);
  };
  const e = unit(Array.from({ length: d }, () => g.normal()));
  const z = Array.from({ length: d }, () => g.normal());
  const along = z.reduce((s, x, l) => s + x * e[l], 0);
  const f = unit(z.map((x, l) => x - along * e[l]));
  const X = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    for (let l = 0; l < d; l++) X[i * d + l] = Math.sqrt(d) * (cos(t) * e[l] + sin(t) * f[l]);
  }
  return X;
}

/** n labels +-1, each with probability 1/2. */
export function signLabels(g: Generator, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => (g.uniform() < 0.5 ? -1 : 1));
}

/** The teacher's labels on the rows of X (n x d), with its direction beta drawn from `g`. */
export function teacherLabels(g: Generator, X: ArrayLike<number>, d: number): Float32Array {
  const beta = Array.from({ length: d }, () => g.normal());
  const norm = Math.sqrt(beta.reduce((s, v) => s + v * v, 0));
  const n = X.length / d;
  return Float32Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let l = 0; l < d; l++) s += (beta[l] / norm) * X[i * d + l];
    return (s + (s * s - 1) / Math.SQRT2) / Math.SQRT2;
  });
}
