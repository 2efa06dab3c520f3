/**
 * The empirical kernels k^u_m, k^theta_m (src/kernels/empirical-ntk) and their infinite-width limits
 * (src/kernels/closed-form). Oracles: the local checks of research/theory-notes.md ("Closed-form oracles");
 * Monte-Carlo error bars computed here from the per-neuron terms; the m^(-1/2) law of the Monte-Carlo error;
 * positive semi-definiteness (eigenvalues by a Jacobi iteration written here); central finite differences of
 * a float64 network written here (the kernels as inner products of gradients); and the kernel representation
 * of the linearisation (8) under the change of variables (9). Every draw is seeded, so every check is
 * deterministic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import {
  activations,
  empiricalKernels,
  erf,
  initialise,
  type Activation,
  type ScalarTwoLayer,
} from '../../src/kernels/empirical-ntk';
import { derivativeKernel, featureKernel, limitKernels } from '../../src/kernels/closed-form';
import { linearisedOutputs } from '../../src/models/linearised';
import { forward, thetaTFromRows } from '../../src/models/two-layer';
import { generator } from '../../src/random/generator';
import { nodeTf } from '../../src/runtime/node-tf';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const row = (X: ArrayLike<number>, d: number, i: number) => Array.from({ length: d }, (_, l) => X[i * d + l]);

// The two vectors of the theory-notes local checks: numpy.random.default_rng(0).standard_normal(10), split in two.
// (Identified by solving the four published values for |x|^2, |y|^2, x.y; they reproduce all four to 5 decimals.)
const x0 = [0.1257302210933933, -0.1321048632913019, 0.6404226504432821, 0.10490011715303971, -0.535669373161111];
const y0 = [0.36159505490948474, 1.3040000451301372, 0.9470809631292422, -0.7037352358069926, -1.2654214710460525];

describe('erf and the activations', () => {
  it('erf matches Python math.erf to double precision; the derivatives are right', () => {
    const reference: [number, number][] = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1.0, 0.8427007929497149],
      [-1.5, -0.9661051464753108],
      [2.0, 0.9953222650189527],
      [3.0, 0.9999779095030014],
      [4.5, 0.9999999998033839],
      [5.9, 0.9999999999999999],
      [-5.99, -1.0],
      [0, 0],
    ];
    // The series loses a few bits in e^{-z^2} sum (1.2e-15 at worst on [-7, 7]); A&S 7.1.26 would err by 1e-7.
    for (const [z, want] of reference) expect(Math.abs(erf(z) - want), `erf(${z})`).toBeLessThan(2e-15);
    for (const name of ['relu', 'erf', 'tanh'] as Activation[]) {
      const { h, dh } = activations[name];
      for (const z of [-2.3, -0.4, 0.7, 1.9]) {
        const fd = (h(z + 1e-6) - h(z - 1e-6)) / 2e-6;
        expect(Math.abs(dh(z) - fd), `${name}'(${z})`).toBeLessThan(1e-8);
      }
    }
    expect(activations.relu.h(-1)).toBe(0);
  });
});

describe('closed forms (Cho & Saul 2009; Williams 1997)', () => {
  const [q11, q22, q12] = [dot(x0, x0), dot(y0, y0), dot(x0, y0)];
  const fixed5 = (v: number) => Number(v.toFixed(5));

  it('reproduce the theory-notes local checks (d = 5, sigma = 0.7)', () => {
    expect(fixed5(featureKernel('relu', q11, q22, q12, 0.7))).toBe(0.30521); // E[relu relu]
    expect(fixed5(derivativeKernel('relu', q11, q22, q12, 0.7))).toBe(0.34712); // E[1 . 1]
    expect(fixed5(featureKernel('erf', q11, q22, q12, 0.7))).toBe(0.21932); // E[erf erf]
    expect(fixed5(derivativeKernel('erf', q11, q22, q12, 0.7))).toBe(0.43014); // E[erf' erf']
    // The two-layer relu NTK with sigma_a = sigma_w = 0.7, i.e. the review's k^u_inf + k^theta_inf with
    // rho_0 = N(0, sigma^2) x N(0, sigma^2): closed form 0.48954 in the notes.
    const { u, theta } = limitKernels([...x0, ...y0], 5, 'relu', 0.7, 0.7);
    expect(fixed5(u[1] + theta[1])).toBe(0.48954);
  });

  it('have the known diagonals and are symmetric in (x, x\')', () => {
    // relu: E[relu(w.x)^2] = sigma^2 |x|^2 / 2, E[1(w.x > 0)] = 1/2.
    expect(featureKernel('relu', q11, q11, q11, 0.7)).toBeCloseTo((0.49 * q11) / 2, 14);
    expect(derivativeKernel('relu', q11, q11, q11, 0.7)).toBeCloseTo(0.5, 14);
    // Opposite vectors: relu(w.x) relu(-w.x) = 0 and 1(w.x > 0) 1(-w.x > 0) = 0.
    expect(featureKernel('relu', q11, q11, -q11, 0.7)).toBeCloseTo(0, 14);
    expect(derivativeKernel('relu', q11, q11, -q11, 0.7)).toBeCloseTo(0, 14);
    for (const a of ['relu', 'erf'] as const) {
      expect(featureKernel(a, q11, q22, q12, 1.3)).toBe(featureKernel(a, q22, q11, q12, 1.3));
      expect(derivativeKernel(a, q11, q22, q12, 1.3)).toBe(derivativeKernel(a, q22, q11, q12, 1.3));
    }
  });
});

/** The per-neuron terms of one kernel entry, computed here from the drawn parameters (not from the module). */
function perNeuronTerms(net: ScalarTwoLayer, a: Activation, x: number[], y: number[], which: 'u' | 'theta'): Float64Array {
  const { h, dh } = activations[a];
  const t = new Float64Array(net.m);
  const xy = dot(x, y);
  for (let j = 0; j < net.m; j++) {
    const thetaJ = row(net.theta, net.d, j);
    const [zx, zy] = [dot(thetaJ, x), dot(thetaJ, y)];
    t[j] = which === 'u' ? h(zx) * h(zy) : net.u[j] ** 2 * dh(zx) * dh(zy) * xy;
  }
  return t;
}

