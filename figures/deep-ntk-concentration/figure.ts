/**
 * New figure: the tangent kernel of a deep network concentrates at initialisation, the one assumption that
 * Terjék & González-Sánchez (arXiv:2205.13507) call non-mild, that the smallest eigenvalue of the NTK at
 * initialisation concentrates away from 0. Only that paper's abstract could be read (research/deep-papers.md): its
 * parameterisation, data and constants are unknown, and this figure illustrates the assumption in ours.
 *
 * The network is src/models/deep/network.ts in the NTK parameterisation (src/models/deep/parameterisation.ts) with
 * L layers, hidden widths m and an edge-of-chaos activation, at its random initialisation. On n points x_i uniform
 * on the sphere x . x = d (src/data/synthetic/sphere.ts), the normalised Gram matrix of its exact empirical tangent
 * kernel (src/kernels/deep-empirical-ntk.ts),
 *
 *     K_m = [ Theta_m(x_i, x_j) / n ]_ij,
 *
 * tends as m -> infinity to K_inf = [ Theta^L(x_i, x_j) / n ] (src/kernels/deep-limit-ntk.ts, the arc-cosine
 * recursion) on the same points. For each width and each of S independent networks the figure records
 *
 *     lambda_min(K_m)  (Jacobi, float64: src/math/symmetric-eigen.ts)   and   e_m = ||K_m - K_inf||_F / ||K_inf||_F,
 *
 * and the least-squares slope of log mean e_m against log m with its 95 % interval (src/math/slope-interval.ts).
 * K_m is a sum over the m units of each layer of terms that are independent given the layer below, so its
 * fluctuation about K_inf is of order m^(-1/2), and so is e_m.
 */
import * as Plot from '@observablehq/plot';
import { defineFigure, type Series } from '../../src/figure/contract';
import { ACTIVATIONS, type EdgeOfChaos } from '../../src/models/deep/activation';
import { disposeNetwork } from '../../src/models/deep/network';
import { initialise } from '../../src/models/deep/parameterisation';
import { empiricalNtk } from '../../src/kernels/deep-empirical-ntk';
import { limitNtk } from '../../src/kernels/deep-limit-ntk';
import { spherePoints } from '../../src/data/synthetic/sphere';
import { smallestEigenvalue } from '../../src/math/symmetric-eigen';
import { logLogSlopeInterval } from '../../src/math/slope-interval';
import { generator } from '../../src/random/generator';
import { CATEGORICAL, GREY } from '../../src/plot/palette';

type ConcentrationParams = { widths: string; n: number; d: number; depth: number; activation: string; seeds: number; seed: number };

const ID = 'deep-ntk-concentration';
/** "Approaches the limit": the gap of the mean at the largest width below this fraction of the gap at the smallest. */
const GAP_SHRINKS = 0.25;

const widthsOf = (p: ConcentrationParams) => p.widths.split(',').map(Number);
const seedsOf = (p: ConcentrationParams) => Array.from({ length: p.seeds }, (_, s) => s);
const activationOf = (p: ConcentrationParams): EdgeOfChaos => ACTIVATIONS[p.activation as keyof typeof ACTIVATIONS];
const lambdaKey = (s: number) => `lambda[seed=${s}]`;
const errorKey = (s: number) => `error[seed=${s}]`;

const pointsOf = (p: ConcentrationParams) => spherePoints(generator(p.seed, `${ID}/points`), p.n, p.d);
/** K_inf = Theta^L / n on the figure's points. */
const limitGram = (p: ConcentrationParams, X: Float32Array) => limitNtk(X, p.d, p.depth, activationOf(p)).map((v) => v / p.n);
/** [d, m, ..., m, 1]: L layers, L - 1 hidden layers of width m. */
const sizesOf = (p: ConcentrationParams, m: number) => [p.d, ...Array.from({ length: p.depth - 1 }, () => m), 1];

