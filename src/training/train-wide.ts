/**
 * The wide network of the review's Section VI (the authors' `main_mnist_10000.py`, figure-specs.md "Figure 11"),
 * trained on MNIST: the eq. (1) network in the P-std storage of src/models/two-layer-std, with an output bias,
 *
 *     f(x) = W2 tanh(theta x) + b,   W2 = (1/m) u   (alpha = 1: the mean-field scaling of eq. 15),
 *
 * initialised theta ~ N(0, 1) entrywise, W2 ~ N(0, 1/m) (u ~ N(0, m)), b ~ U(-1/sqrt m, 1/sqrt m) (PyTorch's bias
 * default), and trained by Adam with coupled L2 (src/training/adam.ts) on the softmax cross-entropy, in
 * minibatches. With `trainTheta: false` theta stays at its initialisation and only the readout (W2, b) is trained:
 * the random-feature model of eq. (3) on the same features, by the same optimiser.
 *
 * Why units die: Adam moves a weight whose loss gradient is negligible by about lr per step (its update is
 * m/sqrt(v), about the sign of the gradient), and coupled L2 makes that gradient wd * p, so a saturated unit's
 * theta_j and then u_j are walked to zero at about lr per step. Whether this happens depends on lr times the
 * number of steps, which is why a faster recipe takes a larger lr for fewer steps.
 *
 * After each epoch: the mean training loss over the epoch's minibatches, the test loss and accuracy, and the
 * fraction of units whose output weights have ||W2_j|| below DEAD_NORM.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { RunContext, Series } from '../figure/contract';
import type { MnistDataset } from '../data/mnist/dataset';
import { crossEntropy } from '../models/two-layer';
import { readoutLossAndGradients } from '../models/two-layer-std-readout';
import { forward, lossAndGradients, type TwoLayerStd } from '../models/two-layer-std';
import { generator } from '../random/generator';
import { Adam } from './adam';
import { disposeBatch, makeBatch, type HostSet } from './batch';
import { checkNotDiverged } from './divergence';
import { epochBatches } from './minibatches';
import { readScalars } from './read';

const CLASSES = 10;
/** A unit is "dead" when its output weights are this small (the authors' threshold on ||W2_j||). */
export const DEAD_NORM = 0.01;

/**
 * Pretraining recipes: Adam's step size and the number of epochs over the 8,000 training images (63 steps each).
 * `authors` is the authors' lr with about their number of steps (20 epochs of 60,000 images: 9,380); `fast`
 * takes ten times the step for a sixth of the steps, and kills more units (figure-specs.md §13; our runs).
 */
export const WIDE_RECIPES: Record<string, { lr: number; epochs: number }> = {
  fast: { lr: 1e-2, epochs: 25 },
  authors: { lr: 1e-3, epochs: 150 },
  /** A look of a few seconds (the quick variants): too short for units to die. */
  short: { lr: 1e-2, epochs: 2 },
};

export interface WideRun {
  m: number;
  lr: number;
  weightDecay: number;
  epochs: number;
  batch: number;
  /** false: theta stays at its initialisation (random features), only W2 and b are trained. */
  trainTheta: boolean;
  seed: number;
  /** Names of the random streams, e.g. "fig11-importance/init" and "fig11-importance/batches". */
  streams: { init: string; batches: string };
  /** How this run is named in progress and error messages. */
  label: string;
}

export interface WideResult {
  net: TwoLayerStd;
  /** Per epoch: trainLoss, loss (test), accuracy (test), deadFraction. */
  series: Series;
}

/** The net's test loss and accuracy, and the fraction of units with ||W2_j|| < DEAD_NORM. */
function evaluate(tf: typeof TF, net: TwoLayerStd, test: { x: TF.Tensor2D; Y: TF.Tensor2D; labels: TF.Tensor1D }) {
  return readScalars(tf, () => {
    const { f } = forward(tf, net, test.x);
    const norms = tf.sqrt(tf.sum(tf.square(net.W2), 0)); // ||W2_j|| per column
    return {
      loss: crossEntropy(tf, f, test.Y),
      accuracy: tf.mean(tf.cast(tf.equal(tf.argMax(f, 1), test.labels), 'float32')),
      deadFraction: tf.mean(tf.cast(tf.less(norms, DEAD_NORM), 'float32')),
    };
  });
}

