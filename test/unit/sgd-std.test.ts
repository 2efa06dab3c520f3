/** The P-std gradient step (src/training/sgd-std), against the update written out in float64. */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { nodeTf } from '../../src/runtime/node-tf';
import { sgdStepStd } from '../../src/training/sgd-std';
import type { TwoLayerStd } from '../../src/models/two-layer-std';
import { generator } from '../../src/random/generator';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

// m = 4 neurons, d = 3 inputs, k = 2 outputs.
const g = generator(11, 'test/sgd-std');
const theta0 = g.normals(12);
const W20 = g.normals(8);
const b0 = g.normals(2);
const dTheta = g.normals(12);
const dW2 = g.normals(8);
const dB = g.normals(2);
const lr = 0.3;

const net = (withBias: boolean): TwoLayerStd => ({
  thetaT: tf.tensor2d(theta0, [3, 4]),
  W2: tf.tensor2d(W20, [2, 4]),
  ...(withBias && { b: tf.tensor1d(b0) }),
});
const grads = (withBias: boolean) => ({
  dThetaT: tf.tensor2d(dTheta, [3, 4]),
  dW2: tf.tensor2d(dW2, [2, 4]),
  ...(withBias && { dB: tf.tensor1d(dB) }),
});

/** |a - b| within a few float32 roundings of the magnitudes involved. */
function close(actual: ArrayLike<number>, p0: Float32Array, g0: Float32Array) {
  expect(actual.length).toBe(p0.length);
  for (let i = 0; i < p0.length; i++) expect(Math.abs(actual[i] - (p0[i] - lr * g0[i]))).toBeLessThanOrEqual(1e-5);
}

describe('sgdStepStd', () => {
  it('moves theta, W2 and the output bias each by lr times its gradient, and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const next = sgdStepStd(tf, net(true), grads(true), lr);
    close(next.thetaT.dataSync(), theta0, dTheta);
    close(next.W2.dataSync(), W20, dW2);
    close(next.b!.dataSync(), b0, dB);
    tf.dispose([next.thetaT, next.W2, next.b!]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('works without an output bias', () => {
    const next = sgdStepStd(tf, net(false), grads(false), lr);
    expect(next.b).toBeUndefined();
    close(next.W2.dataSync(), W20, dW2);
    tf.dispose([next.thetaT, next.W2]);
  });

  it('refuses a bias gradient for a network without a bias, and the reverse', () => {
    for (const [withBias, gradBias] of [[false, true], [true, false]]) {
      const n = net(withBias);
      const gr = grads(gradBias);
      expect(() => sgdStepStd(tf, n, gr, lr)).toThrow(/output bias/);
      tf.dispose([n.thetaT, n.W2, ...(n.b ? [n.b] : []), gr.dThetaT, gr.dW2, ...('dB' in gr && gr.dB ? [gr.dB] : [])]);
    }
  });
});
