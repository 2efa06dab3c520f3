/**
 * The tangent model of eq. (8) (src/models/tangent), on tfjs's `cpu` backend. Oracles: the model and its softmax
 * cross-entropy in float64, written here; central finite differences of that loss; at theta = theta~ it is the
 * network u^T tanh(theta~ x) + b; and it is the first-order Taylor expansion of the network in theta.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { forward, lossAndGradients, type Tangent, type TangentPoint } from '../../src/models/tangent';
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

const f32 = (a: ArrayLike<number>) => Float64Array.from(Float32Array.from(a));

function problem() {
  const g = generator(5, 'test/tangent');
  const thetaTilde = f32(g.normals(m * d, 0.7)); // m x d, row j; scaled so tanh is curved, not saturated
  const theta = f32(thetaTilde.map((v) => v + 0.3 * g.normal())); // away from theta~, so the tangent term counts
  const uTilde = f32(g.normals(m * k)); // m x k, row j is u~_j
  const u = f32(g.normals(m * k));
  const b = f32(g.normals(k));
  const x = f32(g.normals(B * d));
  const labels = Array.from({ length: B }, () => g.integer(k));
  return { thetaTilde, theta, uTilde, u, b, x, labels };
}
type Problem = ReturnType<typeof problem>;

const dot = (a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number) => {
  let s = 0;
  for (let l = 0; l < d; l++) s += a[i * d + l] * b[j * d + l];
  return s;
};

/** Eq. (8) in float64: f_ic = sum_j [u_jc tanh(z~_ij) + u~_jc (1 - tanh^2 z~_ij) (theta_j - theta~_j) . x_i] + b_c. */
function refOutputs(p: Problem, theta: ArrayLike<number> = p.theta, u: ArrayLike<number> = p.u, b: ArrayLike<number> = p.b): number[][] {
  return Array.from({ length: B }, (_, i) =>
    Array.from({ length: k }, (_, c) => {
      let f = b[c];
      for (let j = 0; j < m; j++) {
        const h = Math.tanh(dot(p.x, i, p.thetaTilde, j));
        const dz = dot(p.x, i, theta, j) - dot(p.x, i, p.thetaTilde, j);
        f += u[j * k + c] * h + p.uTilde[j * k + c] * (1 - h * h) * dz;
      }
      return f;
    }),
  );
}
function refLoss(p: Problem, theta: ArrayLike<number> = p.theta, u: ArrayLike<number> = p.u, b: ArrayLike<number> = p.b): number {
  return (
    refOutputs(p, theta, u, b).reduce((total, f, i) => {
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

/** theta^T (d x m) from rows (m x d), and back. */
const thetaT = (rows: ArrayLike<number>) => tf.transpose(tf.tensor2d(Float32Array.from(rows), [m, d])) as TF.Tensor2D;
const rowsOf = (t: TF.Tensor2D) => tf.tidy(() => tf.transpose(t).dataSync());

function setUp(p = problem(), theta: ArrayLike<number> = p.theta) {
  const x = tf.tensor2d(Float32Array.from(p.x), [B, d]);
  const Y = tf.tensor2d(p.labels.flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))), [B, k]);
  const batch: Batch = { x, xT: tf.transpose(x), Y };
  const model: Tangent = { u: tf.tensor2d(Float32Array.from(p.u), [m, k]), thetaT: thetaT(theta), b: tf.tensor1d(Float32Array.from(p.b)) };
  const at: TangentPoint = { uTilde: tf.tensor2d(Float32Array.from(p.uTilde), [m, k]), thetaTildeT: thetaT(p.thetaTilde) };
  const dispose = () => tf.dispose([x, Y, batch.xT, model.u, model.thetaT, model.b, at.uTilde, at.thetaTildeT]);
  return { p, x, Y, batch, model, at, dispose };
}

describe('the tangent model, eq. (8)', () => {
  it('computes the outputs of the float64 reference', () => {
    const { p, x, model, at, dispose } = setUp();
    const f = forward(tf, model, at, x);
    expect(f.shape).toEqual([B, k]);
    expect(relativeError(f.dataSync(), refOutputs(p).flat())).toBeLessThan(1e-5);
    f.dispose();
    dispose();
  });

  it('is the network u^T tanh(theta~ x) + b at theta = theta~, and its first-order expansion in theta', () => {
    const p = problem();
    const at0 = setUp(p, p.thetaTilde);
    const network = refOutputs(p, p.thetaTilde).flat(); // the tangent term vanishes
    const f0 = forward(tf, at0.model, at0.at, at0.x);
    expect(relativeError(f0.dataSync(), network)).toBeLessThan(1e-5);
    f0.dispose();
    at0.dispose();
    // The network with theta~ + eps v against the model: the difference is O(eps^2) (second-order Taylor term).
    const v = p.theta.map((t, i) => t - p.thetaTilde[i]);
    const gap = (eps: number) => {
      let worst = 0;
      for (let i = 0; i < B; i++)
        for (let c = 0; c < k; c++) {
          let net = p.b[c];
          let lin = p.b[c];
          for (let j = 0; j < m; j++) {
            const z = dot(p.x, i, p.thetaTilde, j);
            let dz = 0;
            for (let l = 0; l < d; l++) dz += eps * v[j * d + l] * p.x[i * d + l];
            net += p.u[j * k + c] * Math.tanh(z) + p.uTilde[j * k + c] * (Math.tanh(z + dz) - Math.tanh(z));
            lin += p.u[j * k + c] * Math.tanh(z) + p.uTilde[j * k + c] * (1 - Math.tanh(z) ** 2) * dz;
          }
          worst = Math.max(worst, Math.abs(net - lin));
        }
      return worst;
    };
    // Halving eps quarters the gap (ratio 4 up to higher-order terms); a wrong derivative would make it linear (ratio 2).
    const ratio = gap(1e-3) / gap(5e-4);
    expect(ratio).toBeGreaterThan(3.8);
    expect(ratio).toBeLessThan(4.2);
  });

  it('its gradients match central differences of the float64 loss', () => {
    const { p, batch, model, at, dispose } = setUp();
    const { loss: l, grads } = lossAndGradients(tf, model, at, batch);
    const ref = refLoss(p);
    expect(ref).toBeGreaterThan(0.05);
    expect(Math.abs(l.dataSync()[0] - ref) / ref).toBeLessThan(1e-5);
    expect(grads.u.shape).toEqual([m, k]);
    expect(grads.thetaT.shape).toEqual([d, m]);
    expect(grads.b.shape).toEqual([k]);
    const fdU = finiteDifferences(p.u, (w) => refLoss(p, p.theta, w));
    const fdTheta = finiteDifferences(p.theta, (w) => refLoss(p, w));
    const fdB = finiteDifferences(p.b, (w) => refLoss(p, p.theta, p.u, w));
    for (const fd of [fdU, fdTheta, fdB]) expect(maxAbs(fd)).toBeGreaterThan(1e-2); // the check has teeth
    // float64 differences against float32 gradients; a wrong factor, sign or transposition errs by O(1).
    expect(relativeError(grads.u.dataSync(), fdU)).toBeLessThan(1e-3);
    expect(relativeError(rowsOf(grads.thetaT), fdTheta)).toBeLessThan(1e-3);
    expect(relativeError(grads.b.dataSync(), fdB)).toBeLessThan(1e-3);
    tf.dispose([l, grads.u, grads.thetaT, grads.b]);
    dispose();
  });

  it('leaves only its results behind; its loss and accuracy on a set, in chunks, are the reference\'s', async () => {
    const { p, x, Y, batch, model, at, dispose } = setUp();
    const labels = tf.tensor1d(p.labels, 'int32');
    const before = tf.memory().numTensors;
    const out = lossAndGradients(tf, model, at, batch);
    expect(tf.memory().numTensors).toBe(before + 4);
    tf.dispose([out.loss, out.grads.u, out.grads.thetaT, out.grads.b]);
    const measured = await lossAndAccuracy(tf, (rows) => forward(tf, model, at, rows), { x, Y, labels }, 3);
    expect(Math.abs(measured.loss - refLoss(p)) / refLoss(p)).toBeLessThan(1e-5);
    const predicted = refOutputs(p).map((f) => f.indexOf(Math.max(...f)));
    expect(measured.accuracy).toBe(predicted.filter((c, i) => c === p.labels[i]).length / B);
    expect(tf.memory().numTensors).toBe(before);
    labels.dispose();
    dispose();
  });
});
