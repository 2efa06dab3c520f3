/**
 * New figure: the empirical tangent kernel of a two-layer network converges to its infinite-width limit.
 *
 * The network is eq. (1) with one output at its initialisation, theta~_j ~ N(0, sigma^2 I_2), u~_j ~ N(0, sigma^2),
 * with h = relu or erf. On n inputs placed evenly on the unit circle, x_i = (cos 2 pi i/n, sin 2 pi i/n), we compare
 * the Gram matrices of k^u_m, k^theta_m and of the tangent kernel k^u_m + k^theta_m (the NTK of equal learning
 * rates, eq. (13)) with their closed-form limits (src/kernels/closed-form) by the relative Frobenius error
 *
 *     e_m = || K_m - K_inf ||_F / || K_inf ||_F.
 *
 * Each K_m is an average of m independent neuron terms whose mean is K_inf, so e_m is of order m^(-1/2) (the
 * central limit theorem): on log-log axes a line of slope -1/2. The widths are nested, as a Monte-Carlo estimate
 * gains samples: network s of each activation is drawn once at the largest width, and K_m uses its first m neurons.
 *
 * Why the circle: every kernel here sees an input pair only through the Gaussian pair (theta~ . x, theta~ . x'),
 * i.e. through |x|, |x'| and x . x', so inputs of equal norm in a plane lose nothing against any other dimension
 * d, and the limit depends only on the angle 2 pi (i - i')/n: K_inf is circulant, a smooth band pattern in the heat
 * maps against which Monte-Carlo noise stands out.
 */
import * as Plot from '@observablehq/plot';
import { defineFigure, type Series } from '../../src/figure/contract';
import { limitKernels, type ClosedFormActivation } from '../../src/kernels/closed-form';
import { empiricalKernels, initialise, type ScalarTwoLayer } from '../../src/kernels/empirical-ntk';
import { exp } from '../../src/math/exp';
import { logLogFit } from '../../src/math/log-log-fit';
import { cos, sin } from '../../src/math/trig';
import { generator } from '../../src/random/generator';
import { log } from '../../src/random/log';
import { CATEGORICAL } from '../../src/plot/palette';

type NtkParams = { n: number; sigma: number; mMax: number; widths: number; networks: number; seed: number };

const ACTIVATIONS: { id: ClosedFormActivation; label: string }[] = [
  { id: 'relu', label: 'ReLU' },
  { id: 'erf', label: 'erf' },
];
const KERNELS = [
  { id: 'ntk', label: 'kᵘ + kᶿ' },
  { id: 'u', label: 'kᵘ' },
  { id: 'theta', label: 'kᶿ' },
] as const;
type KernelId = (typeof KERNELS)[number]['id'];

/** The smallest width; the grid runs from here to mMax. */
const M_MIN = 10;
/** The inputs lie in a plane (see the header). */
const D = 2;

/**
 * `widths` values of m spaced evenly in log m from M_MIN to mMax, rounded (equal roundings counted once). The
 * project's exp and log, not Math's, so that every engine gets the same widths (see src/math/exp).
 */
const widthsOf = (p: NtkParams) => [
  ...new Set(Array.from({ length: p.widths }, (_, w) => Math.round(M_MIN * exp((w / (p.widths - 1)) * log(p.mMax / M_MIN))))),
];
const networksOf = (p: NtkParams) => Array.from({ length: p.networks }, (_, s) => s);
const key = (quantity: string, activation: string, kernel: KernelId) => `${quantity}[${activation}, ${kernel}]`;
const gramKey = (activation: string, width: number | 'limit') => `gram[${activation}, ${width === 'limit' ? width : `m=${width}`}]`;

/** x_i = (cos 2 pi i/n, sin 2 pi i/n), row-major n x 2 (the portable cos and sin of src/math/trig). */
function circle(n: number): number[] {
  return Array.from({ length: n }, (_, i) => [cos((2 * Math.PI * i) / n), sin((2 * Math.PI * i) / n)]).flat();
}

/** The Gram matrices of k^u, k^theta and of the tangent kernel k^u + k^theta, n x n row-major. */
type Grams = Record<KernelId, ArrayLike<number>>;
const withSum = (u: ArrayLike<number>, theta: ArrayLike<number>): Grams => ({
  u,
  theta,
  ntk: Array.from(u, (v, e) => v + theta[e]),
});

