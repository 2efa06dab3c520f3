/**
 * Milliseconds per SGD step of Figure 2's network (m = 256, d = 196, batch 128, 10 outputs) on the current tfjs
 * backend: median over timed steps after warm-up steps. Each timed step reads one number back, so that WebGL's
 * queued work is included. Used by `npm run bench` in Node and by the site's /bench/ page in the browser.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { lossAndGradients, type TwoLayer } from '../models/two-layer';
import { sgdStep } from '../training/sgd';
import { generator } from '../random/generator';

export const BENCH_SHAPE = { m: 256, d: 196, batch: 128, k: 10 };

export async function msPerStep(tf: typeof TF, warmup = 5, steps = 30): Promise<number> {
  const { m, d, batch, k } = BENCH_SHAPE;
  const g = generator(1, 'bench/step');
  const x = tf.tensor2d(g.normals(batch * d, 0.3), [batch, d]);
  const labels = Array.from({ length: batch }, () => g.integer(k));
  const Y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), k), 'float32')) as TF.Tensor2D;
  let net: TwoLayer = { theta: tf.tensor2d(g.normals(m * d), [m, d]), u: tf.tensor2d(g.normals(k * m), [k, m]), alpha: 16 };
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const start = performance.now();
      const { loss, ...grads } = lossAndGradients(tf, net, x, Y);
      net = sgdStep(tf, net, grads, { etaU: 1.6, etaTheta: 1.6 });
      await loss.data();
      loss.dispose();
      if (i >= warmup) times.push(performance.now() - start);
    }
  } finally {
    tf.dispose([x, Y, net.theta, net.u]);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
