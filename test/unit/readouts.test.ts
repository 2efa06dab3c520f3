/**
 * The stacked readouts (src/models/readouts) against one softmax regression written out in float64, readout by
 * readout; and the random-feature gradients of src/models/two-layer-std-readout against the full ones of two-layer-std.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { nodeTf } from '../../src/runtime/node-tf';
import { readoutAccuracies, readoutGradients, readoutOutputs } from '../../src/models/readouts';
import { readoutLossAndGradients } from '../../src/models/two-layer-std-readout';
import { lossAndGradients } from '../../src/models/two-layer-std';
import { generator } from '../../src/random/generator';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

const g = generator(3, 'test/readouts');
const [R, B, n, k] = [3, 5, 4, 3];
const H = g.normals(R * B * n);
const W = g.normals(R * n * k);
const b = g.normals(R * k);
const labels = Array.from({ length: B }, (_, i) => i % k);
const Y = new Float32Array(B * k).map((_, i) => (labels[Math.floor(i / k)] === i % k ? 1 : 0));

/** Readout r's mean cross-entropy and its gradients, in float64. */
function reference(r: number) {
  const dW = new Float64Array(n * k);
  const db = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < B; i++) {
    const f = Array.from({ length: k }, (_, c) => {
      let s = b[r * k + c];
      for (let l = 0; l < n; l++) s += H[(r * B + i) * n + l] * W[(r * n + l) * k + c];
      return s;
    });
    const top = Math.max(...f);
    const z = f.reduce((s, v) => s + Math.exp(v - top), 0);
    loss += (top + Math.log(z) - f[labels[i]]) / B;
    for (let c = 0; c < k; c++) {
      const gc = (Math.exp(f[c] - top) / z - (labels[i] === c ? 1 : 0)) / B;
      db[c] += gc;
      for (let l = 0; l < n; l++) dW[l * k + c] += H[(r * B + i) * n + l] * gc;
    }
  }
  return { loss, dW, db };
}

describe('stacked readouts', () => {
  it('give each readout the loss and gradients of its own softmax regression', async () => {
    const net = { W: tf.tensor3d(W, [R, n, k]), b: tf.tensor3d(b, [R, 1, k]) };
    const { losses, dW, db } = readoutGradients(tf, net, tf.tensor3d(H, [R, B, n]), tf.tensor2d(Y, [B, k]));
    const [L, gW, gb] = await Promise.all([losses.data(), dW.data(), db.data()]);
    expect(dW.shape).toEqual([R, n, k]);
    expect(db.shape).toEqual([R, 1, k]);
    for (let r = 0; r < R; r++) {
      const ref = reference(r);
      expect(L[r]).toBeCloseTo(ref.loss, 5);
      ref.dW.forEach((v, i) => expect(gW[r * n * k + i]).toBeCloseTo(v, 5));
      ref.db.forEach((v, c) => expect(gb[r * k + c]).toBeCloseTo(v, 5));
    }
  });

  it('count a row as correct when its largest output is the label', async () => {
    // One readout, two rows: outputs (1, 0, 0) and (0, 0, 2); labels 0 and 1.
    const net = { W: tf.tensor3d([1, 0, 0, 0, 0, 2], [1, 2, 3]), b: tf.zeros([1, 1, 3]) as TF.Tensor3D };
    const f = readoutOutputs(tf, net, tf.tensor3d([1, 0, 0, 1], [1, 2, 2]));
    expect(Array.from(await readoutAccuracies(tf, f, tf.tensor1d([0, 1], 'int32')).data())).toEqual([0.5]);
  });
});

describe('readout-only gradients of the P-std network', () => {
  it('equal the full gradients\' dW2 and db', async () => {
    const [d, m, batch] = [3, 4, 6];
    const net = { thetaT: tf.tensor2d(g.normals(d * m), [d, m]), W2: tf.tensor2d(g.normals(k * m), [k, m]), b: tf.tensor1d(g.normals(k)) };
    const x = g.normals(batch * d);
    const Yb = new Float32Array(batch * k).map((_, i) => (i % k === Math.floor(i / k) % k ? 1 : 0));
    const data = { x: tf.tensor2d(x, [batch, d]), xT: tf.transpose(tf.tensor2d(x, [batch, d])) as TF.Tensor2D, Y: tf.tensor2d(Yb, [batch, k]) };
    const full = lossAndGradients(tf, net, data);
    const readout = readoutLossAndGradients(tf, net, data);
    expect(Array.from(await readout.dW2.data())).toEqual(Array.from(await full.dW2.data()));
    expect(Array.from(await readout.dB!.data())).toEqual(Array.from(await full.dB!.data()));
    expect((await readout.loss.data())[0]).toBe((await full.loss.data())[0]);
  });
});
