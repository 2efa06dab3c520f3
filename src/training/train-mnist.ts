/**
 * One training run of the eq. (1) network on MNIST, as the review's Figures 2, 3 and 5 do it: initialise
 * theta~ ~ N(0, thetaStd^2 I) (all of theta~ first, row by row) and u~ ~ N(0, I) from the run's `init` stream,
 * then for each epoch draw a permutation from its `batches` stream and take SGD steps (eq. 11-13 step sizes,
 * optional momentum) on minibatches assembled on the host (src/training/batch). After every epoch record
 *
 *     dtheta  = (1/m) sum_j ||theta_j - theta~_j||,   du = (1/m) sum_j ||u_j - u~_j||,
 *     accuracy and loss of the network on the test set,
 *
 * plus whatever `measure` adds (e.g. the linearised model's accuracy). Stops with DivergedError if an epoch's mean
 * training loss is not finite or exceeds ten times the untrained network's (src/training/divergence.ts).
 */
import type { Scalar, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { RunContext, Series } from '../figure/contract';
import { accuracy, crossEntropy, forward, lossAndGradients, thetaTFromRows, type TwoLayer } from '../models/two-layer';
import { generator } from '../random/generator';
import { disposeBatch, makeBatch, type HostSet } from './batch';
import { checkNotDiverged } from './divergence';
import { meanNeuronDistance } from './distance';
import { readScalar } from './read';
import { epochBatches } from './minibatches';
import { MomentumSgd, sgdStep, type StepSizes } from './sgd';

const CLASSES = 10;

export interface TestSet {
  x: Tensor2D;
  Y: Tensor2D;
  labels: Tensor1D;
}

export interface MnistRun {
  m: number;
  alpha: number;
  steps: StepSizes;
  momentum: number;
  thetaStd: number;
  epochs: number;
  batch: number;
  n: number;
  pooled: boolean;
  seed: number;
  /** Names of the random streams, e.g. "fig3-m/init" and "fig3-m/batches". */
  streams: { init: string; batches: string };
  /** How this run is named in progress and error messages. */
  label: string;
  /** The name of a recorded quantity in the figure's series (e.g. "dtheta" -> "dtheta[m=50]"). */
  name: (quantity: string) => string;
  /** Extra measurements after each epoch, from the network and its initialisation. */
  measure?: (net: TwoLayer, initial: TwoLayer, test: TestSet) => Promise<Record<string, number>>;
}

export async function trainOnMnist(run: MnistRun, ctx: RunContext): Promise<Series> {
  const { tf } = ctx;
  const { m, n } = run;
  const data = await ctx.data.mnist({ pooled: run.pooled, nTrain: n, nTest: 2000 });
  const { d } = data;
  const init = generator(run.seed, run.streams.init);
  const initial: TwoLayer = {
    thetaT: thetaTFromRows(tf, init.normals(m * d, run.thetaStd), m, d),
    u: tf.tensor2d(init.normals(CLASSES * m), [CLASSES, m]),
    alpha: run.alpha,
  };
  const order = generator(run.seed, run.streams.batches);
  const trainSet: HostSet = { x: data.xTrain, labels: data.yTrain, d, k: CLASSES };
  const labels = tf.tensor1d(data.yTest, 'int32');
  const test: TestSet = {
    x: tf.tensor2d(data.xTest, [data.nTest, d]),
    labels,
    Y: tf.tidy(() => tf.cast(tf.oneHot(labels, CLASSES), 'float32')) as Tensor2D,
  };
  const optimiser = run.momentum > 0 ? new MomentumSgd(tf, run.momentum, run.steps) : undefined;
  let net: TwoLayer = { thetaT: tf.clone(initial.thetaT), u: tf.clone(initial.u), alpha: run.alpha };
  const series: Series = {};
  const record = (quantity: string, value: number) => (series[run.name(quantity)] ??= []).push(value);
  try {
    const whole = makeBatch(tf, trainSet);
    const initialLoss = await readScalar(tf, () => crossEntropy(tf, forward(tf, net, whole.x).f, whole.Y));
    disposeBatch(tf, whole);
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      const batches = epochBatches(order, n, run.batch);
      let lossSum = tf.scalar(0);
      try {
        for (const indices of batches) {
          const batch = makeBatch(tf, trainSet, indices);
          const { loss, ...grads } = lossAndGradients(tf, net, batch);
          net = optimiser ? optimiser.step(net, grads) : sgdStep(tf, net, grads, run.steps);
          const sum = tf.add(lossSum, loss) as Scalar;
          disposeBatch(tf, batch);
          tf.dispose([loss, lossSum]);
          lossSum = sum;
          await ctx.checkpoint();
        }
        checkNotDiverged((await lossSum.data())[0] / batches.length, initialLoss, `${run.label}, epoch ${epoch}`);
      } finally {
        lossSum.dispose();
      }
      record('dtheta', await meanNeuronDistance(tf, net.thetaT, initial.thetaT, 0));
      record('du', await meanNeuronDistance(tf, net.u, initial.u, 0));
      record('accuracy', await accuracy(tf, net, test.x, test.labels));
      record('loss', await readScalar(tf, () => crossEntropy(tf, forward(tf, net, test.x).f, test.Y)));
      for (const [quantity, value] of Object.entries((await run.measure?.(net, initial, test)) ?? {})) record(quantity, value);
      ctx.progress({ done: epoch, total: run.epochs, stage: `${run.label}, epoch ${epoch} of ${run.epochs}`, partial: series });
    }
  } finally {
    optimiser?.dispose();
    tf.dispose([net.thetaT, net.u, initial.thetaT, initial.u, test.x, test.Y, test.labels]);
  }
  return series;
}
