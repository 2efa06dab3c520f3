/**
 * Figure 9 of the review: random features against repopulated ones. The random-feature model of eq. (3)
 * (src/models/random-features), f(x) = u^T tanh(theta~ x) + b, with its m features theta~_j frozen, is trained
 * (u and b only, Adam) on MNIST at 784 pixels, with the theta~_j drawn from one of five sources: N(0, I) (the
 * review's random features), the VAE learned from trained networks' neurons (the repopulated features), a Gaussian
 * with the bank's full covariance, and two controls that copy only the bank's scale (per-pixel variance; one
 * isotropic norm). Each (source, m) is one part of a sweep.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { defineFigure } from '../../src/figure/contract';
import { MNIST_PIXELS } from '../../src/data/mnist/identity';
import { features, forward, lossAndGradients, type RandomFeatures } from '../../src/models/random-features';
import { thetaTFromRows } from '../../src/models/two-layer';
import { generator } from '../../src/random/generator';
import { deviceSet, disposeSet, lossAndAccuracy } from '../../src/training/evaluate';
import { trainWithAdam } from '../../src/training/train-adam';
import { neuronRows, SOURCES, type NeuronSource } from './sources';
import { panels } from './plot';

export type Fig9Params = { widths: string; n: number; epochs: number; lr: number; batch: number; seed: number };

const ID = 'fig9-repopulation';
const CLASSES = 10;

export const widthsOf = (p: Fig9Params) => p.widths.split(',').map(Number);
/** A recorded quantity of one part, e.g. "accuracy[vae, m=200]". */
export const key = (quantity: string, source: NeuronSource, m: number) => `${quantity}[${source}, m=${m}]`;

/** PyTorch's default initialisation of Linear(m, k), as the authors' readout: u and b ~ U(-1/sqrt m, 1/sqrt m). */
function readout(tf: typeof TF, m: number, seed: number): RandomFeatures {
  const g = generator(seed, `${ID}/readout`);
  const bound = 1 / Math.sqrt(m);
  const uniform = (count: number) => Float32Array.from({ length: count }, () => (2 * g.uniform() - 1) * bound);
  return { u: tf.tensor2d(uniform(m * CLASSES), [m, CLASSES]), b: tf.tensor1d(uniform(CLASSES)) };
}

export default defineFigure<Fig9Params>({
  id: ID,
  version: 1,
  title: 'Random features against repopulated features',
  caption: 'TODO',
  chapter: '06-feature-learning',
  reproduces: 'Figure 9 of Fang, Dong & Zhang (2021)',
  departures: 'TODO',
  params: {
    widths: {
      kind: 'choice', label: 'Widths m', default: '1000,200',
      options: [{ value: '1000,200', label: '1000 and 200' }, { value: '500,100', label: '500 and 100 (faster)' }, { value: '2000,200', label: '2000 and 200 (slower)' }],
    },
    n: { kind: 'number', label: 'Training images n', default: 8000, min: 256, max: 8000, integer: true },
    epochs: { kind: 'number', label: 'Epochs', default: 20, min: 1, max: 100, integer: true },
    lr: { kind: 'number', label: 'Adam learning rate', default: 1e-3, min: 1e-6, max: 1, step: 1e-4 },
    batch: { kind: 'number', label: 'Batch size', default: 128, min: 1, max: 8000, integer: true },
    seed: { kind: 'number', label: 'Seed', default: 2020, min: 0, max: 2 ** 31 - 1, integer: true },
  },
  variants: { quick: { widths: '500,100', n: 512, epochs: 2 } },
  seeds: {
    'features/<source>': 'the m frozen rows θ̃ⱼ of each source, row by row (the first m of the wider run at the narrower width)',
    readout: 'u and b at initialisation, U(±1/√m); the same draw for every source at a width',
    batches: 'the minibatch order, the same for every part',
  },

  sweep: {
    parts: (p) => widthsOf(p).flatMap((m) => SOURCES.map((s) => `${s.id}/m=${m}`)),

    async runPart(part, p, ctx) {
      const { tf } = ctx;
      const [source, width] = part.split('/m=') as [NeuronSource, string];
      const m = Number(width);
      const data = await ctx.data.mnist({ pooled: false, nTrain: p.n, nTest: 2000 });
      const theta = await neuronRows(source, m, generator(p.seed, `${ID}/features/${source}`), ctx);
      // The features are frozen: computed once for every image, h = tanh(x theta~^T).
      const sets = [deviceSet(tf, data.xTrain, data.yTrain, MNIST_PIXELS, CLASSES), deviceSet(tf, data.xTest, data.yTest, MNIST_PIXELS, CLASSES)];
      const thetaT = thetaTFromRows(tf, theta, m, MNIST_PIXELS);
      const [train, test] = sets.map((set) => ({ ...set, x: features(tf, thetaT, set.x) }));
      tf.dispose([thetaT, ...sets.map((set) => set.x)]);
      try {
        return await trainWithAdam<RandomFeatures>(
          {
            initial: readout(tf, m, p.seed),
            lr: p.lr,
            epochs: p.epochs,
            batch: p.batch,
            set: { x: (await train.x.data()) as Float32Array, labels: data.yTrain, d: m, k: CLASSES },
            order: generator(p.seed, `${ID}/batches`),
            lossAndGradients: (model, batch) => lossAndGradients(tf, model, batch),
            async measure(model) {
              const outputs = (h: TF.Tensor2D) => forward(tf, model, h);
              const [onTrain, onTest] = [await lossAndAccuracy(tf, outputs, train), await lossAndAccuracy(tf, outputs, test)];
              return { trainLoss: onTrain.loss, loss: onTest.loss, accuracy: onTest.accuracy };
            },
            label: `${SOURCES.find((s) => s.id === source)!.label}, m = ${m}`,
            name: (quantity) => key(quantity, source, m),
          },
          ctx,
        );
      } finally {
        disposeSet(tf, train);
        disposeSet(tf, test);
      }
    },

    combine: (parts, p) => Object.assign({ epoch: Array.from({ length: p.epochs }, (_, i) => i + 1) }, ...Object.values(parts)),
  },

  layout: { columns: 3, rows: ['m = 1000', 'm = 200'] },
  panels,

  // To be measured on the emulated GPUs; declared as for the other MNIST figures.
  agreement: [
    { series: ['trainLoss*', 'loss*'], measure: 'relative', webgl: 1e-3, webgpu: 1e-3, why: 'GPU kernels round float32 differently from wasm' },
    { series: ['accuracy*'], measure: 'absolute', webgl: 1e-3, webgpu: 1e-3, why: 'two of the 2,000 test digits may change class' },
  ],

  claims: [],
});