const frobenius = (A: ArrayLike<number>) => Math.sqrt(Array.from(A).reduce((s, v) => s + v * v, 0));
/** e_m = ||K_m - K_inf||_F / ||K_inf||_F. */
const relativeError = (K: ArrayLike<number>, Kinf: ArrayLike<number>) =>
  frobenius(Array.from(K, (v, e) => v - Kinf[e])) / frobenius(Kinf);

function limitGrams(activation: ClosedFormActivation, p: NtkParams): Grams {
  const { u, theta } = limitKernels(circle(p.n), D, activation, p.sigma, p.sigma);
  return withSum(u, theta);
}

/** Neurons j = from, ..., to - 1 of `net` as a network of their own (row j of theta is theta~_j). */
const neurons = (net: ScalarTwoLayer, from: number, to: number): ScalarTwoLayer => ({
  theta: Array.from({ length: (to - from) * D }, (_, l) => net.theta[from * D + l]),
  u: Array.from({ length: to - from }, (_, j) => net.u[from + j]),
  m: to - from,
  d: D,
});

/**
 * One colour scale for the six heat maps: bins of a round width symmetric about 0, a white one in the middle,
 * thresholds ±w/2, ±3w/2, ... up to the largest |entry| of the limits; a noisier entry at small m takes the colour
 * of the end bin. (Bins rather than a continuous ramp: Plot draws a continuous legend on a canvas, which the
 * static build has not.)
 */
