/**
 * The objective and its gradients for the particle system of ./particles.ts, with the MSE loss
 * L(v, y) = (v - y)^2 (PyTorch's MSELoss, as in the authors' MF.ipynb), so L_1'(v, y) = 2 (v - y), and the
 * authors' regulariser on u only,
 *
 *     R(rho_m) = reg ||u||^2 / m = ∫ r d rho_m,   r(u, theta) = reg u^2   (lambda_u = 2 reg, lambda_theta = 0).
 *
 * On a batch (x_i, y_i), i = 1..n, with f_i = f(rho_m, x_i) and sigma_ji = sigma(theta_j . x_i):
 *
 *   objective, eq. (16) at rho = rho_m (= eq. (2)):
 *     phi(rho_m) = (1/n) sum_i (f_i - y_i)^2 + reg ||u||^2 / m                                          (16)
 *
 *   its first variation, the "particle gradient" of eq. (18), at any point [u, theta]:
 *     g(rho_m, u, theta) = (1/n) sum_i alpha L_1'(f_i, y_i) u sigma(theta . x_i) + r(u, theta)          (18)
 *
 *   the drift of the particle flow, eq. (20), at particle j, with w_i = alpha L_1'(f_i, y_i) / n:
 *     grad_u g(rho_m, u_j, theta_j)     = sum_i w_i sigma_ji + 2 reg u_j
 *     grad_theta g(rho_m, u_j, theta_j) = u_j sum_i w_i sigma_ji (1 - sigma_ji) x_i       (sigma' = sigma (1 - sigma))
 *
 *   the exact gradient of the discrete objective with respect to particle j:
 *     d phi / d[u_j, theta_j] = (1/m) grad g(rho_m, u_j, theta_j).
 *
 * The factor is 1/m, not alpha/m: eq. (18) already carries alpha (d f_i / d u_j = (alpha/m) sigma_ji, and
 * d R / d u_j = (1/m) r'(u_j)). So gradient descent on phi with step lr moves every particle by
 * -(lr/m) grad g, the Euler step of eq. (20) with eta dt = lr/m: discrete SGD and the particle flow coincide.
 * Both gradients are computed by one routine below, differing only in the prefactor of w_i and of the
 * regulariser, so they agree to rounding (the tests check 1e-12 relative).
 *
 * Cost: the forward pass evaluates sigma once per (particle, sample) and stores it (m n doubles); the backward
 * pass reuses it. No allocation per call: all buffers live in a Workspace.
 */
import { dot, output, sigmoid, type Particles } from './particles';

/** A batch of n samples: x_i = x[i d .. i d + d), label y_i = y[i]. */
export interface Batch {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /**
   * For centred particles: C_i of ./particles.ts `centreOn` on this batch's inputs, when the caller has it (it must
   * be refilled whenever x changes); without it a centred output computes it on every call.
   */
  readonly centre?: Float64Array;
}

/** Buffers for one particle system and batches of up to n samples. */
export interface Workspace {
  /** sigma_ji = sigma(theta_j . x_i) at sigma[j n + i] (n the current batch size). */
  readonly sigma: Float64Array;
  /** f_i = f(rho_m, x_i) from the last forward pass (before any update). */
  readonly f: Float64Array;
  /** w_i, the residual weights of the last backward pass, and b_i = w_i sigma_ji (1 - sigma_ji) for one j. */
  readonly w: Float64Array;
  readonly b: Float64Array;
  /** The last gradient: u part at [j], theta part at [j d + k]. */
  readonly gradU: Float64Array;
  readonly gradTheta: Float64Array;
}

export function createWorkspace(p: Particles, n: number): Workspace {
  return {
    sigma: new Float64Array(p.m * n),
    f: new Float64Array(n),
    w: new Float64Array(n),
    b: new Float64Array(n),
    gradU: new Float64Array(p.m),
    gradTheta: new Float64Array(p.m * p.d),
  };
}

/** Typed arrays drop out-of-range writes silently, so a batch larger than the workspace must fail loudly. */
function checkSizes(p: Particles, batch: Batch, ws: Workspace): void {
  if (batch.n > ws.f.length || ws.gradU.length !== p.m || ws.gradTheta.length !== p.m * p.d) {
    throw new Error(`Workspace for m = ${ws.gradU.length}, n <= ${ws.f.length}; got m = ${p.m}, n = ${batch.n}.`);
  }
}

