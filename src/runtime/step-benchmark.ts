/**
 * Milliseconds per SGD step of Figure 2's network (m = 256, d = 196, batch 128, 10 outputs) on the current tfjs
 * backend: median over timed steps after warm-up steps. A timed step is what the training loop does: assemble the
 * batch on the host (src/training/batch), compute the loss and gradients, update, and read the loss back (so that
 * WebGL's and WebGPU's queued work is included). Used by `npm run bench` in Node and by the /bench/ page.
 *
 * FLOP per step, counted from the products of src/models/two-layer (multiply-adds as 2):
 * z = x theta^T and dphi/dtheta^T = x^T g_z, 2 B d m each; f = h u^T, g_f u and g_f^T h, 2 B m k each.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { lossAndGradients, thetaTFromRows, type TwoLayer } from '../models/two-layer';
import { disposeBatch, makeBatch } from '../training/batch';
import { sgdStep } from '../training/sgd';
import { generator } from '../random/generator';

export const BENCH_SHAPE = { m: 256, d: 196, batch: 128, k: 10 };

export const STEP_FLOP = (() => {
  const { m, d, batch, k } = BENCH_SHAPE;
  return 2 * (2 * batch * d * m) + 3 * (2 * batch * m * k);
})();

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Figure 2's network and data at the bench shape, and one training step on it (batch i of the data). */
function benchProblem(tf: typeof TF) {
  const { m, d, batch, k } = BENCH_SHAPE;
  const g = generator(1, 'bench/step');
  const n = 4 * batch;
  const set = { x: Float32Array.from(g.normals(n * d, 0.3)), labels: Array.from({ length: n }, () => g.integer(k)), d, k };
  let net: TwoLayer = { thetaT: thetaTFromRows(tf, g.normals(m * d), m, d), u: tf.tensor2d(g.normals(k * m), [k, m]), alpha: 16 };
  return {
    step(i: number): TF.Scalar {
      const b = makeBatch(tf, set, Array.from({ length: batch }, (_, r) => ((i * batch + r) * 7) % n));
      const { loss, ...grads } = lossAndGradients(tf, net, b);
      net = sgdStep(tf, net, grads, { etaU: 1.6, etaTheta: 1.6 });
      disposeBatch(tf, b);
      return loss;
    },
    dispose: () => tf.dispose([net.thetaT, net.u]),
  };
}

export async function msPerStep(tf: typeof TF, warmup = 5, steps = 30): Promise<number> {
  const problem = benchProblem(tf);
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const start = performance.now();
      const loss = problem.step(i);
      await loss.data();
      loss.dispose();
      if (i >= warmup) times.push(performance.now() - start);
    }
  } finally {
    problem.dispose();
  }
  return median(times);
}

/** Milliseconds per kernel and step (tfjs's profiler over `steps` steps after warm-up), largest first. */
export async function stepProfile(tf: typeof TF, warmup = 5, steps = 20): Promise<{ kernel: string; ms: number; calls: number }[]> {
  const problem = benchProblem(tf);
  try {
    for (let i = 0; i < warmup; i++) problem.step(i).dispose();
    const info = await tf.profile(() => {
      for (let i = 0; i < steps - 1; i++) problem.step(warmup + i).dispose();
      return problem.step(warmup + steps - 1);
    });
    const byKernel = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      entry.ms += (Number(k.kernelTimeMs) || 0) / steps;
      entry.calls += 1 / steps;
      byKernel.set(k.name, entry);
    }
    tf.dispose(info.result as TF.Tensor);
    return [...byKernel].map(([kernel, v]) => ({ kernel, ms: v.ms, calls: Math.round(v.calls) })).sort((a, b) => b.ms - a.ms);
  } finally {
    problem.dispose();
  }
}

/** GFLOP/s of a 512 x 512 by 512 x 512 matMul on the current backend: the backend's own rate for dense products. */
export async function matMulGflops(tf: typeof TF, repeats = 20): Promise<number> {
  const g = generator(1, 'bench/matmul');
  const N = 512;
  const a = tf.tensor2d(g.normals(N * N), [N, N]);
  const b = tf.tensor2d(g.normals(N * N), [N, N]);
  const times: number[] = [];
  try {
    for (let i = 0; i < repeats + 3; i++) {
      const start = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      if (i >= 3) times.push(performance.now() - start);
    }
  } finally {
    tf.dispose([a, b]);
  }
  return (2 * N ** 3) / (median(times) * 1e6);
}
