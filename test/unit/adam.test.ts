/** Adam (PyTorch semantics, coupled weight decay) against its update written out in float64. */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { nodeTf } from '../../src/runtime/node-tf';
import { Adam } from '../../src/training/adam';
import { generator } from '../../src/random/generator';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

const g = generator(11, 'test/adam');
const p0 = g.normals(6);
const grads = [0, 1, 2].map(() => g.normals(6));

/** torch.optim.Adam's step, in float64: three steps from p0 with the gradients above. */
function reference(lr: number, wd: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): number[] {
  const p = Array.from(p0);
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((grad, step) => {
    const t = step + 1;
    for (let i = 0; i < p.length; i++) {
      const gi = grad[i] + wd * p[i];
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      const mHat = m[i] / (1 - beta1 ** t);
      const vHat = v[i] / (1 - beta2 ** t);
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  });
  return p;
}

describe('Adam', () => {
  it.each([
    [1e-3, 0],
    [3e-3, 1e-4],
    [0.1, 0.5],
  ])('lr %s, coupled weight decay %s: three steps match torch.optim.Adam, no tensor left behind', (lr, wd) => {
    const before = tf.memory().numTensors;
    const adam = new Adam(tf, { lr, weightDecay: wd });
    let params = { w: tf.tensor2d(p0, [2, 3]) };
    for (const grad of grads) params = adam.step(params, { w: tf.tensor2d(grad, [2, 3]) });
    const actual = params.w.dataSync();
    const expected = reference(lr, wd);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(expected[i])));
    params.w.dispose();
    adam.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('moves a parameter with a zero gradient by about lr per step under coupled decay (how Figure 11 kills neurons)', () => {
    const adam = new Adam(tf, { lr: 1e-3, weightDecay: 1e-3 });
    let params = { w: tf.tensor1d([0.5]) };
    for (let t = 0; t < 100; t++) params = adam.step(params, { w: tf.zeros([1]) });
    expect(0.5 - params.w.dataSync()[0]).toBeCloseTo(0.1, 2);
    params.w.dispose();
    adam.dispose();
  });
});