function meanAndStandardError(t: Float64Array): { mean: number; se: number } {
  let mean = 0;
  for (const v of t) mean += v;
  mean /= t.length;
  let ss = 0;
  for (const v of t) ss += (v - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (t.length - 1) / t.length) };
}

describe('empirical kernels converge to the closed forms', () => {
  const d = 5;
  const [sigmaW, sigmaU] = [0.7, 1.3];
  // Four inputs: the local-check pair and two generator draws of different norms.
  const g = generator(11, 'kernels-test/inputs');
  const X = [...x0, ...y0, ...g.normals(d, 0.5), ...g.normals(d, 1.5)];
  const n = 4;

  for (const a of ['relu', 'erf'] as const) {
    it(`${a}: at m = 100,000 every entry is within 5 Monte-Carlo standard errors of the limit`, () => {
      const m = 100_000;
      const net = initialise(generator(2024, `kernels-test/mc/${a}`), m, d, sigmaW, sigmaU);
      const empirical = empiricalKernels(X, net, a);
      const limit = limitKernels(X, d, a, sigmaW, sigmaU);
      for (const which of ['u', 'theta'] as const) {
        const gram = empirical[which];
        for (let i = 0; i < n; i++) {
          for (let k = i; k < n; k++) {
            const where = `${a}, k^${which}(x_${i}, x_${k})`;
            const { mean, se } = meanAndStandardError(perNeuronTerms(net, a, row(X, d, i), row(X, d, k), which));
            // The module's mean and standard error are the same numbers, up to summation order.
            expect(Math.abs(gram.K[i * n + k] - mean), where).toBeLessThan(1e-12 * Math.abs(mean) + 1e-15);
            expect(Math.abs(gram.standardError[i * n + k] - se), where).toBeLessThan(1e-8 * se);
            // A correct kernel sits within 5 SE of its limit with probability 1 - 6e-7 per entry; a wrong
            // normalisation (1/2, sigma_u vs sigma_u^2, a missing x.x') is off by hundreds of SE (SE/|K| ~ 3e-3).
            expect(se, where).toBeGreaterThan(0);
            expect(Math.abs(mean - limit[which][i * n + k]) / se, where).toBeLessThan(5);
          }
        }
      }
    });

    it(`${a}: the mean absolute error over seeds falls like m^(-1/2) (log-log slope within 0.1 of -0.5)`, () => {
      const widths = [100, 400, 1600, 6400];
      const seeds = 200;
      const limit = limitKernels(X, d, a, sigmaW, sigmaU);
      const logM: number[] = [];
      const logError: number[] = [];
      for (const m of widths) {
        let total = 0;
        let count = 0;
        for (let s = 0; s < seeds; s++) {
          const empirical = empiricalKernels(X, initialise(generator(s, `kernels-test/slope/${a}/${m}`), m, d, sigmaW, sigmaU), a);
          for (const which of ['u', 'theta'] as const) {
            for (let e = 0; e < n * n; e++) {
              total += Math.abs(empirical[which].K[e] - limit[which][e]);
              count++;
            }
          }
        }
        logM.push(Math.log(m));
        logError.push(Math.log(total / count));
      }
      // Least-squares slope of log error against log m. With 200 seeds the mean |error| at each m is known to
      // about 0.76/sqrt(200) = 5 % (less, with 20 entries per seed), so the slope's own sd is about 0.02.
      const mx = logM.reduce((s, v) => s + v, 0) / logM.length;
      const my = logError.reduce((s, v) => s + v, 0) / logError.length;
      let sxy = 0;
      let sxx = 0;
      for (let i = 0; i < logM.length; i++) {
        sxy += (logM[i] - mx) * (logError[i] - my);
        sxx += (logM[i] - mx) ** 2;
      }
      const slope = sxy / sxx;
      expect(Math.abs(slope + 0.5), `slope ${slope.toFixed(3)}`).toBeLessThan(0.1);
    });
  }
});

