/**
 * The mean-field limit of width (new; review §V and §VI): networks of width m trained from different random
 * initialisations approximate the same limit f(rho_t, x), so they disagree by O(1/sqrt(m)).
 *
 * The F4 student of Figure 6 (src/models/mean-field), f(x) = (1/m) sum_j u_j sigma(theta_j . x) (alpha = 1, not
 * centred), is trained at each width m of the grid from S initialisations (theta_j ~ N(0, I_2), u_j ~ N(0, 1),
 * one stream per width and seed), all on the same stream of fresh batches (x ~ N(0, s_x^2 I),
 * y = F4(x) + N(0, 0.1^2)), by SGD on the MSE. Every width is trained for the same mean-field time: the
 * per-particle step eta is fixed, so the raw learning rate is eta m (src/models/mean-field/step.ts: a raw step lr
 * moves each particle by lr/m times its particle gradient). The option "raw lr fixed" uses eta m_min for every
 * width instead, the raw rate of the narrowest width, so that wider networks advance less mean-field time.
 *
 * Spread between seeds, on N = 1,000 test inputs x_i ~ N(0, s_x^2 I) drawn once from their own stream:
 *
 *     spread(m) = (1/N) sum_i sd_s f_s(x_i),   sd_s f_s(x) = sqrt( (1/(S-1)) sum_s (f_s(x) - mean_s f_s(x))^2 ),
 *
 * the mean over test inputs of the sample standard deviation across the S seeds of the learned function. The
 * central limit theorem for the particle system (Sirignano and Spiliopoulos, 2020; the law of large numbers only says
 * that the spread vanishes) predicts spread ~ m^(-1/2);
 * the figure fits the slope of log spread against log m by least squares, with its 95 % confidence interval
 * (src/math/slope-interval.ts). Four seeds estimate each width's spread only to about 8-25 % (the scatter about
 * the fitted line, measured), comparable to the factor 1/sqrt(2) between neighbouring widths, so the claim asks for a slope significantly below zero rather
 * than for a strict decrease at every step of the grid.
 */
import * as Plot from '@observablehq/plot';
import { DivergedError, defineFigure, type Series } from '../../src/figure/contract';
import { logLogSlopeInterval } from '../../src/math/slope-interval';
import { log } from '../../src/random/log';
import { initParticles, output } from '../../src/models/mean-field/particles';
import { createWorkspace } from '../../src/models/mean-field/gradient';
import { createBatch, sampleBatch, sgdStep } from '../../src/models/mean-field/step';
import { F4 } from '../../src/models/mean-field/targets';
import { generator } from '../../src/random/generator';
import { CATEGORICAL, GREY } from '../../src/plot/palette';

const TEST_INPUTS = 1000;
/**
 * The line x(t) = s_x (t, 1 - t), t in [-1.5, 2.5], along which the learned functions are drawn: it crosses the
 * four target boundaries theta*_i . x = 0 at t = -1, 0, 1, 2.
 */
const LINE_T = Array.from({ length: 81 }, (_, k) => -1.5 + k / 20);
const BOUNDARIES = [-1, 0, 1, 2];

type WidthParams = {
  widths: string;
  seeds: number;
  steps: number;
  eta: number;
  time: string;
  inputs: string;
  batch: number;
  seed: number;
};

const widthsOf = (p: WidthParams) => p.widths.split(',').map(Number);
const seedsOf = (p: WidthParams) => Array.from({ length: p.seeds }, (_, k) => k + 1);
const partOf = (m: number, seed: number) => `m=${m}/seed=${seed}`;
const lineKey = (m: number, seed: number) => `line[m=${m}, seed=${seed}]`;

/** The raw learning rate of width m: eta m (mean-field time), or eta m_min for every width. */
const rawLr = (p: WidthParams, m: number) => p.eta * (p.time === 'mean-field' ? m : Math.min(...widthsOf(p)));

/** (1/N) sum_i sd_s f_s(x_i): the mean over inputs of the sample standard deviation across seeds. */
function spreadBetweenSeeds(outputs: number[][]): number {
  const S = outputs.length;
  const N = outputs[0].length;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let mean = 0;
    for (let s = 0; s < S; s++) mean += outputs[s][i] / S;
    let squares = 0;
    for (let s = 0; s < S; s++) squares += (outputs[s][i] - mean) ** 2;
    sum += Math.sqrt(squares / (S - 1));
  }
  return sum / N;
}

