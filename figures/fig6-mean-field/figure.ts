/**
 * Figure 6 of the review: the mean-field view on a toy. A student f(x) = (1/m) sum_j u_j sigma(theta_j . x)
 * (alpha = 1, eq. 15 at rho_m) learns the four-neuron target F4 (src/models/mean-field/targets.ts) from a fresh
 * batch x ~ N(0, 100^2 I_2), y = F4(x) + N(0, 0.1^2) at every step, by plain SGD on the squared error: each step
 * moves every particle [u_j, theta_j] by -(lr/m) grad g(rho_m, u_j, theta_j), the Euler step of eq. (20)
 * (src/models/mean-field/step.ts).
 *
 *   part 'a':     m = 4, 8, 40 on one shared batch stream, no regulariser; every 100 iterations the MSE of the
 *                 outputs against the noise-free F4 on the current batch, before that iteration's update.
 *   part 'clean': one wider network with R = reg ||u||^2 / m; its particles at the start and as it trains.
 *   part 'noisy': the same initialisation and batches, plus noise after every step (the authors' N(0, 0.01^2) on
 *                 theta, or the paper's N(0, 2 lambda_p eta) on u and theta).
 *
 * The particle parts report their particles every 100 iterations as `partial` series, so the scatter panels show
 * the measure rho_t moving during a rerun.
 */
import * as Plot from '@observablehq/plot';
import { defineFigure, type RunContext, type Series } from '../../src/figure/contract';
import { createWorkspace } from '../../src/models/mean-field/gradient';
import { fromArrays, initParticles, output, type Particles } from '../../src/models/mean-field/particles';
import { createBatch, sampleBatch, sgdStep, type Noise } from '../../src/models/mean-field/step';
import { F4, THETA_STAR_F4, angleToNearestRay, mseToTarget, wastedFraction } from '../../src/models/mean-field/targets';
import { cloud } from '../../src/plot/cloud';
import { generator } from '../../src/random/generator';
import { checkNotDiverged } from '../../src/training/divergence';
import { CATEGORICAL, GREY } from '../../src/plot/palette';

type Fig6Params = {
  iterationsA: number;
  timeScale: string;
  m: number;
  iterations: number;
  noise: string;
  batch: number;
  seed: number;
};

/** The widths of panel (a). */
const WIDTHS = [4, 8, 40] as const;
/** The authors' raw learning rate (MF.ipynb); each particle moves by LR/m times grad g. */
const LR = 10;
/** R = REG ||u||^2 / m in panels (b)-(h), the authors' value (lambda_u = 2 REG = 0.02); none in (a). */
const REG = 1e-2;
/** The authors' noise: N(0, NOISE_STD^2) added to every theta entry after every step. */
const NOISE_STD = 0.01;
/**
 * The paper's noise: N(0, 2 LAMBDA_P eta) on u and theta, eta = LR/m the per-particle step. The paper gives no
 * value; this one makes the theta noise equal the authors' at the default m = 200 (2 LAMBDA_P LR / 200 = 0.01^2).
 */
const LAMBDA_P = 1e-3;
/** Loss points of panel (a) and particle snapshots of (b)-(h), every this many iterations. */
const EVERY = 100;
/** Panels (e), (h): the particles with u_j >= U_LARGE; panels (d), (g): "wasted" means |u_j| < U_WASTED. */
const U_LARGE = 1;
const U_WASTED = 0.25;
/** The scatter panels show theta in [-LIMIT, LIMIT]^2, as the authors' plots do. */
const LIMIT = 3;
const RUNS = ['clean', 'noisy'] as const;
type Run = (typeof RUNS)[number];

const stream = (p: Fig6Params, name: string) => generator(p.seed, `fig6-mean-field/${name}`);
const lossKey = (m: number) => `loss[m=${m}]`;
const key = (quantity: 'theta1' | 'theta2' | 'u' | 'iteration', run: Run | 'initial') => `${quantity}[${run}]`;

/** Panel (a)'s raw learning rate: the authors' fixed 10, or 10 m/4 (every width at m = 4's per-particle step). */
const lrA = (p: Fig6Params, m: number) => (p.timeScale === 'raw' ? LR : (LR * m) / WIDTHS[0]);

const noiseOf = (p: Fig6Params, run: Run): Noise =>
  run === 'clean'
    ? { kind: 'none' }
    : p.noise === 'authors'
      ? { kind: 'authors', std: NOISE_STD }
      : { kind: 'paper', lambda: LAMBDA_P };

