/**
 * The two-layer network and its training pieces (src/models/two-layer, src/training), on tfjs's `cpu` backend.
 * Oracles: a float64 implementation of eq. (1) and the softmax cross-entropy written here in plain JS, and
 * central finite differences of its loss; hand computations for the distances and the accuracy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { accuracy, crossEntropy, forward, lossAndGradients, thetaTFromRows, type TwoLayer } from '../../src/models/two-layer';
import type { Batch } from '../../src/training/batch';
import { sgdStep } from '../../src/training/sgd';
import { meanNeuronDistance } from '../../src/training/distance';
import { epochBatches } from '../../src/training/minibatches';
import { generator } from '../../src/random/generator';
import { nodeTf } from '../../src/runtime/node-tf';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

// The small net of the gradient check.
const d = 5;
const m = 7;
const k = 3;
const B = 4;
const alpha = 2.5;

/** Inputs as float32 values, so that tfjs and the float64 reference start from the same numbers. */
function smallProblem() {
  const g = generator(1, 'test');
  const theta = g.normals(m * d); // m x d, row j is theta_j
  const u = g.normals(k * m); // k x m, column j is u_j
  const x = g.normals(B * d); // B x d
  const labels = Array.from({ length: B }, () => g.integer(k));
  const Y = new Float32Array(B * k);
  labels.forEach((c, i) => (Y[i * k + c] = 1));
  return { theta, u, x, labels, Y };
}

/** Eq. (1) in float64: f_ic = (alpha/m) sum_j u_cj tanh(sum_l theta_jl x_il). */
function refOutputs(theta: ArrayLike<number>, u: ArrayLike<number>, x: ArrayLike<number>): number[][] {
  const f: number[][] = [];
  for (let i = 0; i < B; i++) {
    const h: number[] = [];
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let l = 0; l < d; l++) z += theta[j * d + l] * x[i * d + l];
      h.push(Math.tanh(z));
    }
    const row: number[] = [];
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += u[c * m + j] * h[j];
      row.push((alpha / m) * s);
    }
    f.push(row);
  }
  return f;
}

/** Mean softmax cross-entropy in float64: (1/B) sum_i [logsumexp(f_i) - f_i,y_i]. */
function refLoss(theta: ArrayLike<number>, u: ArrayLike<number>, x: ArrayLike<number>, labels: number[]): number {
  const f = refOutputs(theta, u, x);
  let total = 0;
  for (let i = 0; i < B; i++) {
    const top = Math.max(...f[i]);
    const lse = top + Math.log(f[i].reduce((s, v) => s + Math.exp(v - top), 0));
    total += lse - f[i][labels[i]];
  }
  return total / B;
}

/** Central finite differences of `loss` with respect to every entry of `w` (step 1e-6). */
function finiteDifferences(w: ArrayLike<number>, loss: (w: Float64Array) => number): Float64Array {
  const step = 1e-6;
  const base = Float64Array.from(w);
  const grad = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] += step;
    minus[i] -= step;
    grad[i] = (loss(plus) - loss(minus)) / (2 * step);
  }
  return grad;
}

function maxAbs(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]));
  return s;
}

/** Largest |a_i - b_i| relative to max |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e / maxAbs(b);
}

function makeNet(theta: Float32Array, u: Float32Array, a = alpha): TwoLayer {
  return { thetaT: thetaTFromRows(tf, theta, theta.length / d, d), u: tf.tensor2d(u, [k, u.length / k]), alpha: a };
}

/** The batch in the step's layouts (x, x^T, Y); x^T made by tfjs here, independently of src/training/batch. */
function batchOf(x: Float32Array, Y: Float32Array): Batch {
  const xs = tf.tensor2d(x, [B, d]);
  return { x: xs, xT: tf.transpose(xs), Y: tf.tensor2d(Y, [B, k]) };
}

/** theta's rows (m x d, row-major) from theta^T (d x m). */
function rowsOf(thetaT: TF.Tensor2D): Float32Array {
  const [dd, mm] = thetaT.shape;
  const values = thetaT.dataSync();
  return Float32Array.from({ length: mm * dd }, (_, i) => values[(i % dd) * mm + Math.floor(i / dd)]);
}

