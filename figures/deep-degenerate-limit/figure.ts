/**
 * New figure (review §VII-B): the degenerate limit of a deep network whose weights keep a fixed variance while the
 * sums are scaled by 1/m. Take a three-layer network (src/models/deep/network.ts: two hidden layers of width m and
 * one output) and the units of its middle layer, a^2_j(x) = phi(g^2_j(x)), j = 1, ..., m, with
 *
 *     1/sqrt(m) (the NTK parameterisation):  g^2_j(x) = (sigma_w / sqrt m) sum_i Z_ji phi(g^1_i(x)),
 *     1/m (fixed-variance i.i.d. weights):   g^2_j(x) = (sigma_w / m)      sum_i W_ji phi(g^1_i(x)),  W_ji = mu + Z_ji,
 *
 * Z_ji ~ N(0, 1) the same draws in both, g^1 = W^1 x / sqrt(d) (with W^1 = mu + Z^1 under 1/m). Under 1/m the sum is
 * an average of m independent terms, so by the law of large numbers every g^2_j(x) tends to the same value
 * sigma_w mu E[phi(g^1(x))] (0 for mu = 0), and its fluctuation from unit to unit is of order m^(-1/2) (the central
 * limit theorem): every unit of the middle layer computes the same function, the degeneracy the review points out
 * in the limits of [69, 70]. Under 1/sqrt(m) the g^2_j(x) stay independent N(0, 1) variables (x . x = d), so the
 * units stay as different from each other as phi(N(0, 1)) allows.
 *
 * The spread of the middle layer at width m, on n probe inputs x_k spaced evenly round a great circle of the sphere
 * x . x = d (src/data/synthetic/sphere.ts), is the mean over the probes of the standard deviation across units:
 *
 *     spread(m) = (1/n) sum_k sd_j a^2_j(x_k),    -> sqrt(Var phi(g)) = sqrt(a^2 + b^2 - 2 b^2 / pi),  g ~ N(0, 1),
 *
 * the limit under 1/sqrt(m) (E phi(g) = b sqrt(2/pi), E phi(g)^2 = a^2 + b^2 for phi(s) = a s + b|s|). For mu = 0 and
 * this positively homogeneous phi the two recipes differ by exactly the factor m^(-1/2) on the same draws, so the
 * measured content is that the 1/sqrt(m) spread stays at its limit; with mu != 0 the 1/m units collapse onto a common
 * curve that is not 0, and the two recipes are no longer proportional.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { defineFigure, type Series } from '../../src/figure/contract';
import { ACTIVATIONS, sigmaW2, type EdgeOfChaos } from '../../src/models/deep/activation';
import { createNetwork, disposeNetwork, forward } from '../../src/models/deep/network';
import { drawStandardNormals, parameterise } from '../../src/models/deep/parameterisation';
import { greatCircle } from '../../src/data/synthetic/sphere';
import { logLogSlopeInterval } from '../../src/math/slope-interval';
import { generator } from '../../src/random/generator';
import { panels } from './plot';
import { limitSpread, meanKey, RECIPES, seedsOf, slopeKey, spreadKey, UNITS_SHOWN, unitsKey, widthsOf, type DegenerateParams, type Recipe } from './series';

const ID = 'deep-degenerate-limit';
/**
 * "Falls like m^(-1/2)": the 95 % interval of the fitted slope lies within -1/2 +- SLOPE_MARGIN. (Not "contains
 * -1/2": the finite-width variance of g^2 makes the spread at m = 32 about 2 % low on average (E sqrt(q) < 1 for a
 * random variance q of mean 1), which tilts the fitted slope to about -0.49, and enough networks would exclude -1/2.)
 */
const SLOPE_MARGIN = 0.1;
/**
 * "Of order one": every mean spread under 1/sqrt(m) within this fraction of its infinite-width value. The spread of
 * one network scales with sqrt(q_m(x)), q_m(x) = (sigma_w^2/m) sum_i phi(g^1_i(x))^2, whose standard deviation is
 * sqrt(5/m) for ReLU (40 % at m = 32); over 64 probes and five networks the measured deviations were 4-10 %.
 */
const ORDER_ONE = 0.25;

const activationOf = (p: DegenerateParams): EdgeOfChaos => ACTIVATIONS[p.activation as keyof typeof ACTIVATIONS];

/** (1/n) sum_k sd_j A[k][j] for the n x m row-major outputs A of the middle layer (sample sd, divisor m - 1). */
function spreadAcrossUnits(A: ArrayLike<number>, n: number, m: number): number {
  let total = 0;
  for (let k = 0; k < n; k++) {
    let mean = 0;
    for (let j = 0; j < m; j++) mean += A[k * m + j] / m;
    let squares = 0;
    for (let j = 0; j < m; j++) squares += (A[k * m + j] - mean) ** 2;
    total += Math.sqrt(squares / (m - 1));
  }
  return total / n;
}