function colourBins(extent: number): number[] {
  const decade = 10 ** Math.floor(Math.log10(extent / 6));
  const w = [1, 2, 5, 10].map((f) => f * decade).find((x) => x >= extent / 6)!;
  const positive = Array.from({ length: Math.round(extent / w) }, (_, j) => Number(((j + 0.5) * w).toPrecision(6)));
  return [...positive.map((t) => -t).reverse(), ...positive];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const thousands = (m: number) => m.toLocaleString('en-US');

export default defineFigure<NtkParams>({
  id: 'ntk-convergence',
  version: 1,
  title: 'The empirical tangent kernel converges to its limit like 1/√m',
  caption:
    'Two-layer networks of width $m$ with ReLU and erf units at initialisation, $\\tilde\\theta_j \\sim N(0, ' +
    '\\sigma^2 I)$, $\\tilde u_j \\sim N(0, \\sigma^2)$, on $n$ inputs spaced evenly on the unit circle ' +
    '(defaults: $\\sigma = 1$, $n = 16$, 20 networks, $m$ from 10 to 10,000). (a) The relative error ' +
    '$\\lVert K_m - K_\\infty\\rVert_F / \\lVert K_\\infty\\rVert_F$ of the Gram matrix of the tangent kernel ' +
    '$k_m^u + k_m^\\theta$ against its closed form, averaged over the networks (line; the band spans the ' +
    'smallest to the largest error among them), with a guide of slope $-1/2$ and the fitted slopes in the corner. ' +
    '(b) The mean errors of $k_m^u$ and $k_m^\\theta$ separately. (c) The Gram matrix of network 0 at the ' +
    'smallest and the largest width beside the limit; rows and columns are the inputs in order round the circle, ' +
    'so the limit, which depends only on the angle between two inputs, is constant along diagonals.',
  chapter: '04-neural-tangent-kernel',
  reproduces: 'new',
  departures:
    'The review has no such figure; it states the limit (the display after eq. (9)) without a rate. The error ' +
    'here is Monte-Carlo error: each $K_m$ averages $m$ independent neuron terms whose mean is $K_\\infty$, so its ' +
    'fluctuations are of order $m^{-1/2}$ whatever the inputs and the activation. The inputs lie on a circle in ' +
    'the plane ($d = 2$) because the kernels see two inputs only through their norms and their inner product, so a ' +
    'larger $d$ would change no distribution, only the cost. The widths are nested: network $s$ is drawn once at ' +
    'the largest width and $K_m$ uses its first $m$ neurons, so the points of one network along $m$ are ' +
    'correlated; the networks are independent. The kernels carry the review\'s normalisation $1/m$: the inner ' +
    'product of the gradients of $f$ at two inputs is $(\\alpha^2/m)(k_m^u + k_m^\\theta)$, which is ' +
    '$k_m^u + k_m^\\theta$ itself when $\\alpha = \\sqrt m$. The slope is fitted by least squares to the logarithm of the mean error over all ' +
    'widths. Its spread about $-1/2$ is sampling noise: with seeds 1 to 6 instead of the default, the fitted ' +
    'slopes of the six lines ranged from $-0.45$ to $-0.52$. (The mean of a norm also sits a little below its root-mean-square, ' +
    'which is exactly proportional to $m^{-1/2}$, when few neurons are summed: 2 to 5% at $m = 10$, measured ' +
    'over 300 networks. That tilts the fitted slope by less than 0.01.)',
  params: {
    n: { kind: 'number', label: 'Inputs n on the circle', default: 16, min: 4, max: 48, integer: true },
    sigma: {
      kind: 'number', label: 'Initial standard deviation σ', default: 1, min: 0.1, max: 4, step: 0.1,
      help: 'θ̃ⱼ ~ N(0, σ²I) and ũⱼ ~ N(0, σ²). For ReLU the relative error does not depend on σ.',
    },
    mMax: { kind: 'number', label: 'Largest width', default: 10000, min: 100, max: 100000, integer: true, unit: 'neurons' },
    widths: { kind: 'number', label: 'Widths on the grid', default: 10, min: 3, max: 20, integer: true, help: 'Spaced evenly in log m from m = 10.' },
    networks: {
      kind: 'number', label: 'Networks per activation', default: 20, min: 2, max: 100, integer: true,
      help: 'Independent initialisations; the error is averaged over them.',
    },
    seed: { kind: 'number', label: 'Seed', default: 2021, min: 0, max: 2 ** 31 - 1, integer: true },
  },
  // A shortened run for the WebGL and WebGPU agreement tests (test/browser/all-figures.test.ts).
  variants: { quick: { n: 8, mMax: 1000, widths: 3 } },
  seeds: {
    'relu/seed=<s>': 'ReLU network s (s = 0, 1, …) at the largest width: θ̃ (row by row), then ũ',
    'erf/seed=<s>': 'erf network s, drawn the same way',
  },

  sweep: {
    // Interleaved, so that a live run shows both activations from its first parts on.
    parts: (p) => networksOf(p).flatMap((s) => ACTIVATIONS.map(({ id }) => `${id}/seed=${s}`)),

    /** One network: the errors of k^u_m, k^theta_m and their sum at each width, and network 0's Gram matrices. */
    async runPart(part, p, ctx) {
      const [activation, seedName] = part.split('/') as [ClosedFormActivation, string];
      const s = Number(seedName.slice('seed='.length));
      const X = circle(p.n);
      const limit = limitGrams(activation, p);
      const net = initialise(generator(p.seed, `ntk-convergence/${part}`), p.mMax, D, p.sigma, p.sigma);
      const ms = widthsOf(p);
      const series: Series = { u: [], theta: [], ntk: [] };
      // k_m averages its first m neurons: from the average over the first m' < m, add the block m', ..., m - 1,
      //     K_m = (m' K_m' + (m - m') K_[m', m)) / m,
      // so each neuron is visited once.
      let previous = 0;
      let Ku = new Float64Array(p.n * p.n);
      let Ktheta = new Float64Array(p.n * p.n);
      for (const [w, m] of ms.entries()) {
        ctx.progress({ done: w, total: ms.length, stage: `${activation}, network ${s}, m = ${m}` });
        await ctx.checkpoint();
        const block = empiricalKernels(X, neurons(net, previous, m), activation);
        const average = (K: Float64Array, B: Float64Array) => K.map((v, e) => (previous * v + (m - previous) * B[e]) / m);
        Ku = average(Ku, block.u.K);
        Ktheta = average(Ktheta, block.theta.K);
        previous = m;
        const K = withSum(Ku, Ktheta);
        for (const { id } of KERNELS) series[id].push(relativeError(K[id], limit[id]));
        if (s === 0 && (w === 0 || w === ms.length - 1)) series[gramKey(activation, m)] = Array.from(K.ntk);
      }
      return series;
    },

    /** Mean, smallest and largest error over the networks done so far, the fitted slope, and the heat maps. */
    combine(parts, p) {
      const ms = widthsOf(p);
      const series: Series = { m: ms };
      for (const { id: a } of ACTIVATIONS) {
        const done = networksOf(p).map((s) => parts[`${a}/seed=${s}`]).filter((part) => part !== undefined);
        for (const { id: k } of done.length ? KERNELS : []) {
          const atWidth = ms.map((_, w) => done.map((part) => part[k][w]));
          series[key('error', a, k)] = atWidth.map(mean);
          series[key('errorMin', a, k)] = atWidth.map((es) => Math.min(...es));
          series[key('errorMax', a, k)] = atWidth.map((es) => Math.max(...es));
          series[key('slope', a, k)] = [logLogFit(ms, series[key('error', a, k)]).slope];
        }
        for (const m of [ms[0], ms[ms.length - 1]]) {
          const gram = parts[`${a}/seed=0`]?.[gramKey(a, m)];
          if (gram) series[gramKey(a, m)] = gram;
        }
        series[gramKey(a, 'limit')] = Array.from(limitGrams(a, p).ntk);
      }
      return series;
    },
  },

  panels(series, p, reference) {
    const errorRows = (s: Series, kernels: KernelId[]) =>
      ACTIVATIONS.flatMap(({ id: a, label }) =>
        kernels.flatMap((k) =>
          (s[key('error', a, k)] ?? []).map((error, w) => ({
            activation: label,
            kernel: KERNELS.find((x) => x.id === k)!.label,
            line: `${label}, ${k}`,
            m: s.m[w],
            error,
            low: s[key('errorMin', a, k)][w],
            high: s[key('errorMax', a, k)][w],
          })),
        ),
      );
    /** The fitted slopes, one line per activation, for the panel's top right corner. */
    const slopes = (kernels: KernelId[]) => {
      const lines = ACTIVATIONS.flatMap(({ id: a, label }) => {
        const fitted = kernels.map((k) => [KERNELS.find((x) => x.id === k)!.label, series[key('slope', a, k)]?.[0]] as const);
        if (fitted.some(([, slope]) => slope === undefined)) return [];
        const shown = fitted.map(([kernel, slope]) => `${kernels.length > 1 ? `${kernel} ` : ''}${slope!.toFixed(2).replace('-', '−')}`);
        return [`${label}: ${shown.join(', ')}`];
      });
      return ['fitted slopes', ...lines].join('\n');
    };
    /** A line of slope -1/2 below the data: through half the smallest error at the smallest width. */
    const guide = (rows: { m: number; error: number }[]) => {
      if (!rows.length) return [];
      const m0 = Math.min(...rows.map((r) => r.m));
      const e0 = Math.min(...rows.filter((r) => r.m === m0).map((r) => r.error)) / 2;
      return [m0, Math.max(...rows.map((r) => r.m))].map((m) => ({ m, error: e0 * (m / m0) ** -0.5 }));
    };
    const errorPanel = (title: string, kernels: KernelId[], colourLegend: boolean) => {
      const live = errorRows(series, kernels);
      const pinned = reference ? errorRows(reference, kernels) : [];
      const line = guide(live);
      const spread = kernels.length === 1; // the spread of the networks, shown for a single kernel only
      return {
        title,
        width: 330,
        height: 300,
        marginLeft: 50,
        x: { label: 'width m →', type: 'log' as const, tickFormat: '~s' },
        y: { label: '↑ ‖Kₘ − K∞‖ / ‖K∞‖ (Frobenius)', type: 'log' as const, grid: true, tickFormat: '~g' },
        color: { legend: colourLegend, domain: ACTIVATIONS.map((a) => a.label), range: CATEGORICAL },
        symbol: spread ? undefined : { legend: true, domain: kernels.map((k) => KERNELS.find((x) => x.id === k)!.label), range: ['circle', 'triangle'] },
        marks: [
          Plot.areaY(spread ? live : [], { x: 'm', y1: 'low', y2: 'high', z: 'line', fill: 'activation', fillOpacity: 0.12 }),
          Plot.line(line, { x: 'm', y: 'error', stroke: 'currentColor', strokeDasharray: '6,4', strokeOpacity: 0.7 }),
          Plot.text(line.slice(0, 1), { x: 'm', y: 'error', text: () => 'slope −1/2', dy: 12, dx: 2, textAnchor: 'start', fill: 'currentColor' }),
          Plot.text([slopes(kernels)], { frameAnchor: 'top-right', text: (d: string) => d, lineAnchor: 'top', textAnchor: 'end', dx: -4, dy: 4 }),
          Plot.line(pinned, { x: 'm', y: 'error', z: 'line', stroke: 'activation', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
          Plot.line(live, { x: 'm', y: 'error', z: 'line', stroke: 'activation', strokeWidth: 2 }),
          Plot.dot(live, {
            x: 'm', y: 'error', stroke: 'activation', fill: 'activation', r: 2.5,
            ...(!spread && { symbol: 'kernel', r: 3.5, fill: 'none' }),
            tip: true,
          }),
        ],
      };
    };

    const ms = series.m;
    const maps = [
      { width: ms[0], label: `m = ${thousands(ms[0])}` },
      { width: ms[ms.length - 1], label: `m = ${thousands(ms[ms.length - 1])}` },
      { width: 'limit' as const, label: 'limit m → ∞' },
    ];
    const cells = ACTIVATIONS.flatMap(({ id: a, label }) =>
      maps.flatMap(({ width, label: map }) =>
        (series[gramKey(a, width)] ?? []).map((K, e) => ({ activation: label, map, i: Math.floor(e / p.n), k: e % p.n, K })),
      ),
    );
    const extent = Math.max(...ACTIVATIONS.flatMap(({ id: a }) => series[gramKey(a, 'limit')].map(Math.abs)));

    return [
      errorPanel('(a) Error of kᵘₘ + kᶿₘ', ['ntk'], true),
      errorPanel('(b) Error of kᵘₘ and of kᶿₘ', ['u', 'theta'], false), // the colours of (a)
      {
        title: '(c) Gram matrix of kᵘₘ + kᶿₘ: network 0 at two widths, and the limit',
        width: 560,
        height: 400,
        marginLeft: 30,
        marginRight: 40,
        fx: { domain: maps.map((x) => x.label), label: null },
        fy: { domain: ACTIVATIONS.map((a) => a.label), label: null },
        x: { axis: null },
        y: { axis: null },
        color: { type: 'threshold' as const, scheme: 'rdbu' as const, reverse: true, domain: colourBins(extent), legend: true, width: 360, tickFormat: '+.1f', label: 'K(xᵢ, xᵢ′)' },
        marks: [Plot.cell(cells, { x: 'k', y: 'i', fx: 'map', fy: 'activation', fill: 'K', inset: 0, tip: true })],
      },
    ];
  },

  // No tfjs: the series are plain float64 JavaScript, the same on every backend. They are the same in every engine
  // when every transcendental function is one of the project's portable ports (src/math/exp, src/math/trig,
  // src/random/log; + - * / and sqrt are correctly rounded everywhere), and then these tolerances are never used.
  // They bound what an engine's own Math.exp, log, sin, cos, asin or acos would move: in Chromium 156, whose Math
  // functions differ from Node's in the last bit, the errors and slopes moved by 3.3e-15 relative and the Gram
  // entries by 2.2e-16 absolute; declared 10^3 to 10^5 times looser. On WebGPU (SwiftShader adapter) a shortened run
  // (largest width 1,000, 3 widths, 2 networks) was bit for bit with wasm, as expected: the same bounds.
  agreement: [
    { series: ['error*', 'slope*'], measure: 'relative', webgl: 1e-9, webgpu: 1e-9, why: 'no tfjs; only an engine\'s own rounding of Math functions could move them' },
    { series: ['gram*'], measure: 'absolute', webgl: 1e-12, webgpu: 1e-12, why: 'as above; absolute, since entries of the limit can be 0' },
  ],

  claims: ACTIVATIONS.flatMap(({ id: a, label }) => [
    {
      id: `slope-half-${a}`,
      statement: `${label}: the least-squares slopes of log mean error against log m, for kᵘₘ + kᶿₘ and for each of kᵘₘ and kᶿₘ, are within 0.1 of −1/2.`,
      check: (s: Series) => {
        const slopes = KERNELS.map(({ id: k, label: kernel }) => ({ kernel, slope: s[key('slope', a, k)][0] }));
        return {
          pass: slopes.every(({ slope }) => Math.abs(slope + 0.5) <= 0.1),
          detail: `${label}: fitted slopes ${slopes.map(({ kernel, slope }) => `${kernel} ${slope.toFixed(4)}`).join(', ')}`,
        };
      },
    },
    {
      id: `error-falls-${a}`,
      statement: `${label}: the mean error of kᵘₘ + kᶿₘ at the largest width is smaller than at the smallest.`,
      check: (s: Series) => {
        const e = s[key('error', a, 'ntk')];
        const [first, last] = [e[0], e[e.length - 1]];
        return {
          pass: last < first,
          detail: `${label}: error ${first.toPrecision(4)} at m = ${s.m[0]}, ${last.toPrecision(4)} at m = ${s.m[s.m.length - 1]}`,
        };
      },
    },
  ]),
});
