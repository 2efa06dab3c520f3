/**
 * The authors' tangent model of Figure 10 (src/models/tangent-full), on tfjs's `cpu` backend. Oracles: the model and
 * its softmax cross-entropy in float64, written here, and central finite differences of that loss.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { forward, lossAndGradients, type TangentFull } from '../../src/models/tangent-full';
import { lossAndAccuracy } from '../../src/training/evaluate';
import { generator } from '../../src/random/generator';
import { nodeTf } from '../../src/runtime/node-tf';
import type { Batch } from '../../src/training/batch';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

const d = 6;
const m = 4;
const k = 3;
const B = 5;

const f32 = (a: ArrayLike<number>) => Float64Array.from(Float32Array.from(a));

function problem() {
  const g = generator(7, 'test/tangent-full');
  return {
    thetaTilde: f32(g.normals(m * d, 0.7)), // m x d, row j; scaled so tanh is curved, not saturated
    A: f32(g.normals(d * m * k)), // d x (m k): entry (l, j k + c) is (A_j)_cl
    beta: f32(g.normals(m * k)), // m x k
    V: f32(g.normals(m * k)), // m x k
    c: f32(g.normals(k)),
    x: f32(g.normals(B * d)),
    labels: Array.from({ length: B }, () => g.integer(k)),
  };
}
type Problem = ReturnType<typeof problem>;
type Weights = Pick<Problem, 'A' | 'beta' | 'V' | 'c'>;

/** f_ic = sum_j s_ij (sum_l (A_j)_cl x_il + beta_jc) + sum_j z~_ij V_jc + c_c in float64. */
function refOutputs(p: Problem, w: Weights = p): number[][] {
  return Array.from({ length: B }, (_, i) =>
    Array.from({ length: k }, (_, c) => {
      let f = w.c[c];
      for (let j = 0; j < m; j++) {
        let z = 0;
        for (let l = 0; l < d; l++) z += p.thetaTilde[j * d + l] * p.x[i * d + l];
        const s = 1 - Math.tanh(z) ** 2;
        let Ax = 0;
        for (let l = 0; l < d; l++) Ax += w.A[l * m * k + j * k + c] * p.x[i * d + l];
        f += s * (Ax + w.beta[j * k + c]) + z * w.V[j * k + c];
      }
      return f;
    }),
  );
}
function refLoss(p: Problem, w: Weights = p): number {
  return (
    refOutputs(p, w).reduce((total, f, i) => {
      const top = Math.max(...f);
      return total + top + Math.log(f.reduce((s, v) => s + Math.exp(v - top), 0)) - f[p.labels[i]];
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
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  return Array.from(a).reduce((e, v, i) => Math.max(e, Math.abs(v - b[i])), 0) / maxAbs(b);
}

function setUp() {
  const p = problem();
  const x = tf.tensor2d(Float32Array.from(p.x), [B, d]);
  const Y = tf.tensor2d(p.labels.flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))), [B, k]);
  const batch: Batch = { x, xT: tf.transpose(x), Y };
  const thetaTildeT = tf.transpose(tf.tensor2d(Float32Array.from(p.thetaTilde), [m, d])) as TF.Tensor2D;
  const model: TangentFull = {
    A: tf.tensor2d(Float32Array.from(p.A), [d, m * k]),
    beta: tf.tensor2d(Float32Array.from(p.beta), [m, k]),
    V: tf.tensor2d(Float32Array.from(p.V), [m, k]),
    c: tf.tensor1d(Float32Array.from(p.c)),
  };
  const dispose = () => tf.dispose([x, Y, batch.xT, thetaTildeT, ...Object.values(model)]);
  return { p, x, Y, batch, thetaTildeT, model, dispose };
}

describe("the authors' tangent model of Figure 10", () => {
  it('computes the outputs of the float64 reference', () => {
    const { p, x, thetaTildeT, model, dispose } = setUp();
    const f = forward(tf, model, thetaTildeT, x);
    expect(f.shape).toEqual([B, k]);
    expect(relativeError(f.dataSync(), refOutputs(p).flat())).toBeLessThan(1e-5);
    f.dispose();
    dispose();
  });

  it('its gradients match central differences of the float64 loss', () => {
    const { p, batch, thetaTildeT, model, dispose } = setUp();
    const { loss: l, grads } = lossAndGradients(tf, model, thetaTildeT, batch);
    const ref = refLoss(p);
    expect(ref).toBeGreaterThan(0.05);
    expect(Math.abs(l.dataSync()[0] - ref) / ref).toBeLessThan(1e-5);
    for (const name of ['A', 'beta', 'V', 'c'] as const) {
      expect(grads[name].shape).toEqual(model[name].shape);
      const fd = finiteDifferences(p[name], (w) => refLoss(p, { ...p, [name]: w }));
      expect(maxAbs(fd)).toBeGreaterThan(1e-2); // the check has teeth
      // float64 differences against float32 gradients; a wrong factor, sign or index errs by O(1).
      expect(relativeError(grads[name].dataSync(), fd)).toBeLessThan(1e-3);
    }
    tf.dispose([l, ...Object.values(grads)]);
    dispose();
  });

  it('leaves only its results behind; its loss and accuracy on a set, in chunks, are the reference\'s', async () => {
    const { p, x, Y, batch, thetaTildeT, model, dispose } = setUp();
    const labels = tf.tensor1d(p.labels, 'int32');
    const before = tf.memory().numTensors;
    const out = lossAndGradients(tf, model, thetaTildeT, batch);
    expect(tf.memory().numTensors).toBe(before + 5);
    tf.dispose([out.loss, ...Object.values(out.grads)]);
    const measured = await lossAndAccuracy(tf, (rows) => forward(tf, model, thetaTildeT, rows), { x, Y, labels }, 2);
    expect(Math.abs(measured.loss - refLoss(p)) / refLoss(p)).toBeLessThan(1e-5);
    const predicted = refOutputs(p).map((f) => f.indexOf(Math.max(...f)));
    expect(measured.accuracy).toBe(predicted.filter((c, i) => c === p.labels[i]).length / B);
    expect(tf.memory().numTensors).toBe(before);
    labels.dispose();
    dispose();
  });
});