/** Trains the wide network; the caller owns (and disposes) the returned net. */
export async function trainWide(run: WideRun, data: MnistDataset, ctx: RunContext): Promise<WideResult> {
  const { tf } = ctx;
  const { m } = run;
  const { d } = data;
  const init = generator(run.seed, run.streams.init);
  const thetaRows = init.normals(m * d); // theta_1, ..., theta_m, each N(0, I_d)
  const thetaT = new Float32Array(d * m);
  for (let j = 0; j < m; j++) for (let l = 0; l < d; l++) thetaT[l * m + j] = thetaRows[j * d + l];
  const bound = 1 / Math.sqrt(m);
  let net: TwoLayerStd = {
    thetaT: tf.tensor2d(thetaT, [d, m]),
    W2: tf.tensor2d(init.normals(CLASSES * m, bound), [CLASSES, m]),
    b: tf.tensor1d(Array.from({ length: CLASSES }, () => (2 * init.uniform() - 1) * bound)),
  };
  const order = generator(run.seed, run.streams.batches);
  const trainSet: HostSet = { x: data.xTrain, labels: data.yTrain, d, k: CLASSES };
  const labels = tf.tensor1d(data.yTest, 'int32');
  const test = {
    x: tf.tensor2d(data.xTest, [data.nTest, d]),
    labels,
    Y: tf.tidy(() => tf.cast(tf.oneHot(labels, CLASSES), 'float32')) as TF.Tensor2D,
  };
  const adam = new Adam(tf, { lr: run.lr, weightDecay: run.weightDecay });
  const series: Series = { trainLoss: [], loss: [], accuracy: [], deadFraction: [] };
  const initialLoss = (await evaluate(tf, net, test)).loss;
  try {
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      const batches = epochBatches(order, data.nTrain, run.batch);
      let lossSum = tf.scalar(0);
      try {
        for (const indices of batches) {
          const batch = makeBatch(tf, trainSet, indices);
          if (run.trainTheta) {
            const { loss, dW2, dThetaT, dB } = lossAndGradients(tf, net, batch);
            net = adam.step({ thetaT: net.thetaT, W2: net.W2, b: net.b! }, { thetaT: dThetaT, W2: dW2, b: dB! });
            lossSum = accumulate(tf, lossSum, loss);
          } else {
            const { loss, dW2, dB } = readoutLossAndGradients(tf, net, batch);
            net = { thetaT: net.thetaT, ...adam.step({ W2: net.W2, b: net.b! }, { W2: dW2, b: dB! }) };
            lossSum = accumulate(tf, lossSum, loss);
          }
          disposeBatch(tf, batch);
          await ctx.checkpoint();
        }
        const trainLoss = (await lossSum.data())[0] / batches.length;
        checkNotDiverged(trainLoss, initialLoss, `${run.label}, epoch ${epoch}`);
        series.trainLoss.push(trainLoss);
      } finally {
        lossSum.dispose();
      }
      const measured = await evaluate(tf, net, test);
      for (const quantity of ['loss', 'accuracy', 'deadFraction'] as const) series[quantity].push(measured[quantity]);
      ctx.progress({ done: epoch, total: run.epochs, stage: `${run.label}, epoch ${epoch} of ${run.epochs}`, partial: series });
    }
  } catch (error) {
    tf.dispose([net.thetaT, net.W2, net.b!]);
    throw error;
  } finally {
    adam.dispose();
    tf.dispose([test.x, test.Y, test.labels]);
  }
  return { net, series };
}

/** sum + loss, disposing both. */
function accumulate(tf: typeof TF, sum: TF.Scalar, loss: TF.Scalar): TF.Scalar {
  const next = tf.add(sum, loss) as TF.Scalar;
  tf.dispose([sum, loss]);
  return next;
}
