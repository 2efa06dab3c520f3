/**
 * Trains R linear readouts (src/models/readouts) on frozen features, side by side, as the second stage of the
 * review's Figure 11 (the authors' `main_mnist_is.py` / `main_mnist_us.py`): each readout starts from PyTorch's
 * default for a Linear(n -> k) layer, W and b ~ U(-1/sqrt n, 1/sqrt n) (the authors' re-initialisation acts on a
 * copy and changes nothing, figure-specs.md "Figure 11"), and is trained by Adam (no regulariser) on the
 * cross-entropy, in minibatches that are the same for every readout. After each epoch, per readout: the loss on
 * the whole training set, and the loss and accuracy on the test set.
 *
 * Features come from the host, one array per readout (N x n, row-major), and each minibatch is assembled on the
 * host in the stacked layout R x B x n (src/training/batch.ts says why).
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { RunContext } from '../figure/contract';
import { readoutAccuracies, readoutGradients, readoutLosses, readoutOutputs, type Readouts } from '../models/readouts';
import { generator } from '../random/generator';
import { Adam } from './adam';
import { checkNotDiverged } from './divergence';
import { epochBatches } from './minibatches';

const CLASSES = 10;

export interface FrozenFeatures {
  /** One array per readout: N x n, row-major (row i is the n features of image i). */
  train: Float32Array[];
  test: Float32Array[];
  yTrain: Uint8Array;
  yTest: Uint8Array;
  /** Features per readout. */
  n: number;
}

export interface ReadoutRun {
  lr: number;
  epochs: number;
  batch: number;
  seed: number;
  streams: { init: string; batches: string };
  label: string;
}

/** Per epoch (outer index) and readout (inner index). */
export interface ReadoutCurves {
  trainLoss: number[][];
  loss: number[][];
  accuracy: number[][];
}

/** The stacked features R x N x n of the rows `indices` (all rows when omitted). */
function stack(tf: typeof TF, features: Float32Array[], n: number, indices?: ArrayLike<number>): TF.Tensor3D {
  const R = features.length;
  const N = indices ? indices.length : features[0].length / n;
  const out = new Float32Array(R * N * n);
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < N; i++) {
      const row = indices ? indices[i] : i;
      out.set(features[r].subarray(row * n, (row + 1) * n), (r * N + i) * n);
    }
  }
  return tf.tensor3d(out, [R, N, n]);
}

function oneHot(labels: ArrayLike<number>, indices?: ArrayLike<number>): Float32Array {
  const N = indices ? indices.length : labels.length;
  const Y = new Float32Array(N * CLASSES);
  for (let i = 0; i < N; i++) Y[i * CLASSES + labels[indices ? indices[i] : i]] = 1;
  return Y;
}

export async function trainReadouts(
  features: FrozenFeatures,
  run: ReadoutRun,
  ctx: RunContext,
  onEpoch?: (epoch: number, curves: ReadoutCurves) => void,
): Promise<ReadoutCurves> {
  const { tf } = ctx;
  const { n } = features;
  const R = features.train.length;
  const nTrain = features.yTrain.length;
  const init = generator(run.seed, run.streams.init);
  const bound = 1 / Math.sqrt(n);
  const uniform = (count: number) => Float32Array.from({ length: count }, () => (2 * init.uniform() - 1) * bound);
  let net: Readouts = { W: tf.tensor3d(uniform(R * n * CLASSES), [R, n, CLASSES]), b: tf.tensor3d(uniform(R * CLASSES), [R, 1, CLASSES]) };
  const order = generator(run.seed, run.streams.batches);
  const whole = {
    train: stack(tf, features.train, n),
    trainY: tf.tensor2d(oneHot(features.yTrain), [nTrain, CLASSES]),
    test: stack(tf, features.test, n),
    testY: tf.tensor2d(oneHot(features.yTest), [features.yTest.length, CLASSES]),
    testLabels: tf.tensor1d(features.yTest, 'int32'),
  };
  const adam = new Adam(tf, { lr: run.lr });
  const curves: ReadoutCurves = { trainLoss: [], loss: [], accuracy: [] };
  const measure = async () => {
    const [trainLoss, loss, accuracy] = tf.tidy(() => {
      const fTest = readoutOutputs(tf, net, whole.test);
      return [
        readoutLosses(tf, readoutOutputs(tf, net, whole.train), whole.trainY),
        readoutLosses(tf, fTest, whole.testY),
        readoutAccuracies(tf, fTest, whole.testLabels),
      ];
    });
    const values = await Promise.all([trainLoss, loss, accuracy].map((t) => t.data()));
    tf.dispose([trainLoss, loss, accuracy]);
    return values.map((v) => Array.from(v));
  };
  try {
    const [initialLosses] = await measure();
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      for (const indices of epochBatches(order, nTrain, run.batch)) {
        const H = stack(tf, features.train, n, indices);
        const Y = tf.tensor2d(oneHot(features.yTrain, indices), [indices.length, CLASSES]);
        const { losses, dW, db } = readoutGradients(tf, net, H, Y);
        net = adam.step({ W: net.W, b: net.b }, { W: dW, b: db });
        tf.dispose([H, Y, losses]);
        await ctx.checkpoint();
      }
      const [trainLoss, loss, accuracy] = await measure();
      trainLoss.forEach((L, r) => checkNotDiverged(L, initialLosses[r], `${run.label}, readout ${r + 1}, epoch ${epoch}`));
      curves.trainLoss.push(trainLoss);
      curves.loss.push(loss);
      curves.accuracy.push(accuracy);
      onEpoch?.(epoch, curves);
    }
  } finally {
    adam.dispose();
    tf.dispose([net.W, net.b, ...Object.values(whole)]);
  }
  return curves;
}