/** The middle layer's outputs A^2 (n x m) on the probes under one recipe, from the draws Z of width m. */
async function middleLayer(tf: typeof TF, recipe: Recipe, Z: Float32Array[], sizes: number[], activation: EdgeOfChaos, mu: number, x: TF.Tensor2D) {
  const m = sizes[1];
  const { weightsT, multipliers } =
    recipe === 'sqrt'
      ? parameterise('ntk', sizes, Z, activation)
      : {
          weightsT: Z.map((z) => z.map((v) => mu + v)),
          multipliers: [1 / Math.sqrt(sizes[0]), Math.sqrt(sigmaW2(activation)) / m, Math.sqrt(sigmaW2(activation)) / m],
        };
  const net = createNetwork(tf, sizes, weightsT, multipliers, activation);
  const pass = forward(tf, net, x);
  try {
    return await pass.a[2].data();
  } finally {
    tf.dispose([...pass.g, ...pass.a]);
    disposeNetwork(tf, net);
  }
}

export default defineFigure<DegenerateParams>({
  id: ID,
  version: 1,
  title: 'Fixed-variance weights summed with 1/m: every middle unit computes the same function',
  caption:
    'The middle layer of a three-layer network ($d = 10$ inputs, two ReLU hidden layers of width $m$) on $n = 64$ ' +
    'probes round a great circle of the sphere $x \\cdot x = d$. (a) The spread of its $m$ units, the mean over the ' +
    'probes of their standard deviation across units, against $m$: with the weights of the NTK parameterisation, ' +
    'summed with $1/\\sqrt m$, it stays at its infinite-width value $\\sqrt{\\operatorname{Var}\\phi(g)}$, ' +
    '$g \\sim N(0, 1)$ (grey line); with the same fixed-variance weights summed with $1/m$ it falls like $m^{-1/2}$ ' +
    '(fitted slopes with 95 % intervals; dots are five independent networks, lines their mean). (b) Six units of ' +
    'network 0 along the circle at the smallest and the largest width: under $1/m$ they close onto one curve ' +
    '(the constant 0 by default, when the weights have mean $\\mu = 0$).',
  chapter: '07-deep-networks',
  reproduces: 'new',
  departures:
    'The review states the degeneracy in words (§VII-B, on the limits of its references [69, 70]) and shows no ' +
    'figure; this one illustrates it. Our choices: ' +
    'a three-layer network, the edge-of-chaos factor $\\sigma_w$ ($\\sigma_w^2 = 2$ for ReLU) in both recipes so ' +
    'that they differ only by the power of $m$, $d = 10$, 64 probes on a great circle (so a unit\'s output is a ' +
    'curve), widths 32 to 2,048 and five networks. The limits of [69, 70] allow any fixed weight distribution; ' +
    'with the default mean $\\mu = 0$ every middle unit tends to the same value 0, and on the same draws the two ' +
    'recipes then differ by exactly $m^{-1/2}$ (the activations are positively homogeneous), so what the figure ' +
    'measures is that the $1/\\sqrt m$ spread does not fall. The option $\\mu \\neq 0$ (weights $N(\\mu, 1)$ in the ' +
    '$1/m$ recipe) makes the common function non-trivial, $\\sigma_w \\mu\\, E\\,\\phi(g^1(x))$, and breaks that ' +
    'proportionality; the spread still falls like $m^{-1/2}$. Measured here, with the default seed and seeds 1 to 5 ' +
    '(ReLU, $\\mu = 0$): fitted slopes $-0.48$ to $-0.51$ under $1/m$ (so $+0.02$ to $-0.01$ under $1/\\sqrt m$), and ' +
    'the $1/\\sqrt m$ mean spread within 4 to 10 % of its limit 0.584 at every width; with $|s|$, slopes $-0.49$ ' +
    'and $-0.51$ (two seeds); with $\\mu = 0.5$, $-0.48$ and $-0.49$. The slopes sit a little above $-1/2$ because ' +
    'at small $m$ the variance of $g^2$ is itself random, of mean 1, and the mean of its square root is below 1 ' +
    '(about 2 % at $m = 32$); so the claim asks for the 95 % interval of the slope to lie within 0.1 of $-1/2$ rather ' +
    'than to contain it, which more networks would eventually rule out.',
  params: {
    widths: {
      kind: 'choice', label: 'Widths m', default: '32,64,128,256,512,1024,2048',
      options: [
        { value: '32,64,128,256,512,1024,2048', label: '32, 64, …, 2048' },
        { value: '32,64,128,256,512', label: '32, 64, …, 512 (faster)' },
      ],
    },
    n: { kind: 'number', label: 'Probe inputs n', default: 64, min: 4, max: 256, integer: true, help: 'Evenly spaced round a great circle of the sphere x · x = d.' },
    d: { kind: 'number', label: 'Input dimension d', default: 10, min: 2, max: 100, integer: true },
    activation: {
      kind: 'choice', label: 'Activation φ', default: 'relu',
      options: [{ value: 'relu', label: 'ReLU' }, { value: 'abs', label: '|s|' }],
    },
    mu: {
      kind: 'number', label: 'Mean μ of the 1/m weights', default: 0, min: 0, max: 2, step: 0.1,
      help: 'The fixed distribution of the 1/m recipe is N(μ, 1); the 1/√m recipe keeps N(0, 1). (A negative μ sends every ReLU unit of the middle layer to 0.)',
    },
    seeds: { kind: 'number', label: 'Networks per width', default: 5, min: 2, max: 20, integer: true },
    seed: { kind: 'number', label: 'Seed', default: 2021, min: 0, max: 2 ** 31 - 1, integer: true },
  },
  // A shortened run for the WebGL and WebGPU agreement tests (test/browser/all-figures.test.ts).
  variants: { quick: { widths: '32,64,128,256,512', seeds: 2 } },
  seeds: {
    probes: 'the great circle of the probes (two directions in R^d)',
    'seed=<s>/m=<m>': 'network s of width m: Z¹ (d × m), Z² (m × m), Z³ (m × 1), each row by row; shared by both recipes',
  },

  sweep: {
    parts: (p) => seedsOf(p).map((s) => `seed=${s}`),

    /** One network per width: the spread of its middle layer under both recipes, and network 0's first units. */
    async runPart(part, p, ctx) {
      const { tf } = ctx;
      const s = Number(part.slice('seed='.length));
      const activation = activationOf(p);
      const x = tf.tensor2d(greatCircle(generator(p.seed, `${ID}/probes`), p.n, p.d), [p.n, p.d]);
      const widths = widthsOf(p);
      const series: Series = { [spreadKey('sqrt', s)]: [], [spreadKey('iid', s)]: [] };
      try {
        for (const [w, m] of widths.entries()) {
          ctx.progress({ done: w, total: widths.length, stage: `network ${s}, m = ${m}` });
          await ctx.checkpoint();
          const sizes = [p.d, m, m, 1];
          const Z = drawStandardNormals(generator(p.seed, `${ID}/${part}/m=${m}`), sizes);
          for (const { id: recipe } of RECIPES) {
            const A = await middleLayer(tf, recipe, Z, sizes, activation, p.mu, x);
            series[spreadKey(recipe, s)].push(spreadAcrossUnits(A, p.n, m));
            if (s === 0 && (w === 0 || w === widths.length - 1)) {
              series[unitsKey(recipe, m)] = Array.from({ length: UNITS_SHOWN * p.n }, (_, e) => A[(e % p.n) * m + Math.floor(e / p.n)]);
            }
          }
        }
      } finally {
        x.dispose();
      }
      return series;
    },

    /** The mean spread over the networks done so far, its fitted slope and interval, and the limit. */
    combine(parts, p) {
      const widths = widthsOf(p);
      const done = seedsOf(p).filter((s) => parts[`seed=${s}`]);
      const series: Series = { m: widths, limit: [limitSpread(activationOf(p))], t: Array.from({ length: p.n }, (_, k) => (360 * k) / p.n) };
      for (const s of done) Object.assign(series, parts[`seed=${s}`]);
      for (const { id: recipe } of done.length ? RECIPES : []) {
        series[meanKey(recipe)] = widths.map((_, w) => done.reduce((sum, s) => sum + series[spreadKey(recipe, s)][w], 0) / done.length);
        const fit = logLogSlopeInterval(widths, series[meanKey(recipe)]);
        series[slopeKey(recipe)] = [fit.slope, fit.low, fit.high];
      }
      return series;
    },
  },

  panels,

  // The spreads and curves come from float32 forward passes (the spread is reduced on the host, in float64). On the
  // emulated GPUs here (Chromium, SwiftShader) the quick variant reran bit for bit with its wasm pin on WebGL and on
  // WebGPU; a real GPU may round differently: declared 1e-3 as for the other tfjs figures, to be measured on one.
  agreement: [
    { series: ['spread*', 'slope*', 'units*'], measure: 'relative', webgl: 1e-3, webgpu: 1e-3, why: 'GPU kernels round float32 differently from wasm' },
  ],

  claims: [
    {
      id: 'iid-falls-like-m-half',
      statement: `Under 1/m with fixed-variance weights, the 95 % interval of the fitted slope of log mean spread against log m lies within −1/2 ± ${SLOPE_MARGIN}.`,
      check: (s: Series) => {
        const [slope, low, high] = s[slopeKey('iid')];
        return {
          pass: low >= -0.5 - SLOPE_MARGIN && high <= -0.5 + SLOPE_MARGIN,
          detail: `slope ${slope.toFixed(4)}, 95 % interval [${low.toFixed(4)}, ${high.toFixed(4)}]`,
        };
      },
    },
    {
      id: 'sqrt-stays-order-one',
      statement: `Under 1/√m, the mean spread at every width is within ${ORDER_ONE * 100} % of its infinite-width value sd φ(g), g ~ N(0, 1).`,
      check: (s: Series) => {
        const worst = Math.max(...s[meanKey('sqrt')].map((v) => Math.abs(v / s.limit[0] - 1)));
        return { pass: worst <= ORDER_ONE, detail: `limit ${s.limit[0].toFixed(4)}; largest relative deviation ${(worst * 100).toFixed(2)} %` };
      },
    },
  ],
});