/** Eigenvalues of a symmetric n x n matrix (row-major) by cyclic Jacobi rotations (Golub & Van Loan, §8.5). */
function symmetricEigenvalues(M: ArrayLike<number>, n: number): number[] {
  const A = Float64Array.from(M);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] ** 2;
    let total = 0;
    for (let i = 0; i < n * n; i++) total += A[i] ** 2;
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        // Rotation (c, s) that zeroes A[p][q]: tau = (a_qq - a_pp) / (2 a_pq), t = sign(tau) / (|tau| + sqrt(1 + tau^2)).
        const tau = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // columns p, q
          const akp = A[k * n + p];
          const akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // rows p, q
          const apk = A[p * n + k];
          const aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => A[i * n + i]).sort((a, b) => a - b);
}

describe('Gram matrices', () => {
  it('the Jacobi eigenvalues used below are right (an indefinite matrix with known spectrum)', () => {
    // Q diag(3, 1, -2) Q^T with Q a rotation: eigenvalues -2, 1, 3.
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const Q = [c, -s, 0, s, c, 0, 0, 0, 1];
    const D = [3, 1, -2];
    const M = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) M[i * 3 + k] += Q[i * 3 + l] * D[l] * Q[k * 3 + l];
    const ev = symmetricEigenvalues(M, 3);
    [-2, 1, 3].forEach((v, i) => expect(ev[i]).toBeCloseTo(v, 12));
  });

  for (const a of ['relu', 'erf', 'tanh'] as const) {
    it(`${a}: the empirical Grams of 20 inputs are symmetric and positive semi-definite, and so are the limits`, () => {
      const [n, d, m] = [20, 5, 1000];
      const X = generator(5, 'kernels-test/psd-inputs').normals(n * d);
      const empirical = empiricalKernels(X, initialise(generator(5, `kernels-test/psd/${a}`), m, d, 1, 1), a);
      const grams: [string, Float64Array][] = [
        ['k^u_m', empirical.u.K],
        ['k^theta_m', empirical.theta.K],
      ];
      if (a !== 'tanh') {
        const limit = limitKernels(X, d, a, 1, 1);
        grams.push(['k^u_inf', limit.u], ['k^theta_inf', limit.theta]);
      }
      for (const [name, K] of grams) {
        for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) expect(K[i * n + k], name).toBe(K[k * n + i]);
        const ev = symmetricEigenvalues(K, n);
        expect(ev[n - 1], name).toBeGreaterThan(0);
        expect(ev[0], `${name}: smallest ${ev[0]}, largest ${ev[n - 1]}`).toBeGreaterThanOrEqual(-1e-6 * ev[n - 1]);
      }
    });
  }
});

