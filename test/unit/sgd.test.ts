/** Per-layer step sizes and momentum (PyTorch's convention), against the update written out in float64. */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { nodeTf } from '../../src/runtime/node-tf';
import { MomentumSgd, sgdStep } from '../../src/training/sgd';
import type { TwoLayer } from '../../src/models/two-layer';
import { generator } from '../../src/random/generator';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

const g = generator(7, 'test/sgd');
const theta0 = g.normals(12);
const u0 = g.normals(6);
const grads = [0, 1, 2].map(() => ({ dTheta: g.normals(12), dU: g.normals(6) }));
const net = (): TwoLayer => ({ thetaT: tf.tensor2d(theta0, [4, 3]), u: tf.tensor2d(u0, [2, 3]), alpha: 1 });
const tensors = (i: number) => ({ dThetaT: tf.tensor2d(grads[i].dTheta, [4, 3]), dU: tf.tensor2d(grads[i].dU, [2, 3]) });

/** |a - b| within a few float32 roundings of the magnitudes involved. */
function close(actual: ArrayLike<number>, expected: number[], scale: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-6 * scale);
}

describe('sgdStep with two step sizes', () => {
  it('moves u by eta_u times its gradient and theta by eta_theta times its gradient', () => {
    const next = sgdStep(tf, net(), tensors(0), { etaU: 3, etaTheta: 0.25 });
    close(next.thetaT.dataSync(), Array.from(theta0, (p, i) => p - 0.25 * grads[0].dTheta[i]), 10);
    close(next.u.dataSync(), Array.from(u0, (p, i) => p - 3 * grads[0].dU[i]), 10);
    tf.dispose([next.thetaT, next.u]);
  });
});

describe('MomentumSgd', () => {
  it('follows v <- mu v + g, p <- p - eta v over three steps, and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const mu = 0.9;
    const eta = 0.1;
    const optimiser = new MomentumSgd(tf, mu, { etaU: eta, etaTheta: eta });
    let n = net();
    for (let i = 0; i < 3; i++) n = optimiser.step(n, tensors(i));
    const expected = (p0: Float32Array, key: 'dTheta' | 'dU') => {
      const v = new Float64Array(p0.length);
      const p = Float64Array.from(p0);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < p.length; j++) {
          v[j] = mu * v[j] + grads[i][key][j];
          p[j] -= eta * v[j];
        }
      }
      return Array.from(p);
    };
    close(n.thetaT.dataSync(), expected(theta0, 'dTheta'), 10);
    close(n.u.dataSync(), expected(u0, 'dU'), 10);
    optimiser.dispose();
    tf.dispose([n.thetaT, n.u]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with mu = 0 is plain SGD', () => {
    const optimiser = new MomentumSgd(tf, 0, { etaU: 0.5, etaTheta: 0.5 });
    const a = optimiser.step(net(), tensors(1));
    const b = sgdStep(tf, net(), tensors(1), { etaU: 0.5, etaTheta: 0.5 });
    expect(Array.from(a.thetaT.dataSync())).toEqual(Array.from(b.thetaT.dataSync()));
    optimiser.dispose();
    tf.dispose([a.thetaT, a.u, b.thetaT, b.u]);
  });
});
