/**
 * The random-feature model of eq. (3) (src/models/random-features), on tfjs's `cpu` backend. Oracles: the model and
 * its softmax cross-entropy in float64, written here, and central finite differences of that loss.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { features, forward, lossAndGradients, type RandomFeatures } from '../../src/models/random-features';
import { lossAndAccuracy } from '../../src/training/evaluate';
import { generator } from '../../src/random/generator';
import { nodeTf } from '../../src/runtime/node-tf';
import type { Batch } from '../../src/training/batch';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

const d = 6;
const m = 5;
const k = 3;
const B = 4;

function problem() {
  const g = generator(3, 'test/random-features');
  const theta = g.normals(m * d, 0.7); // m x d, row j is theta~_j (scaled so tanh is curved, not saturated)
  const u = g.normals(m * k); // m x k, row j is u_j
  const b = g.normals(k);
  const x = g.normals(B * d);
  const labels = Array.from({ length: B }, () => g.integer(k));
  return { theta, u, b, x, labels };
}

/** h_ij = tanh(theta~_j . x_i) in float64. */
function refFeatures(theta: ArrayLike<number>, x: ArrayLike<number>): number[][] {
  return Array.from({ length: B }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      let z = 0;
      for (let l = 0; l < d; l++) z += theta[j * d + l] * x[i * d + l];
      return Math.tanh(z);
    }),
  );
}

/** Eq. (3) with a bias, f_ic = sum_j u_jc h_ij + b_c, and its mean softmax cross-entropy, in float64. */
function refOutputs(h: number[][], u: ArrayLike<number>, b: ArrayLike<number>): number[][] {
  return h.map((row) => Array.from({ length: k }, (_, c) => row.reduce((s, hj, j) => s + u[j * k + c] * hj, b[c])));
}
function refLoss(h: number[][], u: ArrayLike<number>, b: ArrayLike<number>, labels: number[]): number {
  return (
    refOutputs(h, u, b).reduce((total, f, i) => {
      const top = Math.max(...f);
      return total + top + Math.log(f.reduce((s, v) => s + Math.exp(v - top), 0)) - f[labels[i]];
    }, 0) / B
  );
}

function finiteDifferences(w: ArrayLike<number>, lossOf: (w: Float64Array) => number): Float64Array {
  const step = 1e-6;
  return Float64Array.from(w, (_, i) => {
    const plus = Float64Array.from(w);
    const minus = Float64Array.from(w);
    plus[i] += step;
    minus[i] -= step;
    return (lossOf(plus) - lossOf(minus)) / (2 * step);
  });
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => Math.max(s, Math.abs(v)), 0);
/** Largest |a_i - b_i| relative to max |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  return Array.from(a).reduce((e, v, i) => Math.max(e, Math.abs(v - b[i])), 0) / maxAbs(b);
}

function setUp() {
  const p = problem();
  const thetaT = tf.transpose(tf.tensor2d(p.theta, [m, d])) as TF.Tensor2D;
  const x = tf.tensor2d(p.x, [B, d]);
  const h = features(tf, thetaT, x);
  const Y = tf.tensor2d(p.labels.flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))), [B, k]);
  const batch: Batch = { x: h, xT: tf.transpose(h), Y };
  const model: RandomFeatures = { u: tf.tensor2d(p.u, [m, k]), b: tf.tensor1d(p.b) };
  const hRef = refFeatures(p.theta, p.x);
  const dispose = () => tf.dispose([thetaT, x, h, Y, batch.xT, model.u, model.b]);
  return { p, h, Y, batch, model, hRef, dispose };
}

describe('the random-feature model, eq. (3)', () => {
  it('computes the features and outputs of the float64 reference', () => {
    const { p, h, model, hRef, dispose } = setUp();
    expect(h.shape).toEqual([B, m]);
    // float32 sums of d = 6 terms and a tanh: errors of a few 1e-7, against O(1) values.
    expect(relativeError(h.dataSync(), hRef.flat())).toBeLessThan(1e-5);
    const f = forward(tf, model, h);
    expect(f.shape).toEqual([B, k]);
    expect(relativeError(f.dataSync(), refOutputs(hRef, p.u, p.b).flat())).toBeLessThan(1e-5);
    f.dispose();
    dispose();
  });

  it('its gradients match central differences of the float64 loss', () => {
    const { p, batch, model, hRef, dispose } = setUp();
    const { loss: l, grads } = lossAndGradients(tf, model, batch);
    const ref = refLoss(hRef, p.u, p.b, p.labels);
    expect(ref).toBeGreaterThan(0.05);
    expect(Math.abs(l.dataSync()[0] - ref) / ref).toBeLessThan(1e-5);
    expect(grads.u.shape).toEqual([m, k]);
    expect(grads.b.shape).toEqual([k]);
    const fdU = finiteDifferences(p.u, (w) => refLoss(hRef, w, p.b, p.labels));
    const fdB = finiteDifferences(p.b, (w) => refLoss(hRef, p.u, w, p.labels));
    expect(maxAbs(fdU)).toBeGreaterThan(1e-2); // non-vanishing gradients, so the check has teeth
    expect(maxAbs(fdB)).toBeGreaterThan(1e-2);
    // float64 differences (truncation ~1e-12) against float32 gradients (~1e-7 of the largest entry); a wrong
    // factor, sign or transposition errs by O(1) of it.
    expect(relativeError(grads.u.dataSync(), fdU)).toBeLessThan(1e-3);
    expect(relativeError(grads.b.dataSync(), fdB)).toBeLessThan(1e-3);
    tf.dispose([l, grads.u, grads.b]);
    dispose();
  });

  it('leaves only its results behind; its loss and accuracy on a set, in chunks or not, are the reference\'s', async () => {
    const { p, h, Y, batch, model, hRef, dispose } = setUp();
    const labels = tf.tensor1d(p.labels, 'int32');
    const before = tf.memory().numTensors;
    const out = lossAndGradients(tf, model, batch);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([out.loss, out.grads.u, out.grads.b]);
    const predicted = refOutputs(hRef, p.u, p.b).map((f) => f.indexOf(Math.max(...f)));
    const expected = predicted.filter((c, i) => c === p.labels[i]).length / B;
    for (const chunk of [B, 3, 1]) {
      const measured = await lossAndAccuracy(tf, (rows) => forward(tf, model, rows), { x: h, Y, labels }, chunk);
      expect(Math.abs(measured.loss - refLoss(hRef, p.u, p.b, p.labels))).toBeLessThan(1e-5);
      expect(measured.accuracy).toBe(expected);
    }
    expect(tf.memory().numTensors).toBe(before);
    labels.dispose();
    dispose();
  });
});