describe('the kernels are inner products of gradients (finite differences on a tiny net, d = 3, m = 4)', () => {
  const [d, m, n, alpha] = [3, 4, 3, 1.7];

  /** f(x) = (alpha/m) sum_j u_j h(theta_j . x), eq. (1) with one output, in float64. */
  function network(a: Activation, theta: ArrayLike<number>, u: ArrayLike<number>, x: number[]): number {
    let f = 0;
    for (let j = 0; j < m; j++) f += u[j] * activations[a].h(dot(row(theta, d, j), x));
    return (alpha / m) * f;
  }

  /** Central differences (step 1e-6) of f(x) with respect to each entry of w. */
  function gradient(w: ArrayLike<number>, f: (w: Float64Array) => number): Float64Array {
    const step = 1e-6;
    const g = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[i] += step;
      minus[i] -= step;
      g[i] = (f(plus) - f(minus)) / (2 * step);
    }
    return g;
  }

  for (const a of ['relu', 'erf', 'tanh'] as const) {
    it(`${a}: k^theta_m(x, x') = (m/alpha^2) <grad_theta f(x), grad_theta f(x')> and likewise for u`, () => {
      const net = initialise(generator(3, 'kernels-test/fd'), m, d, 1, 1);
      const X = generator(3, 'kernels-test/fd-inputs').normals(n * d);
      const xs = Array.from({ length: n }, (_, i) => row(X, d, i));
      // Away from relu's kink, so that the differences see one linear piece: |theta_j . x_i| >> step.
      for (let j = 0; j < m; j++) for (const x of xs) expect(Math.abs(dot(row(net.theta, d, j), x))).toBeGreaterThan(1e-3);
      const gTheta = xs.map((x) => gradient(net.theta, (theta) => network(a, theta, net.u, x)));
      const gU = xs.map((x) => gradient(net.u, (u) => network(a, net.theta, u, x)));
      const { u, theta } = empiricalKernels(X, net, a);
      const scale = m / alpha ** 2;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
          const fdTheta = scale * dot(gTheta[i], gTheta[k]);
          const fdU = scale * dot(gU[i], gU[k]);
          // Differences in float64: truncation ~ step^2, cancellation ~ 1e-16/1e-6 = 1e-10 of the gradient.
          expect(Math.abs(theta.K[i * n + k] - fdTheta), `k^theta(x_${i}, x_${k})`).toBeLessThan(1e-7 * (1 + Math.abs(fdTheta)));
          expect(Math.abs(u.K[i * n + k] - fdU), `k^u(x_${i}, x_${k})`).toBeLessThan(1e-7 * (1 + Math.abs(fdU)));
        }
      }
      expect(Math.max(...Array.from(theta.K, Math.abs))).toBeGreaterThan(1e-2); // non-trivial kernels
    });
  }
});