describe('lossAndGradients against finite differences of a float64 reference', () => {
  it('the float64 reference loss equals the tf loss', () => {
    const { theta, u, x, labels, Y } = smallProblem();
    const net = makeNet(theta, u);
    const batch = batchOf(x, Y);
    const { x: xs, Y: Ys } = batch;
    const { loss, dU, dThetaT } = lossAndGradients(tf, net, batch);
    const tfLoss = loss.dataSync()[0];
    const ref = refLoss(theta, u, x, labels);
    expect(ref).toBeGreaterThan(0.05); // a non-trivial loss, so the relative comparison means something
    // float32 arithmetic over sums of at most m = 7 terms: relative error a few times 2^-24 ~ 6e-8; 1e-5 is
    // far above rounding and far below any formula error (e.g. a wrong alpha/m moves the loss by > 1e-2).
    expect(Math.abs(tfLoss - ref) / ref).toBeLessThan(1e-5);
    // the outputs of eq. (1) themselves
    const { h, f } = forward(tf, net, xs);
    const fRef = refOutputs(theta, u, x).flat();
    expect(relativeError(f.dataSync(), fRef)).toBeLessThan(1e-5);
    expect(h.shape).toEqual([B, m]);
    expect(f.shape).toEqual([B, k]);
    // crossEntropy alone on the same outputs
    const ce = crossEntropy(tf, f, Ys);
    expect(Math.abs(ce.dataSync()[0] - ref) / ref).toBeLessThan(1e-5);
    tf.dispose([net.thetaT, net.u, xs, Ys, batch.xT, loss, dU, dThetaT, h, f, ce]);
  });

  it('dU and dtheta match central differences', () => {
    const { theta, u, x, labels, Y } = smallProblem();
    const net = makeNet(theta, u);
    const batch = batchOf(x, Y);
    const { x: xs, Y: Ys } = batch;
    const { loss, dU, dThetaT } = lossAndGradients(tf, net, batch);
    expect(dU.shape).toEqual([k, m]);
    expect(dThetaT.shape).toEqual([d, m]);
    const fdU = finiteDifferences(u, (w) => refLoss(theta, w, x, labels));
    const fdTheta = finiteDifferences(theta, (w) => refLoss(w, u, x, labels));
    expect(maxAbs(fdU)).toBeGreaterThan(1e-2); // non-vanishing gradients, so the check has teeth
    expect(maxAbs(fdTheta)).toBeGreaterThan(1e-2);
    // The differences are float64 (truncation ~ step^2 = 1e-12, cancellation ~ 1e-16 / 1e-6 = 1e-10); tfjs
    // works in float32, so its gradients carry relative errors of order 1e-7 of the largest entry. 1e-3 of the
    // largest |gradient| leaves room for both, and a wrong factor or transposition errs by O(1) of it.
    expect(relativeError(dU.dataSync(), fdU)).toBeLessThan(1e-3);
    expect(relativeError(rowsOf(dThetaT), fdTheta)).toBeLessThan(1e-3);
    tf.dispose([net.thetaT, net.u, xs, Ys, batch.xT, loss, dU, dThetaT]);
  });

  it('leaves only its three results behind', () => {
    const { theta, u, x, Y } = smallProblem();
    const net = makeNet(theta, u);
    const batch = batchOf(x, Y);
    const { x: xs, Y: Ys } = batch;
    const before = tf.memory().numTensors;
    const out = lossAndGradients(tf, net, batch);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([net.thetaT, net.u, xs, Ys, batch.xT, out.loss, out.dU, out.dThetaT]);
  });
});

