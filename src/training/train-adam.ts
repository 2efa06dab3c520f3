/**
 * Epochs of Adam (./adam, PyTorch's semantics) on minibatches of a training set held on the host, as the review's
 * Repopulation scripts train (figure-specs.md, Figures 9 and 10): for each epoch draw a permutation from the run's
 * `batches` stream, cut it into batches (./minibatches), take one Adam step per batch, then record what `measure`
 * returns (e.g. train loss, test loss, test accuracy) under the run's names. The model is given by its loss and
 * gradients on a batch; the rows of the set are whatever the model reads (pixels, or precomputed features).
 *
 * Before the first step `measure` is called once, untrained, for the reference of the divergence check
 * (./divergence): an epoch whose mean minibatch loss is not finite or exceeds ten times the untrained training loss
 * stops the run with DivergedError.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { RunContext, Series } from '../figure/contract';
import type { Generator } from '../random/generator';
import { Adam, type Parameters } from './adam';
import { disposeBatch, makeBatch, type Batch, type HostSet } from './batch';
import { checkNotDiverged } from './divergence';
import { epochBatches } from './minibatches';

export interface AdamRun<P extends Parameters> {
  /** The initial parameters; the run takes them over and disposes them (and every later iterate). */
  initial: P;
  lr: number;
  epochs: number;
  batch: number;
  set: HostSet;
  /** The minibatch order's stream. */
  order: Generator;
  lossAndGradients(params: P, batch: Batch): { loss: TF.Scalar; grads: P };
  /** After each epoch (and once before training): named measurements; must include `trainLoss`. */
  measure(params: P): Promise<Record<string, number> & { trainLoss: number }>;
  /** How this run is named in progress and error messages. */
  label: string;
  /** The name of a recorded quantity in the figure's series (e.g. "accuracy" -> "accuracy[vae, m=200]"). */
  name: (quantity: string) => string;
}

export async function trainWithAdam<P extends Parameters>(run: AdamRun<P>, ctx: RunContext): Promise<Series> {
  const { tf } = ctx;
  const n = run.set.labels.length;
  const adam = new Adam(tf, { lr: run.lr });
  let params = run.initial;
  const series: Series = {};
  try {
    const { trainLoss: initialLoss } = await run.measure(params);
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      const batches = epochBatches(run.order, n, run.batch);
      let lossSum = tf.scalar(0);
      try {
        for (const indices of batches) {
          const batch = makeBatch(tf, run.set, indices);
          const { loss, grads } = run.lossAndGradients(params, batch);
          params = adam.step(params, grads);
          const sum = tf.add(lossSum, loss) as TF.Scalar;
          disposeBatch(tf, batch);
          tf.dispose([loss, lossSum]);
          lossSum = sum;
          await ctx.checkpoint();
        }
        checkNotDiverged((await lossSum.data())[0] / batches.length, initialLoss, `${run.label}, epoch ${epoch}`);
      } finally {
        lossSum.dispose();
      }
      for (const [quantity, value] of Object.entries(await run.measure(params))) (series[run.name(quantity)] ??= []).push(value);
      ctx.progress({ done: epoch, total: run.epochs, stage: `${run.label}, epoch ${epoch} of ${run.epochs}`, partial: series });
    }
  } finally {
    adam.dispose();
    tf.dispose(Object.values(params));
  }
  return series;
}