/** The regulariser R(rho_m) = reg ||u||^2 / m. */
function regulariser(p: Particles, reg: number): number {
  let s = 0;
  for (let j = 0; j < p.m; j++) s += p.u[j] * p.u[j];
  return (reg * s) / p.m;
}

/** phi(rho_m) of eq. (16) on the batch; leaves f_i in ws.f. */
export function phi(p: Particles, batch: Batch, reg: number, ws: Workspace): number {
  const { n, x, y } = batch;
  checkSizes(p, batch, ws);
  output(p, x, n, ws.f, undefined, batch.centre);
  let loss = 0;
  for (let i = 0; i < n; i++) loss += (ws.f[i] - y[i]) * (ws.f[i] - y[i]);
  return loss / n + regulariser(p, reg);
}

/**
 * g(rho_m, u, theta) of eq. (18) at the point [u, theta] (theta = theta[offset .. offset + d)), with rho_m = p
 * held fixed; leaves f_i in ws.f. A test oracle and a map of the first-order condition (19), not a hot path.
 */
export function g(
  p: Particles,
  batch: Batch,
  reg: number,
  u: number,
  theta: Float64Array,
  offset: number,
  ws: Workspace,
): number {
  const { n, x, y } = batch;
  checkSizes(p, batch, ws);
  output(p, x, n, ws.f, undefined, batch.centre);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const h = sigmoid(dot(theta, offset, x, i * p.d, p.d)); /* h(theta, x_i) */
    s += p.alpha * 2 * (ws.f[i] - y[i]) * u * h;
  }
  return s / n + reg * u * u;
}

/**
 * grad g(rho_m, u_j, theta_j) of eqs. (18)/(20) for every particle j, into ws.gradU and ws.gradTheta; returns
 * phi(rho_m) on the batch, and leaves f_i in ws.f. This is the drift the SGD step (./step.ts) uses.
 */
export function gradG(p: Particles, batch: Batch, reg: number, ws: Workspace): number {
  return gradient(p, batch, reg, ws, p.alpha, 2 * reg);
}

/** d phi / d[u_j, theta_j] = (1/m) grad g(rho_m, u_j, theta_j), the same way. */
export function gradPhi(p: Particles, batch: Batch, reg: number, ws: Workspace): number {
  return gradient(p, batch, reg, ws, p.alpha / p.m, (2 * reg) / p.m);
}

/**
 * One forward pass (f_i and sigma_ji), then, with w_i = c L_1'(f_i, y_i) / n,
 *   gradU[j]         = sum_i w_i sigma_ji + cReg u_j,
 *   gradTheta[j d + k] = u_j sum_i w_i sigma_ji (1 - sigma_ji) x_ik.
 */
function gradient(p: Particles, batch: Batch, reg: number, ws: Workspace, c: number, cReg: number): number {
  const { m, d, u } = p;
  const { n, x, y } = batch;
  const { sigma, f, w, b, gradU, gradTheta } = ws;
  checkSizes(p, batch, ws);
  output(p, x, n, f, sigma, batch.centre);

  let loss = 0;
  for (let i = 0; i < n; i++) {
    const r = f[i] - y[i];
    loss += r * r;
    w[i] = (c * 2 * r) / n; /* c L_1'(f_i, y_i) / n */
  }

  for (let j = 0; j < m; j++) {
    const o = j * n;
    let gu = 0;
    if (d === 2) {
      /* one pass over the batch for both coordinates: the same sums, in the same order, as the loop below */
      let g0 = 0;
      let g1 = 0;
      for (let i = 0; i < n; i++) {
        const a = w[i] * sigma[o + i]; /* w_i sigma_ji */
        gu += a;
        const bi = a - a * sigma[o + i]; /* w_i sigma_ji (1 - sigma_ji) */
        g0 += bi * x[2 * i];
        g1 += bi * x[2 * i + 1];
      }
      gradU[j] = gu + cReg * u[j];
      gradTheta[2 * j] = u[j] * g0;
      gradTheta[2 * j + 1] = u[j] * g1;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const a = w[i] * sigma[o + i]; /* w_i sigma_ji */
      gu += a;
      b[i] = a - a * sigma[o + i]; /* w_i sigma_ji (1 - sigma_ji) */
    }
    gradU[j] = gu + cReg * u[j];
    for (let k = 0; k < d; k++) {
      let gk = 0;
      for (let i = 0; i < n; i++) gk += b[i] * x[i * d + k];
      gradTheta[j * d + k] = u[j] * gk;
    }
  }
  return loss / n + regulariser(p, reg);
}