describe('sgdStep', () => {
  it('moves by exactly -eta * grad, within float32 rounding, and disposes its inputs', () => {
    const { theta, u, x, Y } = smallProblem();
    const net = makeNet(theta, u);
    const batch = batchOf(x, Y);
    const { x: xs, Y: Ys } = batch;
    const { loss, dU, dThetaT } = lossAndGradients(tf, net, batch);
    const eta = 0.37;
    const [t0, u0, gT, gU] = [net.thetaT.dataSync(), net.u.dataSync(), dThetaT.dataSync(), dU.dataSync()].map((a) => Float64Array.from(a));
    const next = sgdStep(tf, net, { dU, dThetaT }, { etaU: eta, etaTheta: eta });
    for (const [now, before, grad] of [
      [next.thetaT.dataSync(), t0, gT],
      [next.u.dataSync(), u0, gU],
    ] as const) {
      let moved = 0;
      for (let i = 0; i < now.length; i++) {
        const exact = before[i] - eta * grad[i];
        // Two float32 roundings (eta*grad, then the subtraction), each at most 2^-24 relative.
        const bound = 2 ** -23 * (Math.abs(before[i]) + Math.abs(eta * grad[i]));
        expect(Math.abs(now[i] - exact)).toBeLessThanOrEqual(bound);
        if (now[i] !== before[i]) moved++;
      }
      expect(moved).toBeGreaterThan(now.length / 2);
    }
    expect(next.alpha).toBe(alpha);
    expect(net.thetaT.isDisposed && net.u.isDisposed && dU.isDisposed && dThetaT.isDisposed).toBe(true);
    tf.dispose([next.thetaT, next.u, xs, Ys, batch.xT, loss]);
  });

  it('keeps the number of tensors constant over 10 steps, and the loss goes down', () => {
    const { theta, u, x, Y } = smallProblem();
    let net = makeNet(theta, u);
    const batch = batchOf(x, Y);
    const { x: xs, Y: Ys } = batch;
    const count = tf.memory().numTensors;
    const losses: number[] = [];
    for (let step = 0; step < 10; step++) {
      const { loss, ...grads } = lossAndGradients(tf, net, batch);
      losses.push(loss.dataSync()[0]);
      loss.dispose();
      net = sgdStep(tf, net, grads, { etaU: 0.5, etaTheta: 0.5 });
      expect(tf.memory().numTensors).toBe(count);
    }
    expect(losses[9]).toBeLessThan(losses[0]);
    tf.dispose([net.thetaT, net.u, xs, Ys, batch.xT]);
  });
});

describe('meanNeuronDistance', () => {
  it('averages Euclidean norms of rows (axis 1) or columns (axis 0) of now - initial', async () => {
    const initial = tf.tensor2d([
      [1, -1, 2],
      [0, 3, -2],
    ]);
    // now - initial = [[3, 4, 0], [0, 0, 5]]: row norms 5 and 5, column norms 3, 4 and 5.
    const now = tf.tensor2d([
      [4, 3, 2],
      [0, 3, 3],
    ]);
    const before = tf.memory().numTensors;
    expect(await meanNeuronDistance(tf, now, initial, 1)).toBeCloseTo(5, 6);
    expect(await meanNeuronDistance(tf, now, initial, 0)).toBeCloseTo(4, 6);
    expect(await meanNeuronDistance(tf, now, now, 0)).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([now, initial]);
  });
});

describe('epochBatches', () => {
  it('covers 0..n-1 exactly once, in batches of the given size with the remainder last', () => {
    const batches = epochBatches(generator(3, 'batches'), 10, 4);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    const all = batches.flatMap((b) => Array.from(b)).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('an exact multiple gives full batches; a batch larger than n gives one batch', () => {
    expect(epochBatches(generator(3, 'batches'), 12, 4).map((b) => b.length)).toEqual([4, 4, 4]);
    expect(epochBatches(generator(3, 'batches'), 5, 128).map((b) => b.length)).toEqual([5]);
  });

  it('two epochs from the same generator differ; the same seed repeats them', () => {
    const order = generator(3, 'batches');
    const first = epochBatches(order, 100, 32).flatMap((b) => Array.from(b));
    const second = epochBatches(order, 100, 32).flatMap((b) => Array.from(b));
    expect(second).not.toEqual(first);
    expect([...second].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const again = generator(3, 'batches');
    expect(epochBatches(again, 100, 32).flatMap((b) => Array.from(b))).toEqual(first);
    expect(epochBatches(again, 100, 32).flatMap((b) => Array.from(b))).toEqual(second);
  });
});

describe('accuracy', () => {
  it('counts rows whose largest output is the label', async () => {
    // theta = I, u = I, alpha = m = 2: f = tanh(x), so the argmax is the larger coordinate of x.
    const net: TwoLayer = { thetaT: tf.tensor2d([[1, 0], [0, 1]]), u: tf.tensor2d([[1, 0], [0, 1]]), alpha: 2 };
    const x = tf.tensor2d([
      [1, 0], // -> 0
      [0, 1], // -> 1
      [-1, 0], // -> 1
      [2, 1], // -> 0
      [0.2, -3], // -> 0
    ]);
    const labels = tf.tensor1d([0, 1, 0, 0, 1], 'int32'); // right, right, wrong, right, wrong
    const before = tf.memory().numTensors;
    expect(await accuracy(tf, net, x, labels)).toBeCloseTo(3 / 5, 6);
    expect(tf.memory().numTensors).toBe(before);
    const all = tf.tensor1d([0, 1, 1, 0, 0], 'int32');
    expect(await accuracy(tf, net, x, all)).toBe(1);
    tf.dispose([net.thetaT, net.u, x, labels, all]);
  });
});