describe('the kernel representation of the linearisation (review, eq. (9) into eq. (8))', () => {
  let tf: typeof TF;
  beforeAll(async () => {
    tf = await nodeTf('cpu');
  });

  it("with u, theta from eq. (9), eq. (8)'s f_lin(x) - f(x; u~, theta~) = sum_i [beta^u_i k^u_m(x, x_i) + k^theta_m(x, x_i) beta^theta_i]", () => {
    const [d, m, n, nTest, alpha] = [4, 50, 3, 4, 2];
    const g = generator(8, 'kernels-test/representation');
    const init = initialise(g, m, d, 1, 1);
    const X = g.normals((n + nTest) * d, 0.6); // rows 0..n-1 are the x_i of (9); all rows are evaluated
    const betaU = Array.from(g.normals(n));
    const betaTheta = Array.from(g.normals(n));
    const { h, dh } = activations.tanh;
    // Eq. (9): u_j = u~_j + alpha^-1 sum_i beta^u_i h(theta~_j . x_i),
    //          theta_j = theta~_j + alpha^-1 sum_i u~_j beta^theta_i h'(theta~_j . x_i) x_i.
    const u = Float64Array.from(init.u);
    const theta = Float64Array.from(init.theta);
    for (let j = 0; j < m; j++) {
      const thetaJ = row(init.theta, d, j);
      for (let i = 0; i < n; i++) {
        const xi = row(X, d, i);
        const z = dot(thetaJ, xi);
        u[j] += (betaU[i] * h(z)) / alpha;
        for (let l = 0; l < d; l++) theta[j * d + l] += (init.u[j] * betaTheta[i] * dh(z) * xi[l]) / alpha;
      }
    }
    const net = (th: ArrayLike<number>, uu: ArrayLike<number>) => ({
      thetaT: thetaTFromRows(tf, Float32Array.from(th), m, d),
      u: tf.tensor2d(Float32Array.from(uu), [1, m]),
      alpha,
    });
    const initial = net(init.theta, init.u);
    const current = net(theta, u);
    const x = tf.tensor2d(X, [n + nTest, d]);
    const fLin = linearisedOutputs(tf, { initial, current }, x, 'eq8').dataSync();
    const { h: h0, f: f0 } = forward(tf, initial, x);
    const f0Data = f0.dataSync();
    const { u: ku, theta: kTheta } = empiricalKernels(X, init, 'tanh');
    const N = n + nTest;
    const predicted = Array.from({ length: N }, (_, r) =>
      betaU.reduce((s, b, i) => s + b * ku.K[r * N + i] + kTheta.K[r * N + i] * betaTheta[i], 0),
    );
    const change = Array.from(fLin, (v, r) => v - f0Data[r]);
    const size = Math.max(...predicted.map(Math.abs));
    expect(size).toBeGreaterThan(0.1);
    // float32 outputs of size ~1 and parameters rounded to float32 (the u and theta moves are O(1/alpha)):
    // errors ~1e-6 of the change; a kernel off by any factor or term misses by > 1e-2.
    for (let r = 0; r < N; r++) expect(Math.abs(change[r] - predicted[r]) / size, `x_${r}`).toBeLessThan(1e-4);
    tf.dispose([initial.thetaT, initial.u, current.thetaT, current.u, x, h0, f0]);
  });
});

describe('speed', () => {
  // A later figure computes these for n ~ 20 and m up to 10^4 over several seeds, in the browser, within seconds.
  // Measured: ~0.1-0.3 s here on a loaded 2-core machine; 2 s catches an accidental O(m^2) or O(n^2 m d) loop.
  it('n = 20 inputs, d = 100, m = 10^4: both Gram matrices within 2 seconds', () => {
    const [n, d, m] = [20, 100, 10_000];
    const X = generator(1, 'kernels-test/speed-inputs').normals(n * d, 0.1);
    const net = initialise(generator(1, 'kernels-test/speed'), m, d, 1, 1);
    const start = performance.now();
    empiricalKernels(X, net, 'erf');
    const ms = performance.now() - start;
    expect(ms).toBeLessThan(2000);
  });
});