export default defineFigure<WidthParams>({
  id: 'mf-width-limit',
  version: 1,
  title: 'The mean-field limit: width buys reproducibility',
  caption:
    'The $F_4$ student trained at widths $m = 25$ to $1600$ from four random initialisations each, on one stream ' +
    'of batches, for the same mean-field time (raw learning rate $2.5\\,m$, 300 steps). First, the spread between ' +
    'seeds (the mean over 1,000 test inputs of the standard deviation across seeds of $f(x)$) against $m$, with ' +
    'its least-squares slope and a guide of slope $-1/2$, the rate of the fluctuations in the central limit ' +
    'theorem (the law of large numbers says only that they vanish). Then each ' +
    'seed\'s learned function minus the mean over the seeds of its width, along the line $x = s_x(t, 1 - t)$ ' +
    '($s_x$ the input scale), which crosses the four target boundaries at $t = -1, 0, 1, 2$ (grey). The wider the ' +
    'network, the closer the seeds land.',
  chapter: '05-mean-field',
  reproduces: 'new',
  departures:
    'Not in the review, which states the $O(1/\\sqrt m)$ approximation (§V–VI) without measuring it. The network, ' +
    'target and data are those of Figure 6 ($F_4$, label noise 0.1, squared error, $\\theta \\sim N(0, I)$, ' +
    '$u \\sim N(0, 1)$, no regulariser, fresh batches of 1,000), except that the inputs are $x \\sim N(0, I)$ by ' +
    'default. With Figure 6\'s $N(0, 100^2 I)$ (an option) every sigmoid is nearly a step, the learned function ' +
    'near each boundary is decided by the few particles pointing along it, and over this range of widths the ' +
    'spread shrinks more slowly and less regularly. Seven widths a factor 2 apart, four seeds and 300 steps at ' +
    'per-particle step 2.5 keep the run near a minute. Measured here: slope $-0.47$ with $x \\sim N(0, I)$, ' +
    '$-0.28$ with $x \\sim N(0, 100^2 I)$, and $-0.05$ (95 % interval about $-0.24$ to $0.14$) with the raw ' +
    'learning rate fixed at that of $m = 25$, where wider networks advance less mean-field time in 300 steps; ' +
    'while planning, in PyTorch with the same recipe and other seeds, $-0.54$, $-0.30$ and about 0. Four seeds ' +
    'measure each width\'s spread only to about 8–25 %, comparable to the factor $1/\\sqrt 2$ between ' +
    'neighbouring widths, so the claim asks for a fitted slope whose 95 % confidence interval lies below zero, ' +
    'not for a decrease at every step of the grid.',
  params: {
    widths: {
      kind: 'choice', label: 'Widths m', default: '25,50,100,200,400,800,1600',
      options: [
        { value: '25,50,100,200,400,800,1600', label: '25, 50, …, 1600' },
        { value: '25,50,100,200,400', label: '25, 50, …, 400 (faster)' },
        { value: '25,50,100,200,400,800,1600,3200', label: '25, 50, …, 3200 (slower)' },
      ],
    },
    seeds: { kind: 'number', label: 'Seeds per width', default: 4, min: 2, max: 16, integer: true },
    steps: { kind: 'number', label: 'SGD steps', default: 300, min: 1, max: 10000, integer: true },
    eta: {
      kind: 'number', label: 'Per-particle step η', default: 2.5, min: 1e-4, max: 100, step: 0.5,
      help: 'Each particle moves by η times its particle gradient; the raw learning rate is η m.',
    },
    time: {
      kind: 'choice', label: 'Time scaling', default: 'mean-field',
      options: [
        { value: 'mean-field', label: 'mean-field time: raw lr ∝ m' },
        { value: 'raw-fixed', label: 'raw lr fixed (that of the narrowest width)' },
      ],
    },
    inputs: {
      kind: 'choice', label: 'Input scale', default: '1',
      options: [
        { value: '1', label: 'x ~ N(0, I)' },
        { value: '100', label: 'x ~ N(0, 100² I) (step-like, as in Figure 6)' },
      ],
    },
    batch: { kind: 'number', label: 'Batch size', default: 1000, min: 10, max: 10000, integer: true, help: 'fresh samples every step' },
    seed: { kind: 'number', label: 'Seed', default: 2020, min: 0, max: 2 ** 31 - 1, integer: true },
  },
  // A shortened run for the WebGL and WebGPU agreement tests (test/browser/all-figures.test.ts).
  variants: { quick: { widths: '25,50,100,200,400', seeds: 2, steps: 20, batch: 100 } },
  seeds: {
    init: 'θ then u of width m and seed k, one stream "init/m=<m>/seed=<k>" for each',
    data: 'the batches (x then label noise, per step), the same for every width and seed',
    test: 'the 1,000 test inputs',
  },
  plainJs: true,

  sweep: {
    // Narrowest first: the cheap widths finish within seconds, so a live run draws its first spreads early.
    parts: (p) => widthsOf(p).flatMap((m) => seedsOf(p).map((k) => partOf(m, k))),

    /** One width and seed: the learned function on the test inputs and along the line. */
    async runPart(part, p, ctx) {
      const [m, k] = part.match(/\d+/g)!.map(Number);
      const inputStd = Number(p.inputs);
      const net = initParticles({ m, d: 2 }, generator(p.seed, `mf-width-limit/init/m=${m}/seed=${k}`));
      const batch = createBatch(p.batch, 2);
      const ws = createWorkspace(net, p.batch);
      const data = generator(p.seed, 'mf-width-limit/data');
      const lr = rawLr(p, m);
      for (let t = 1; t <= p.steps; t++) {
        sampleBatch(batch, F4, data, { inputStd });
        const loss = sgdStep(net, batch, ws, { lr });
        if (!Number.isFinite(loss)) throw new DivergedError(`m = ${m}, seed ${k}, step ${t}`, 'the batch loss became NaN or infinite');
        if (t % 50 === 0) ctx.progress({ done: t, total: p.steps, stage: `m = ${m}, seed ${k}, step ${t}` });
        await ctx.checkpoint();
      }

      const test = createBatch(TEST_INPUTS, 2);
      sampleBatch(test, F4, generator(p.seed, 'mf-width-limit/test'), { inputStd });
      const f = new Float64Array(TEST_INPUTS);
      output(net, test.x, test.n, f);
      const line = new Float64Array(LINE_T.flatMap((t) => [inputStd * t, inputStd * (1 - t)]));
      const g = new Float64Array(LINE_T.length);
      output(net, line, LINE_T.length, g);
      return { f: Array.from(f), line: Array.from(g) };
    },

    /** The spread of every width whose seeds have all finished, and the line of every finished part. */
    combine(parts, p) {
      const complete = widthsOf(p).filter((m) => seedsOf(p).every((k) => parts[partOf(m, k)]));
      const series: Series = {
        m: complete,
        spread: complete.map((m) => spreadBetweenSeeds(seedsOf(p).map((k) => parts[partOf(m, k)].f))),
        t: LINE_T,
      };
      for (const m of widthsOf(p)) {
        for (const k of seedsOf(p)) if (parts[partOf(m, k)]) series[lineKey(m, k)] = parts[partOf(m, k)].line;
      }
      return series;
    },
  },

  panels(series, p, reference) {
    /** Round values (1, 1.5, 2, 3, 5 or 7 times a power of ten) within the range of `values`: y-axis labels. */
    const roundTicks = (values: number[]) => {
      const [min, max] = [Math.min(...values), Math.max(...values)];
      const decades = Array.from({ length: Math.ceil(Math.log10(max)) - Math.floor(Math.log10(min)) + 1 }, (_, i) => Math.floor(Math.log10(min)) + i);
      return decades.flatMap((k) => [1, 1.5, 2, 3, 5, 7].map((c) => Number(`${c}e${k}`))).filter((t) => t >= min && t <= max);
    };
    const points = (s: Series) => s.m.map((m, i) => ({ m, spread: s.spread[i] }));
    const fit = series.m.length >= 3 ? logLogSlopeInterval(series.m, series.spread) : undefined;
    const minus = (v: number) => v.toFixed(2).replace('-', '−');
    const widths = widthsOf(p);
    const [lo, hi] = [widths[0], widths[widths.length - 1]];
    /** The line log spread = intercept + slope log m, over the grid. */
    const line = (slope: number, intercept: number) => [lo, hi].map((m) => ({ m, spread: Math.exp(intercept) * m ** slope }));
    // The guide m^(-1/2) passes through the fitted line at the geometric mean of the widths.
    const centre = Math.sqrt(lo * hi);
    const fitted = fit ? line(fit.slope, fit.intercept) : [];
    const guide = fit ? line(-0.5, fit.intercept + (fit.slope + 0.5) * log(centre)) : [];
    const spread = {
      title: 'Spread between seeds',
      subtitle: fit
        ? `Least-squares slope ${minus(fit.slope)} (solid; 95 % interval ${minus(fit.low)} to ${minus(fit.high)}); slope −1/2 (dotted)`
        : undefined,
      width: 440,
      height: 280,
      marginLeft: 60,
      marginRight: 20,
      x: { label: 'width m →', type: 'log' as const, domain: [lo / 1.3, hi * 1.3] },
      y: { label: '↑ spread: mean sd across seeds of f(x)', type: 'log' as const, grid: true },
      marks: [
        // A log axis thins out explicit tick labels unless they are given as text.
        Plot.axisX({ ticks: widths, text: String }),
        Plot.axisY({ ticks: roundTicks([...series.spread, ...fitted.map((d) => d.spread), ...guide.map((d) => d.spread)]), text: String }),
        Plot.line(guide, { x: 'm', y: 'spread', stroke: GREY, strokeDasharray: '2,3' }),
        Plot.line(fitted, { x: 'm', y: 'spread', stroke: CATEGORICAL[0], strokeOpacity: 0.7 }),
        Plot.line(reference ? points(reference) : [], { x: 'm', y: 'spread', stroke: 'currentColor', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
        Plot.dot(points(series), { x: 'm', y: 'spread', fill: CATEGORICAL[0], r: 3.5, tip: true }),
      ],
    };

    // Each seed's function along the line minus the mean over that width's seeds, for every complete width.
    const deviations = series.m.flatMap((m) => {
      const lines = seedsOf(p).map((k) => series[lineKey(m, k)]);
      return seedsOf(p).flatMap((k, s) =>
        series.t.map((t, i) => ({
          width: `m = ${m}`,
          seed: `seed ${k}`,
          t,
          deviation: lines[s][i] - lines.reduce((a, l) => a + l[i], 0) / lines.length,
        })),
      );
    });
    const along = {
      title: 'Each seed\'s learned function minus the mean over seeds, along the line x = sₓ(t, 1 − t)',
      width: 880,
      height: 240,
      marginLeft: 50,
      fx: { label: null, domain: widths.map((m) => `m = ${m}`) },
      x: { label: 't', domain: [LINE_T[0], LINE_T[LINE_T.length - 1]], ticks: BOUNDARIES, tickFormat: '~g' },
      y: { label: '↑ f(x(t)) − mean', grid: true },
      color: { legend: true, domain: seedsOf(p).map((k) => `seed ${k}`), range: CATEGORICAL },
      marks: [
        Plot.ruleX(BOUNDARIES, { strokeOpacity: 0.2 }),
        Plot.ruleY([0], { stroke: GREY }),
        Plot.line(deviations, { fx: 'width', x: 't', y: 'deviation', z: 'seed', stroke: 'seed', strokeWidth: 1.2 }),
      ],
    };
    return deviations.length ? [spread, along] : [spread];
  },

  // Plain float64 JavaScript with the portable exp (src/models/mean-field), declared plainJs: tfjs is not used,
  // every backend runs the same code, and a rerun must reproduce the pin bit for bit; hence the zero tolerances.
  agreement: [
    { series: ['spread'], measure: 'relative', webgl: 0, webgpu: 0, why: 'plain float64 JavaScript; the backend is not used' },
    { series: ['m', 't', 'line*'], measure: 'absolute', webgl: 0, webgpu: 0, why: 'plain float64 JavaScript; the backend is not used' },
  ],

  claims: [
    {
      id: 'spread-decreases-with-m',
      statement:
        'The spread between seeds decreases with the width: the least-squares slope of log spread against log m, ' +
        'and the upper end of its 95 % confidence interval (Student t, n − 2 degrees of freedom), are negative.',
      check: (s, p) => {
        const widths = widthsOf(p as WidthParams);
        if (s.m.length !== widths.length) return { pass: false, detail: `only m = ${s.m.join(', ')} were run` };
        const { slope, low, high } = logLogSlopeInterval(s.m, s.spread);
        const spreads = s.m.map((m, i) => `${s.spread[i].toPrecision(3)} at m = ${m}`).join(', ');
        return {
          pass: high < 0,
          detail:
            `fitted slope ${slope.toFixed(3)}, 95 % interval [${low.toFixed(3)}, ${high.toFixed(3)}] (central limit ` +
            `theorem: −0.5); spread ${spreads}`,
        };
      },
    },
  ],
});