const frobenius = (A: ArrayLike<number>) => Math.sqrt(Array.from(A).reduce((s, v) => s + v * v, 0));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export default defineFigure<ConcentrationParams>({
  id: ID,
  version: 1,
  title: 'The tangent kernel of a deep network concentrates at initialisation',
  caption:
    'The normalised Gram matrix $K = [\\Theta(x_i, x_j)/n]$ of the exact tangent kernel of a network of depth 3 ' +
    '(two ReLU hidden layers of width $m$, NTK parameterisation) at its random initialisation, on $n = 32$ points ' +
    'uniform on the sphere $x \\cdot x = d$ in $\\mathbb R^{10}$, for 16 independent networks at each width. ' +
    '(a) The smallest eigenvalue $\\lambda_{\\min}(K)$ of each network (dots), their mean (line) and the value of ' +
    'the infinite-width kernel on the same points (grey): every network\'s is positive, and the spread closes ' +
    'on the limit as $m$ grows. (b) The relative distance $\\lVert K_m - K_\\infty\\rVert_F / ' +
    '\\lVert K_\\infty\\rVert_F$ to the limit, with its fitted slope and a guide of slope $-1/2$.',
  chapter: '07-deep-networks',
  reproduces: 'new',
  departures:
    'An illustration of the assumption of Terjék & González-Sánchez (arXiv:2205.13507) that the smallest ' +
    'eigenvalue of the NTK at initialisation concentrates away from 0; their abstract is all we could read, so the ' +
    'network, the data and every number here are ours, not theirs. Our choices: the NTK parameterisation with the ' +
    'edge-of-chaos factor $\\sigma_w^2 = 1/(a^2 + b^2)$ for $\\phi(s) = a s + b|s|$ (ReLU: $\\sigma_w^2 = 2$), no ' +
    'biases, the normalisation $K = \\Theta/n$ of the same authors\' later paper on the NTK at the edge of chaos ' +
    '(arXiv:2501.13225, abstract), $n = 32$ points in $d = 10$, depth 3, widths 32 to 2,048 and 16 networks per ' +
    'width; the limit is the arc-cosine recursion, computed on the same points. Measured here with the default ' +
    'seed and seeds 1 to 5 (six point sets, ReLU): $\\lambda_{\\min}(K_\\infty)$ 0.013 to 0.023 (the diagonal is ' +
    '3/32 = 0.094); the smallest $\\lambda_{\\min}$ of any of the 112 networks of a run 0.0036 to 0.0066; at ' +
    '$m = 32$ the mean is only 46 to 60 % of the limit; at $m = 2{,}048$ the gap between the mean and the limit ' +
    'is 3 to 6 % of its value at $m = 32$; the fitted slope of the mean error $-0.48$ to $-0.53$, its 95 % interval ' +
    'containing $-1/2$ every time (by the smallest margin, 0.007, for seed 4: $[-0.573, -0.493]$). With $|s|$ on the ' +
    'first three of these point sets $\\lambda_{\\min}(K_\\infty)$ is larger on each, 0.028, 0.022 and 0.025 against ' +
    '0.021, 0.013 and 0.018 for ReLU, in line with the later paper\'s abstract, which finds $|s|$ better than ReLU ' +
    'for the conditioning of the edge-of-chaos kernel (it speaks of the condition number; we compare ' +
    '$\\lambda_{\\min}$); slopes $-0.47$ to $-0.50$. The standard deviation of $\\lambda_{\\min}$ ' +
    'across networks falls more slowly than $m^{-1/2}$ over these widths (fitted slopes $-0.29$ to $-0.40$ in a ' +
    'preliminary run of the same experiment on eight other point sets), so no claim is made about its rate.',
  params: {
    widths: {
      kind: 'choice', label: 'Widths m', default: '32,64,128,256,512,1024,2048',
      options: [
        { value: '32,64,128,256,512,1024,2048', label: '32, 64, …, 2048' },
        { value: '32,64,128,256,512', label: '32, 64, …, 512 (faster)' },
      ],
    },
    n: { kind: 'number', label: 'Points n', default: 32, min: 4, max: 128, integer: true, help: 'Uniform on the sphere x · x = d.' },
    d: { kind: 'number', label: 'Input dimension d', default: 10, min: 2, max: 100, integer: true },
    depth: { kind: 'number', label: 'Depth L (weight matrices)', default: 3, min: 2, max: 6, integer: true },
    activation: {
      kind: 'choice', label: 'Activation φ', default: 'relu',
      options: [{ value: 'relu', label: 'ReLU' }, { value: 'abs', label: '|s|' }],
    },
    seeds: { kind: 'number', label: 'Networks per width', default: 16, min: 4, max: 64, integer: true },
    seed: { kind: 'number', label: 'Seed', default: 2022, min: 0, max: 2 ** 31 - 1, integer: true },
  },
  // A shortened run for the WebGL and WebGPU agreement tests (test/browser/all-figures.test.ts).
  variants: { quick: { widths: '32,64,128,256,512', seeds: 4 } },
  seeds: {
    points: 'the n points on the sphere',
    'seed=<s>/m=<m>': 'network s of width m: its standard normals Z¹, …, Z^L, each row by row (src/models/deep/parameterisation.ts)',
  },

  sweep: {
    parts: (p) => seedsOf(p).map((s) => `seed=${s}`),

    /** Network s at every width: lambda_min(K_m) and the relative distance to K_inf. */
    async runPart(part, p, ctx) {
      const { tf } = ctx;
      const s = Number(part.slice('seed='.length));
      const X = pointsOf(p);
      const Kinf = limitGram(p, X);
      const x = tf.tensor2d(X, [p.n, p.d]);
      const widths = widthsOf(p);
      const series: Series = { [lambdaKey(s)]: [], [errorKey(s)]: [] };
      try {
        for (const [w, m] of widths.entries()) {
          ctx.progress({ done: w, total: widths.length, stage: `network ${s}, m = ${m}` });
          await ctx.checkpoint();
          const net = initialise(tf, generator(p.seed, `${ID}/${part}/m=${m}`), 'ntk', sizesOf(p, m), activationOf(p));
          const theta = await empiricalNtk(tf, net, x).finally(() => disposeNetwork(tf, net));
          const K = theta.map((v) => v / p.n);
          series[lambdaKey(s)].push(smallestEigenvalue(K, p.n));
          series[errorKey(s)].push(frobenius(K.map((v, e) => v - Kinf[e])) / frobenius(Kinf));
        }
      } finally {
        x.dispose();
      }
      return series;
    },

    /** The means over the networks done so far, the fitted slope of the mean error, and the limit's lambda_min. */
    combine(parts, p) {
      const widths = widthsOf(p);
      const done = seedsOf(p).filter((s) => parts[`seed=${s}`]);
      const series: Series = { m: widths, lambdaLimit: [smallestEigenvalue(limitGram(p, pointsOf(p)), p.n)] };
      for (const s of done) Object.assign(series, parts[`seed=${s}`]);
      if (done.length) {
        series.lambdaMean = widths.map((_, w) => mean(done.map((s) => series[lambdaKey(s)][w])));
        series.errorMean = widths.map((_, w) => mean(done.map((s) => series[errorKey(s)][w])));
        const fit = logLogSlopeInterval(widths, series.errorMean);
        series.errorSlope = [fit.slope, fit.low, fit.high];
      }
      return series;
    },
  },

  panels(series, p, reference) {
    const widths = widthsOf(p);
    const perNetwork = (key: (s: number) => string) =>
      seedsOf(p).flatMap((s) => (series[key(s)] ?? []).map((value, w) => ({ m: widths[w], value, network: s })));
    const line = (s: Series | undefined, name: string) => (s?.[name] ?? []).map((value, w) => ({ m: widths[w], value }));
    const [lo, hi] = [widths[0], widths[widths.length - 1]];
    const limit = series.lambdaLimit[0];
    const minus = (v: number) => v.toFixed(2).replace('-', '−');
    const slope = series.errorSlope;
    // The guide m^(-1/2) passes through the mean error at the geometric mean of the widths (read off the fit).
    const guide = slope
      ? (() => {
          const fit = logLogSlopeInterval(widths, series.errorMean);
          const centre = Math.sqrt(lo * hi);
          const at = Math.exp(fit.intercept) * centre ** fit.slope;
          return [lo, hi].map((m) => ({ m, value: at * (m / centre) ** -0.5 }));
        })()
      : [];
    const [colour] = CATEGORICAL;
    return [
      {
        title: '(a) Smallest eigenvalue of K = Θ/n',
        width: 400,
        height: 300,
        marginLeft: 55,
        x: { label: 'width m →', type: 'log' as const, domain: [lo / 1.2, hi * 1.2] },
        y: { label: '↑ λmin(K)', grid: true, zero: true },
        marks: [
          Plot.axisX({ ticks: widths, text: String }), // a log axis thins out explicit tick labels unless given as text
          Plot.ruleY([limit], { stroke: GREY, strokeDasharray: '6,4' }),
          Plot.text([{ m: lo, value: limit }], { x: 'm', y: 'value', text: () => `m → ∞: ${limit.toFixed(4)}`, dy: -8, textAnchor: 'start', fill: 'currentColor' }),
          Plot.line(line(reference, 'lambdaMean'), { x: 'm', y: 'value', stroke: colour, strokeDasharray: '4,3', strokeOpacity: 0.6 }),
          Plot.dot(perNetwork(lambdaKey), { x: 'm', y: 'value', stroke: colour, r: 2, strokeOpacity: 0.5 }),
          Plot.line(line(series, 'lambdaMean'), { x: 'm', y: 'value', stroke: colour, strokeWidth: 2, tip: true }),
        ],
      },
      {
        title: '(b) Relative distance to the infinite-width kernel',
        subtitle: slope ? `Fitted slope ${minus(slope[0])} (95 %: ${minus(slope[1])} to ${minus(slope[2])}); slope −1/2 dotted` : undefined,
        width: 400,
        height: 300,
        marginLeft: 55,
        x: { label: 'width m →', type: 'log' as const, domain: [lo / 1.2, hi * 1.2] },
        y: { label: '↑ ‖Kₘ − K∞‖F / ‖K∞‖F', type: 'log' as const, grid: true, tickFormat: '~g' },
        marks: [
          Plot.axisX({ ticks: widths, text: String }),
          Plot.line(guide, { x: 'm', y: 'value', stroke: GREY, strokeDasharray: '2,3' }),
          Plot.line(line(reference, 'errorMean'), { x: 'm', y: 'value', stroke: colour, strokeDasharray: '4,3', strokeOpacity: 0.6 }),
          Plot.dot(perNetwork(errorKey), { x: 'm', y: 'value', stroke: colour, r: 2, strokeOpacity: 0.5 }),
          Plot.line(line(series, 'errorMean'), { x: 'm', y: 'value', stroke: colour, strokeWidth: 2, tip: true }),
        ],
      },
    ];
  },

  // The kernels come from float32 forward and backward passes; the eigenvalues and norms are taken on the host in
  // float64. On the emulated GPUs here (Chromium, SwiftShader) the quick variant reran bit for bit with its wasm pin on
  // WebGL and on WebGPU; a real GPU may round differently: declared 1e-3 as for the other tfjs figures, to be measured
  // on one. (lambda_min is the most sensitive series: a kernel perturbation dK moves it by at most ||dK||_2, about
  // 1e-6 of ||K||_2 in float32, i.e. some 4e-5 of lambda_min for the condition number 41 of the default K_inf.)
  agreement: [
    { series: ['lambda*', 'error*'], measure: 'relative', webgl: 1e-3, webgpu: 1e-3, why: 'GPU kernels round float32 differently from wasm' },
  ],

  claims: [
    {
      id: 'lambda-min-positive',
      statement: 'Every network at every width has λmin(K) > 0.',
      check: (s: Series, p: any) => {
        const all = seedsOf(p).flatMap((k) => s[lambdaKey(k)]);
        const smallest = Math.min(...all);
        return { pass: all.length === p.seeds * widthsOf(p).length && smallest > 0, detail: `smallest λmin over ${all.length} networks: ${smallest.toPrecision(4)}` };
      },
    },
    {
      id: 'error-slope-half',
      statement: 'The 95 % interval of the fitted slope of log mean ‖Kₘ − K∞‖F/‖K∞‖F against log m contains −1/2.',
      check: (s: Series) => {
        const [slope, low, high] = s.errorSlope;
        return { pass: low <= -0.5 && -0.5 <= high, detail: `slope ${slope.toFixed(4)}, 95 % interval [${low.toFixed(4)}, ${high.toFixed(4)}]` };
      },
    },
    {
      id: 'mean-approaches-limit',
      statement: `The gap between the mean λmin(K) and the limit's at the largest width is below ${GAP_SHRINKS} of the gap at the smallest.`,
      check: (s: Series) => {
        const gap = s.lambdaMean.map((v) => Math.abs(v - s.lambdaLimit[0]));
        const [first, last] = [gap[0], gap[gap.length - 1]];
        return { pass: last < GAP_SHRINKS * first, detail: `limit ${s.lambdaLimit[0].toPrecision(4)}; gap ${first.toPrecision(3)} at the smallest width, ${last.toPrecision(3)} at the largest` };
      },
    },
  ],
});
