/**
 * The deep tangent kernels: the exact empirical one (src/kernels/deep-empirical-ntk) and its infinite-width limit
 * (src/kernels/deep-limit-ntk), on tfjs's `cpu` backend. Oracles: J J^T with the Jacobian J taken by central
 * finite differences of a float64 reference network (./deep-reference.ts); the two-layer closed forms of
 * src/kernels/closed-form (Cho & Saul); Monte-Carlo means of the dual maps over Gaussian pairs and of empirical
 * kernels over independent networks, each against its own standard error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { ABS, RELU, sigmaW2, type EdgeOfChaos } from '../../src/models/deep/activation';
import { createNetwork, disposeNetwork } from '../../src/models/deep/network';
import { drawStandardNormals, initialise, learningRateScale, parameterise, type Parameterisation } from '../../src/models/deep/parameterisation';
import { empiricalNtk } from '../../src/kernels/deep-empirical-ntk';
import { dualMaps, limitNtk } from '../../src/kernels/deep-limit-ntk';
import { limitKernels } from '../../src/kernels/closed-form';
import { spherePoints } from '../../src/data/synthetic/sphere';
import { generator } from '../../src/random/generator';
import { nodeTf } from '../../src/runtime/node-tf';
import { finiteDifferenceJacobian } from './deep-reference';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

const ACTIVATIONS: EdgeOfChaos[] = [RELU, ABS];

/** Theta of a network with these weights and multipliers on the rows of X. */
async function ntkOf(sizes: number[], weightsT: Float32Array[], multipliers: number[], activation: EdgeOfChaos, X: Float32Array) {
  const net = createNetwork(tf, sizes, weightsT, multipliers, activation);
  const x = tf.tensor2d(X, [X.length / sizes[0], sizes[0]]);
  const theta = await empiricalNtk(tf, net, x);
  disposeNetwork(tf, net);
  x.dispose();
  return theta;
}