/** The particles as series: theta_j = (theta1[j], theta2[j]) and u[j]. */
function snapshot(particles: Particles, run: Run | 'initial'): Series {
  const { m, theta, u } = particles;
  return {
    [key('theta1', run)]: Array.from({ length: m }, (_, j) => theta[2 * j]),
    [key('theta2', run)]: Array.from({ length: m }, (_, j) => theta[2 * j + 1]),
    [key('u', run)]: Array.from(u),
  };
}

/** The particles of a run back from its series, for the claims. */
function particlesOf(s: Series, run: Run): Particles {
  const u = s[key('u', run)];
  if (!u?.length) throw new Error(`Series "${key('u', run)}" is missing or empty.`);
  const theta = new Float64Array(2 * u.length);
  u.forEach((_, j) => ((theta[2 * j] = s[key('theta1', run)][j]), (theta[2 * j + 1] = s[key('theta2', run)][j])));
  return fromArrays(Float64Array.from(u), theta, 2);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The angles (degrees) to the nearest target ray of the particles with u_j >= U_LARGE. */
function largeUAngles(particles: Particles): number[] {
  const angles = angleToNearestRay(particles);
  return Array.from(angles).filter((_, j) => particles.u[j] >= U_LARGE);
}

/** Particles as three columns (empty when a run has not reported yet). */
interface Cloud {
  theta1: number[];
  theta2: number[];
  u: number[];
}

const cloudOf = (s: Series | undefined, run: Run | 'initial'): Cloud => ({
  theta1: s?.[key('theta1', run)] ?? [],
  theta2: s?.[key('theta2', run)] ?? [],
  u: s?.[key('u', run)] ?? [],
});

function where(c: Cloud, keep: (c: Cloud, j: number) => boolean): Cloud {
  const js = c.u.map((_, j) => j).filter((j) => keep(c, j));
  return { theta1: js.map((j) => c.theta1[j]), theta2: js.map((j) => c.theta2[j]), u: js.map((j) => c.u[j]) };
}

/** Bins of width BIN_U on multiples of BIN_U, over [-1.5, 2.5] widened to hold every value. */
const BIN_U = 0.125;
function binEdges(u: number[]): number[] {
  const lo = Math.floor(Math.min(-1.5, ...u) / BIN_U);
  const hi = Math.ceil(Math.max(2.5, ...u) / BIN_U);
  return Array.from({ length: hi - lo + 1 }, (_, i) => (lo + i) * BIN_U);
}

/** The percentage of the values in each bin [edges[i], edges[i + 1]). */
function histogramOf(u: number[], edges: number[]) {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of u) counts[Math.min(Math.floor((v - edges[0]) / BIN_U), counts.length - 1)]++;
  return counts.map((c, i) => ({ x1: edges[i], x2: edges[i + 1], percent: (100 * c) / Math.max(u.length, 1) }));
}

/** The four target neurons theta*_i (red dots) and their rays, dashed lines through the origin across the box. */
const TARGET_MARKS = [
  Plot.link(THETA_STAR_F4, {
    x1: ([a, b]) => (-LIMIT * a) / Math.max(Math.abs(a), Math.abs(b)),
    y1: ([a, b]) => (-LIMIT * b) / Math.max(Math.abs(a), Math.abs(b)),
    x2: ([a, b]) => (LIMIT * a) / Math.max(Math.abs(a), Math.abs(b)),
    y2: ([a, b]) => (LIMIT * b) / Math.max(Math.abs(a), Math.abs(b)),
    stroke: 'red',
    strokeOpacity: 0.6,
    strokeDasharray: '4,3',
  }),
  Plot.dot(THETA_STAR_F4, { x: ([a]) => a, y: ([, b]) => b, r: 3.5, fill: 'red' }),
];

/** Panels (b)-(h): a square plot area of 238 pixels. */
const SQUARE = { width: 290, height: 282, marginLeft: 44, marginRight: 8, marginTop: 8, marginBottom: 36 };

