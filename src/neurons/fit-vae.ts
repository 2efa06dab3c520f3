/**
 * Fitting the VAE of neurons (src/neurons/vae) to the bank's rows with Adam: the rows are first scaled to the
 * common norm `scale` (their norms are restored at sampling, src/neurons/vae-decoder), then trained on in epochs
 * of minibatches drawn from the run's `batches` stream, with fresh noise eps from its `noise` stream each step.
 * Every `every` steps it reports the mean training loss since the last report and the loss on the held-out rows
 * (with noise drawn once, so that the held-out curve is a function of the parameters alone).
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { RunContext } from '../figure/contract';
import type { Generator } from '../random/generator';
import { Adam } from '../training/adam';
import { checkNotDiverged } from '../training/divergence';
import { epochBatches } from '../training/minibatches';
import { initialVae, vaeLossAndGradients, type VaeParams, type VaeShape } from './vae';

export interface VaeRecipe extends VaeShape {
  steps: number;
  batch: number;
  lr: number;
  /** The norm every row is scaled to for training. */
  scale: number;
  /** Report every this many steps. */
  every: number;
}

export interface VaeReport {
  step: number;
  trainLoss: number;
  heldOutLoss: number;
  heldOutKl: number;
}

export interface VaeStreams {
  init: Generator;
  batches: Generator;
  noise: Generator;
}

/** Rows of x (n x d) scaled to norm `scale`. */
export function scaledRows(x: Float32Array, d: number, scale: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let j = 0; j < x.length / d; j++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += x[j * d + p] ** 2;
    const f = scale / Math.sqrt(s);
    for (let p = 0; p < d; p++) out[j * d + p] = x[j * d + p] * f;
  }
  return out;
}

/** The rows `indices` of x (n x d) as a batch and its transpose, assembled on the host. */
function batchOf(tf: typeof TF, x: Float32Array, d: number, indices: ArrayLike<number>) {
  const B = indices.length;
  const rows = new Float32Array(B * d);
  const rowsT = new Float32Array(d * B);
  for (let i = 0; i < B; i++) {
    const row = x.subarray(indices[i] * d, (indices[i] + 1) * d);
    rows.set(row, i * d);
    for (let p = 0; p < d; p++) rowsT[p * B + i] = row[p];
  }
  return { x: tf.tensor2d(rows, [B, d]), xT: tf.tensor2d(rowsT, [d, B]) };
}

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

export async function fitVae(
  tf: typeof TF,
  train: Float32Array,
  heldOut: Float32Array,
  recipe: VaeRecipe,
  streams: VaeStreams,
  ctx: Pick<RunContext, 'checkpoint'>,
  onReport: (r: VaeReport) => void,
): Promise<VaeParams> {
  const { d, k } = recipe;
  const nTrain = train.length / d;
  const nHeld = heldOut.length / d;
  let params = initialVae(tf, streams.init, recipe);
  const held = batchOf(tf, heldOut, d, all(nHeld));
  const heldEps = tf.tensor2d(streams.noise.normals(nHeld * k), [nHeld, k]);
  const adam = new Adam(tf, { lr: recipe.lr });
  const heldOutLoss = async () => {
    const out = vaeLossAndGradients(tf, params, held.x, held.xT, heldEps);
    const [loss, kl] = await Promise.all([out.loss.data(), out.kl.data()]);
    tf.dispose([out.loss, out.reconstruction, out.kl, ...Object.values(out.grads)]);
    return { loss: loss[0], kl: kl[0] };
  };
  try {
    const untrained = (await heldOutLoss()).loss;
    let step = 0;
    let lossSum = tf.scalar(0);
    try {
      while (step < recipe.steps) {
        for (const indices of epochBatches(streams.batches, nTrain, recipe.batch)) {
          if (step >= recipe.steps) break;
          const batch = batchOf(tf, train, d, indices);
          const eps = tf.tensor2d(streams.noise.normals(indices.length * k), [indices.length, k]);
          const { loss, reconstruction, kl, grads } = vaeLossAndGradients(tf, params, batch.x, batch.xT, eps);
          params = adam.step(params, grads);
          const sum = tf.add(lossSum, loss);
          tf.dispose([batch.x, batch.xT, eps, loss, reconstruction, kl, lossSum]);
          lossSum = sum as TF.Scalar;
          step++;
          if (step % recipe.every === 0 || step === recipe.steps) {
            const since = step % recipe.every || recipe.every;
            const trainLoss = (await lossSum.data())[0] / since;
            checkNotDiverged(trainLoss, untrained, `the VAE, step ${step}`);
            lossSum.dispose();
            lossSum = tf.scalar(0);
            const h = await heldOutLoss();
            onReport({ step, trainLoss, heldOutLoss: h.loss, heldOutKl: h.kl });
          }
          await ctx.checkpoint();
        }
      }
    } finally {
      lossSum.dispose();
    }
  } catch (error) {
    tf.dispose(Object.values(params));
    throw error;
  } finally {
    adam.dispose();
    tf.dispose([held.x, held.xT, heldEps]);
  }
  return params;
}