describe('the empirical tangent kernel', () => {
  const sizes = [3, 4, 5, 1];
  const n = 4;

  for (const activation of ACTIVATIONS) {
    for (const p of ['ntk', 'standard', 'mup'] as Parameterisation[]) {
      it(`${p}, ${activation.label}: equals J J^T, J by finite differences of every weight`, async () => {
        const g = generator(11, 'test/deep-ntk-fd');
        const { weightsT, multipliers } = parameterise(p, sizes, drawStandardNormals(g, sizes), activation);
        const X = g.normals(n * sizes[0]);
        const theta = await ntkOf(sizes, weightsT, multipliers, activation, X);
        const J = finiteDifferenceJacobian({ sizes, weightsT, multipliers, ...activation }, X);
        expect(J[0].length).toBe(3 * 4 + 4 * 5 + 5);
        const JJt = J.flatMap((ri) => J.map((rk) => ri.reduce((s, v, e) => s + v * rk[e], 0)));
        const scale = Math.max(...JJt.map(Math.abs));
        JJt.forEach((v, e) => expect(Math.abs(theta[e] - v)).toBeLessThan(1e-5 * scale));
      });
    }
  }

  it('is exactly symmetric, and mup times its learning-rate scale gives the kernel of ntk', async () => {
    const sizes2 = [6, 64, 64, 1];
    const X = generator(2, 'test/deep-ntk-x').normals(8 * 6);
    const kernels = await Promise.all(
      (['ntk', 'mup'] as Parameterisation[]).map(async (p) => {
        const net = initialise(tf, generator(2, 'test/deep-ntk-init'), p, sizes2, RELU);
        const x = tf.tensor2d(X, [8, 6]);
        const theta = await empiricalNtk(tf, net, x);
        disposeNetwork(tf, net);
        x.dispose();
        return theta;
      }),
    );
    const [ntk, mup] = kernels;
    for (let i = 0; i < 8; i++) for (let k = 0; k < 8; k++) expect(ntk[i * 8 + k]).toBe(ntk[k * 8 + i]);
    const eta = learningRateScale('mup', sizes2);
    ntk.forEach((v, e) => expect(Math.abs(eta * mup[e] - v)).toBeLessThan(1e-5 * Math.abs(ntk[0])));
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await ntkOf([2, 3, 1], [new Float32Array(6).fill(1), new Float32Array(3).fill(1)], [1, 1], RELU, new Float32Array([1, 2, 3, 4]));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the infinite-width tangent kernel', () => {
  it('the dual maps are sigma_w^2 E[phi(u) phi(v)] and sigma_w^2 E[phi\'(u) phi\'(v)] (Monte Carlo, 4 standard errors)', () => {
    const g = generator(5, 'test/dual-maps');
    const N = 400_000;
    for (const activation of ACTIVATIONS) {
      const { a, b } = activation;
      const s2 = sigmaW2(activation);
      for (const rho of [-0.9, -0.3, 0, 0.4, 0.95]) {
        const sums = { f: 0, ff: 0, d: 0, dd: 0 };
        for (let t = 0; t < N; t++) {
          const u = g.normal();
          const v = rho * u + Math.sqrt(1 - rho * rho) * g.normal();
          const f = s2 * (a * u + b * Math.abs(u)) * (a * v + b * Math.abs(v));
          const d = s2 * (a + b * Math.sign(u)) * (a + b * Math.sign(v));
          sums.f += f;
          sums.ff += f * f;
          sums.d += d;
          sums.dd += d * d;
        }
        const maps = dualMaps(rho, activation);
        for (const [value, sum, squares] of [[maps.sigma, sums.f, sums.ff], [maps.sigmaDot, sums.d, sums.dd]]) {
          const mean = sum / N;
          const se = Math.sqrt((squares / N - mean * mean) / N);
          expect(Math.abs(mean - value)).toBeLessThan(4 * se);
        }
      }
      // At rho = 1 both maps are 1: the edge of chaos keeps the variance and chi = 1.
      expect(dualMaps(1, activation).sigma).toBeCloseTo(1, 15);
      expect(dualMaps(1, activation).sigmaDot).toBeCloseTo(1, 15);
    }
  });

  it('one layer is x.x\'/d; on the sphere the diagonal is L; two ReLU layers are the closed form of Cho & Saul', () => {
    const d = 7;
    const n = 9;
    const X = spherePoints(generator(8, 'test/deep-limit'), n, d);
    const dot = (i: number, k: number) => Array.from({ length: d }, (_, l) => X[i * d + l] * X[k * d + l]).reduce((s, v) => s + v, 0);
    const one = limitNtk(X, d, 1, RELU);
    one.forEach((v, e) => expect(v).toBeCloseTo(dot(Math.floor(e / n), e % n) / d, 14));
    for (const activation of ACTIVATIONS) {
      for (const L of [2, 3, 5]) {
        const theta = limitNtk(X, d, L, activation);
        for (let i = 0; i < n; i++) expect(theta[i * n + i]).toBeCloseTo((L * dot(i, i)) / d, 12);
      }
    }
    // f = sigma_w/sqrt(m) W^2 relu(W^1 x / sqrt(d)): hidden weights w ~ N(0, I/d), so Theta = sigma_w^2 (k^u + k^theta)
    // of the two-layer closed forms on the inputs x / sqrt(d), with sigma_w^2 = 2.
    const scaled = X.map((v) => v / Math.sqrt(d));
    const { u, theta } = limitKernels(scaled, d, 'relu', 1, 1);
    limitNtk(X, d, 2, RELU).forEach((v, e) => expect(v).toBeCloseTo(2 * (u[e] + theta[e]), 6));
  });

  for (const activation of ACTIVATIONS) {
    it(`${activation.label}, depth 3: the mean of 30 empirical kernels at width 512 is within 4 standard errors of the limit`, async () => {
      const [n, d, m, S] = [5, 8, 512, 30];
      const X = spherePoints(generator(1, 'test/deep-mc-points'), n, d);
      const limit = limitNtk(X, d, 3, activation);
      const x = tf.tensor2d(X, [n, d]);
      const sum = new Float64Array(n * n);
      const squares = new Float64Array(n * n);
      for (let s = 0; s < S; s++) {
        const net = initialise(tf, generator(s, `test/deep-mc/${activation.id}`), 'ntk', [d, m, m, 1], activation);
        const theta = await empiricalNtk(tf, net, x);
        disposeNetwork(tf, net);
        theta.forEach((v, e) => ((sum[e] += v), (squares[e] += v * v)));
      }
      x.dispose();
      sum.forEach((total, e) => {
        const mean = total / S;
        const se = Math.sqrt((squares[e] / S - mean * mean) / (S - 1));
        expect(Math.abs(mean - limit[e])).toBeLessThan(4 * se);
      });
    });
  }
});