function lossPanel(series: Series, p: Fig6Params, reference?: Series) {
  const rows = (s: Series | undefined) =>
    WIDTHS.flatMap((m) =>
      (s?.[lossKey(m)] ?? []).map((loss, i) => ({ m: `m = ${m}`, iteration: s!.iteration[i] / 1000, loss })),
    );
  const domain = WIDTHS.map((m) => `m = ${m}`);
  const live = rows(series);
  return {
    title: `(a) squared error to F₄, raw learning rate ${p.timeScale === 'raw' ? '10 for every m' : '10·m/4'}`,
    width: 2 * SQUARE.width + 16,
    height: SQUARE.height,
    marginLeft: 50,
    marginBottom: SQUARE.marginBottom,
    x: { label: 'iteration (thousands)', domain: [0, p.iterationsA / 1000] },
    y: { label: '↑ squared error', type: 'log' as const, grid: true, tickFormat: '~g' },
    color: { legend: true, domain, range: CATEGORICAL },
    marks: [
      Plot.line(rows(reference), { x: 'iteration', y: 'loss', z: 'm', stroke: 'm', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
      Plot.line(live, { x: 'iteration', y: 'loss', z: 'm', stroke: 'm', strokeWidth: 1.5 }),
      Plot.dot(live, { x: 'iteration', y: 'loss', fill: 'm', r: 2, tip: true }),
    ],
  };
}

/** Panel (a): m = 4, 8, 40 trained on the same batches; the MSE to F4 before the update every EVERY iterations. */
async function trainWidths(p: Fig6Params, ctx: RunContext) {
  const init = stream(p, 'widths-init');
  const nets = WIDTHS.map((m) => {
    const particles = initParticles({ m, d: 2 }, init);
    return { m, particles, ws: createWorkspace(particles, p.batch), lr: lrA(p, m), loss: [] as number[] };
  });
  const data = stream(p, 'widths-data');
  const batch = createBatch(p.batch, 2);
  const iteration: number[] = [];
  const series = (): Series => ({ iteration: [...iteration], ...Object.fromEntries(nets.map((n) => [lossKey(n.m), [...n.loss]])) });
  for (let t = 0; t <= p.iterationsA; t++) {
    await ctx.checkpoint();
    sampleBatch(batch, F4, data);
    for (const net of nets) {
      if (t < p.iterationsA) sgdStep(net.particles, batch, net.ws, { lr: net.lr });
      else output(net.particles, batch.x, batch.n, net.ws.f); /* the last point: measured, not trained on */
    }
    if (t % EVERY !== 0 && t !== p.iterationsA) continue;
    iteration.push(t);
    for (const net of nets) {
      net.loss.push(mseToTarget(net.ws.f, batch.fStar, batch.n));
      checkNotDiverged(net.loss.at(-1)!, net.loss[0], `panel (a), m = ${net.m}, iteration ${t}`);
    }
    ctx.progress({ done: t, total: p.iterationsA, stage: `panel (a): iteration ${t} of ${p.iterationsA}`, partial: series() });
  }
  return series();
}

/** Panels (b)-(h): the wider network, with or without noise; its particles every EVERY iterations. */
async function trainParticles(run: Run, p: Fig6Params, ctx: RunContext) {
  const particles = initParticles({ m: p.m, d: 2 }, stream(p, 'init'));
  const initial = run === 'clean' ? snapshot(particles, 'initial') : {};
  const data = stream(p, 'data');
  const noise = stream(p, 'noise');
  const batch = createBatch(p.batch, 2);
  const ws = createWorkspace(particles, p.batch);
  const step = { lr: LR, reg: REG, noise: noiseOf(p, run) };
  const label = run === 'clean' ? 'gradient descent' : 'noisy gradient descent';
  const series = (t: number): Series => ({ ...initial, ...snapshot(particles, run), [key('iteration', run)]: [t] });
  let initialLoss = NaN;
  for (let t = 0; t < p.iterations; t++) {
    await ctx.checkpoint();
    if (t % EVERY === 0) ctx.progress({ done: t, total: p.iterations, stage: `${label}: iteration ${t} of ${p.iterations}`, partial: series(t) });
    sampleBatch(batch, F4, data);
    const loss = sgdStep(particles, batch, ws, step, noise);
    if (t === 0) initialLoss = loss;
    if (t % EVERY === 0) checkNotDiverged(loss, initialLoss, `${label}, iteration ${t}`);
  }
  return series(p.iterations);
}

export default defineFigure<Fig6Params>({
  id: 'fig6-mean-field',
  version: 1,
  title: 'Learning four sigmoid neurons: the particles of the mean-field view',
  caption:
    'A student $f(x) = \\frac{1}{m}\\sum_j u_j\\, \\sigma(\\theta_j^\\top x)$ learns $F_4$, whose four neurons ' +
    '$\\theta^*_i$ are the red dots, from a fresh batch at every step. (a) Squared error against the noise-free ' +
    'target for $m = 4, 8, 40$ trained on the same batches: the narrowest network, which could represent $F_4$ ' +
    'exactly, stays stuck. (b)–(e) A wider network: the initial $\\theta_j$; the final $\\theta_j$, gathered on the ' +
    'four target rays (dashed) rather than at the target points; the histogram of the output weights $u_j$, with ' +
    'a heap of wasted neurons at $|u_j| \\lt 0.25$; the $\\theta_j$ with $u_j \\ge 1$, which lie on the rays. ' +
    '(f)–(h) The same with noisy gradient descent: fewer wasted neurons, the useful ones spread around the rays. ' +
    'During a rerun the particles move as they train; the pinned build is drawn faded behind them.',
  chapter: '05-mean-field',
  reproduces: 'Figure 6 of Fang, Dong & Zhang (2021)',
  departures:
    'The authors\' code draws a fresh batch of 10,000 samples at every iteration and runs 10,000 iterations, panels ' +
    '(b)–(h) at $m = 400$. Here the batch holds 1,000 samples, panel (a) runs 3,000 iterations and panels ' +
    '(b)–(h) run $m = 200$ for 5,000 (about $2.2\\cdot 10^9$ neuron-sample evaluations instead of $8.5\\cdot 10^{10}$). ' +
    'The rest is the authors\' MF.ipynb: sigmoid, no biases, $\\alpha = 1$, $\\theta_j \\sim N(0, I)$, ' +
    '$u_j \\sim N(0, 1)$, squared error, raw learning rate 10 (each particle moves by $10/m$ times its gradient ' +
    '$\\nabla g$), the regulariser $10^{-2}\\lVert u\\rVert^2/m$ in (b)–(h) and none in (a), and after every step ' +
    'of the noisy run $N(0, 0.01^2)$ added to every entry of $\\theta$, none to $u$. The random numbers come from the ' +
    'project\'s own generator, so no particle sits where the authors\' does; the clean and the noisy run share their ' +
    'initialisation and batches. Since every step sees new data, a smaller batch only adds gradient noise, and the ' +
    'results survive. (a) At the last iteration the error is $5.1\\cdot 10^{-3}$, $3.2\\cdot 10^{-4}$ and ' +
    '$1.3\\cdot 10^{-4}$ for $m = 4, 8, 40$ (the authors\' saved log, after 10,000 iterations: $5.6\\cdot 10^{-3}$, ' +
    '$7.6\\cdot 10^{-5}$, $9.8\\cdot 10^{-6}$): $m = 4$ is stuck from the first hundred iterations on, while ' +
    'the wider networks keep improving slowly, which is why the authors\' longer run ends lower. The narrow ' +
    'networks are chaotic (a change in the last bits of the arithmetic moves their curves) and $m = 4$ is not ' +
    'always stuck: over seeds 2020, 1, 2, 3 its final error is 40, 3.6, 55 and 41 times that of $m = 40$, so at ' +
    'seed 1 it fits $F_4$ and the claim that it stalls fails there. (c)–(h) 28.5 % of the neurons are wasted ' +
    'without noise and 22 % with it (a numpy re-implementation of the authors\' recipe at $m = 400$, in the ' +
    'project\'s research notes: 28 % and 19.5 %); the neurons with $u_j \\ge 1$ lie ' +
    'a median $0.07°$ from a target ray without noise and $1.5°$ with it (that re-implementation: $0.07°$ and $2°$). Panel (a) ' +
    'plots one batch per point, unsmoothed; the authors smoothed it with a Gaussian two points wide. ' +
    'Two options go beyond the authors. The paper\'s noisy gradient descent adds $N(0, 2\\lambda_p\\eta)$ to every ' +
    'parameter; with the per-particle step $\\eta = 10/m$ and $\\lambda_p = 10^{-3}$ (the paper gives no value; this ' +
    'one matches the authors\' noise on $\\theta$ at $m = 200$) it also shakes $u$, and wastes 14.5 % of the ' +
    'neurons. And in panel (a) the raw learning rate $10\\, m/4$ gives every width the per-particle step 2.5 of ' +
    '$m = 4$, so that equal iterations are equal mean-field time: $m = 4$ is unchanged, $m = 40$ falls faster at ' +
    'first ($3\\cdot 10^{-3}$ after 10 iterations instead of $3\\cdot 10^{-2}$), but its ten times larger step ' +
    'makes the stochastic gradient noisier and its error levels off higher ($3\\cdot 10^{-4}$ instead of ' +
    '$1.3\\cdot 10^{-4}$ at 3,000 iterations); the gap to $m = 4$ stays above a factor ten.',
  params: {
    iterationsA: {
      kind: 'number', label: 'Iterations, panel (a)', default: 3000, min: 100, max: 10000, integer: true, step: 100,
      help: 'The authors ran 10,000.',
    },
    timeScale: {
      kind: 'choice', label: 'Panel (a) learning rate', default: 'raw',
      options: [
        { value: 'raw', label: 'fixed at 10 (authors)' },
        { value: 'mean-field', label: '10·m/4 (mean-field time)' },
      ],
      help: 'Each particle moves by (raw rate)/m times its gradient: at a fixed rate a wider network advances less mean-field time per iteration.',
    },
    m: { kind: 'number', label: 'Width m, panels (b)–(h)', default: 200, min: 10, max: 1000, integer: true, unit: 'neurons' },
    iterations: {
      kind: 'number', label: 'Iterations, panels (b)–(h)', default: 5000, min: 100, max: 20000, integer: true, step: 100,
      help: 'The authors ran 10,000 at m = 400.',
    },
    noise: {
      kind: 'choice', label: 'Noise, panels (f)–(h)', default: 'authors',
      options: [
        { value: 'authors', label: 'std 0.01 on θ (authors)' },
        { value: 'paper', label: '2λη on u and θ (paper)' },
      ],
      help: 'The authors add N(0, 0.01²) to θ; the paper N(0, 2λη) to u and θ, here with λ = 10⁻³ and η = 10/m, the per-particle step.',
    },
    batch: { kind: 'number', label: 'Batch size', default: 1000, min: 10, max: 10000, integer: true, help: 'A fresh batch every iteration; the authors used 10,000.' },
    seed: { kind: 'number', label: 'Seed', default: 2020, min: 0, max: 2 ** 31 - 1, integer: true },
  },
  // A shortened run for the WebGL and WebGPU agreement tests (test/browser/all-figures.test.ts).
  variants: { quick: { iterationsA: 100, m: 20, iterations: 100, batch: 100 } },
  seeds: {
    'widths-init': 'θ̃ then ũ of m = 4, then of m = 8, then of m = 40 (panel a)',
    'widths-data': 'the batches of panel (a), shared by the three widths: x (row by row), then the label noise',
    init: 'θ̃ then ũ of the wider network, shared by the clean and the noisy run',
    data: 'the batches of panels (b)–(h), the same for the clean and the noisy run',
    noise: 'the noise of the noisy run, particle by particle',
  },
  plainJs: true,

  sweep: {
    parts: () => ['a', ...RUNS],
    runPart: (part, p, ctx) => (part === 'a' ? trainWidths(p, ctx) : trainParticles(part as Run, p, ctx)),
    combine: (parts) => Object.assign({}, ...['a', ...RUNS].map((part) => parts[part] ?? {})),
  },

  panels(series, p, reference) {
    const scatter = (title: string, run: Run | 'initial', keep: (c: Cloud, j: number) => boolean = () => true) => {
      const live = where(cloudOf(series, run), keep);
      const pinned = where(cloudOf(reference, run), keep);
      return {
        title: title.replace('%n', String(live.u.length)),
        ...SQUARE,
        x: { label: 'θ₁', labelAnchor: 'center' as const, domain: [-LIMIT, LIMIT] },
        y: { label: 'θ₂', labelAnchor: 'center' as const, domain: [-LIMIT, LIMIT] },
        marks: [
          Plot.frame({ strokeOpacity: 0.15 }),
          cloud(pinned.theta1, pinned.theta2, { r: 1.6, fill: GREY, fillOpacity: 0.4 }),
          ...(run === 'initial' ? [] : TARGET_MARKS),
          cloud(live.theta1, live.theta2, { r: 1.6, fill: 'steelblue', fillOpacity: 0.85 }),
        ],
      };
    };
    // (d) and (g) share their bins and axes, so that the two histograms compare at a glance.
    const us = RUNS.map((run) => ({ live: cloudOf(series, run).u, pinned: cloudOf(reference, run).u }));
    const edges = binEdges(us.flatMap(({ live, pinned }) => [...live, ...pinned]));
    const bars = us.map(({ live, pinned }) => ({ live: histogramOf(live, edges), pinned: histogramOf(pinned, edges) }));
    const top = Math.max(10, ...bars.flatMap(({ live, pinned }) => [...live, ...pinned].map((b) => b.percent)));
    const histogram = (title: string, run: Run) => {
      const { live, pinned } = bars[RUNS.indexOf(run)];
      const u = us[RUNS.indexOf(run)].live;
      const wasted = u.length ? `${Math.round(100 * wastedFraction(Float64Array.from(u), U_WASTED))} %` : '…';
      return {
        title: title.replace('%w', wasted),
        ...SQUARE,
        x: { label: 'u', domain: [edges[0], edges.at(-1)!] },
        y: { label: '↑ % of neurons', grid: true, domain: [0, top] },
        marks: [
          Plot.rect([0], { x1: -U_WASTED, x2: U_WASTED, fill: 'red', fillOpacity: 0.08 }),
          Plot.rectY(live, { x1: 'x1', x2: 'x2', y: 'percent', fill: 'steelblue', inset: 0.5 }),
          Plot.rectY(pinned, { x1: 'x1', x2: 'x2', y: 'percent', stroke: GREY, strokeDasharray: '3,2' }),
          Plot.ruleY([0]),
        ],
      };
    };
    const at = (run: Run) => series[key('iteration', run)]?.[0];
    const after = (run: Run) => (at(run) === undefined ? 'waiting' : `iteration ${at(run)!.toLocaleString('en')}`);
    const large = (c: Cloud, j: number) => c.u[j] >= U_LARGE;
    return [
      lossPanel(series, p, reference),
      scatter(`(b) initial θ, m = ${p.m}`, 'initial'),
      scatter(`(c) θ without noise, ${after('clean')}`, 'clean'),
      histogram(`(d) u: %w wasted (|u| < ${U_WASTED})`, 'clean'),
      scatter(`(e) θ of the %n with u ≥ ${U_LARGE}`, 'clean', large),
      scatter(`(f) θ with noise, ${after('noisy')}`, 'noisy'),
      histogram(`(g) u with noise: %w wasted`, 'noisy'),
      scatter(`(h) θ of the %n with u ≥ ${U_LARGE}`, 'noisy', large),
    ];
  },

  // The series are plain float64 JavaScript (+ - * /, sqrt and the portable exp of src/math/exp.ts): no tensor
  // backend touches them and every engine gives the pin's bits. The WebGL and WebGPU tolerances are zero: any
  // deviation would be a bug, not rounding.
  agreement: [
    { series: ['loss*', 'iteration*'], measure: 'absolute', webgl: 0, webgpu: 0, why: 'plain float64 JavaScript; the backend is not used' },
    { series: ['theta1*', 'theta2*', 'u*'], measure: 'absolute', webgl: 0, webgpu: 0, why: 'plain float64 JavaScript; the backend is not used' },
  ],

  claims: [
    {
      id: 'narrow-network-stuck',
      statement: 'Panel (a): at the last iteration the error of m = 4 is at least 10 times that of m = 40.',
      check: (s) => {
        const [m4, m40] = [lossKey(4), lossKey(40)].map((k) => s[k]?.at(-1) ?? NaN);
        const ratio = m4 / m40;
        return { pass: ratio >= 10, detail: `m = 4: ${m4.toExponential(2)}, m = 40: ${m40.toExponential(2)}, ratio ${ratio.toPrecision(3)}` };
      },
    },
    {
      id: 'large-u-on-rays',
      statement: `Panel (e): the neurons with u ≥ ${U_LARGE} lie on the target rays, at a median angle below 3° from the nearest.`,
      check: (s) => {
        const angles = largeUAngles(particlesOf(s, 'clean'));
        const angle = angles.length ? median(angles) : NaN;
        return { pass: angle < 3, detail: `${angles.length} neurons with u ≥ ${U_LARGE}, median angle ${angle.toPrecision(3)}°` };
      },
    },
    {
      id: 'noise-fewer-wasted',
      statement: `Panels (d), (g): with noise, fewer neurons are wasted (|u| < ${U_WASTED}).`,
      check: (s) => {
        const [clean, noisy] = RUNS.map((run) => wastedFraction(particlesOf(s, run).u, U_WASTED));
        return { pass: noisy < clean, detail: `wasted fraction ${clean.toFixed(3)} without noise, ${noisy.toFixed(3)} with noise` };
      },
    },
  ],
});
