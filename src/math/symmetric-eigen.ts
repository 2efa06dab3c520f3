/**
 * Eigenvalues (and eigenvectors) of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * Matrix Computations, 4th ed., Algorithms 8.5.2-8.5.3), in float64 for the small Gram matrices of the figures
 * (n up to a few hundred).
 *
 * Each rotation J(p, q, theta) zeroes the off-diagonal pair (p, q) of A <- J^T A J; with
 *
 *     tau = (a_qq - a_pp) / (2 a_pq),   t = sign(tau) / (|tau| + sqrt(1 + tau^2)),   c = 1 / sqrt(1 + t^2),   s = t c,
 *
 * (t the smaller root of t^2 + 2 tau t - 1 = 0, a rotation by at most pi/4). A sweep visits every pair p < q in
 * row order; sweeps repeat until the off-diagonal Frobenius norm is below 1e-15 times the whole matrix's (the
 * convergence is quadratic: some 6-10 sweeps for n = 32). Only + - * / and sqrt, which IEEE 754 rounds
 * correctly, so the result has the same bits in every JavaScript engine.
 */

export interface SymmetricEigen {
  /** Ascending. */
  values: number[];
  /** Column j of the n x n row-major matrix is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;
const TOLERANCE = 1e-15;

/** The eigen-decomposition of the symmetric n x n row-major matrix A (A is not changed). */
export function symmetricEigen(A: ArrayLike<number>, n: number): SymmetricEigen {
  if (A.length !== n * n) throw new Error(`A has ${A.length} entries, not ${n} x ${n}.`);
  const a = Float64Array.from(A);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (a[i * n + j] !== a[j * n + i]) throw new Error(`A is not symmetric: A[${i}][${j}] != A[${j}][${i}].`);
    }
  }
  if (!a.every(Number.isFinite)) throw new Error('A has non-finite entries.');
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const total = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  const offDiagonal = () => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += a[i * n + j] ** 2;
    return Math.sqrt(s);
  };

  let sweeps = 0;
  while (offDiagonal() > TOLERANCE * total) {
    if (++sweeps > MAX_SWEEPS) throw new Error(`Jacobi did not converge in ${MAX_SWEEPS} sweeps.`);
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const tau = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        // For huge |tau|, t ~ 1/(2 tau) (tau^2 would overflow).
        const t = Math.abs(tau) > 1e150 ? 1 / (2 * tau) : (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A <- A J (columns p and q), then A <- J^T A (rows p and q); V <- V J.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = a[q * n + p] = 0; // zero by construction; set exactly
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: n }, (_, j) => j).sort((i, j) => a[i * n + i] - a[j * n + j] || i - j);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values: order.map((j) => a[j * n + j]), vectors };
}

/** The smallest eigenvalue of the symmetric n x n row-major matrix A. */
export const smallestEigenvalue = (A: ArrayLike<number>, n: number) => symmetricEigen(A, n).values[0];
