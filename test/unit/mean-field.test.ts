/**
 * The mean-field particle system (src/models/mean-field) and its portable exp (src/math/exp):
 *   - exp equals V8's Math.exp (fdlibm) bit for bit;
 *   - the discrete gradient d phi / d[u_j, theta_j] against central finite differences of phi (eq. 16);
 *   - grad g of eq. (18) against central finite differences of g(rho_m, ., .) with rho_m held fixed;
 *   - d phi / d[u_j, theta_j] = (1/m) grad g(rho_m, u_j, theta_j), and not (alpha/m) grad g;
 *   - a small step decreases phi at the rate of eq. (22), -eta ∫ |grad g|^2 d rho_m with eta = lr/m;
 *   - determinism: same seeds give the same bits, other stream names other numbers;
 *   - a short training on F4 (m = 40) reaches a small noise-free MSE;
 *   - the ray-angle, wasted-neuron and MSE helpers on hand-made points;
 * and prints (does not assert) the throughput of a forward + backward step at m = 400, batch 1,000.
 */
import { describe, expect, it } from 'vitest';
import { exp } from '../../src/math/exp';
import { createWorkspace, g, gradG, gradPhi, phi, type Batch } from '../../src/models/mean-field/gradient';
import {
  cloneParticles,
  fromArrays,
  initParticles,
  output,
  sigmoid,
  type Particles,
} from '../../src/models/mean-field/particles';
import { createBatch, sampleBatch, sgdStep, type StepOptions } from '../../src/models/mean-field/step';
import {
  F4,
  angleToNearestRay,
  mseToTarget,
  rayAngles,
  wastedFraction,
} from '../../src/models/mean-field/targets';
import { generator } from '../../src/random/generator';

/** A small system and batch where every sigmoid is far from saturation (inputs of scale 2, not 100). */
function smallProblem(alpha: number, centred: boolean): { p: Particles; batch: Batch } {
  const p = initParticles({ m: 5, d: 2, alpha, centred }, generator(7, 'mf-test/init'));
  const batch = createBatch(30, 2);
  sampleBatch(batch, F4, generator(7, 'mf-test/data'), { inputStd: 2, noiseStd: 0.1 });
  if (centred) {
    // Move the particles off their initial copy, so the centred output is not zero.
    const move = generator(7, 'mf-test/move');
    for (let j = 0; j < p.m; j++) p.u[j] += 0.3 * move.normal();
    for (let i = 0; i < p.m * p.d; i++) p.theta[i] += 0.3 * move.normal();
  }
  return { p, batch };
}

/** Every parameter of a particle system as (array, index) pairs: u_1..u_m, then theta. */
function coordinates(p: Particles): [Float64Array, number, 'u' | 'theta'][] {
  return [
    ...Array.from({ length: p.m }, (_, j) => [p.u, j, 'u'] as [Float64Array, number, 'u']),
    ...Array.from({ length: p.m * p.d }, (_, i) => [p.theta, i, 'theta'] as [Float64Array, number, 'theta']),
  ];
}

/** Central difference (F(v + h) - F(v - h)) / 2h of F with respect to a[i]. */
function centralDifference(a: Float64Array, i: number, h: number, F: () => number): number {
  const v = a[i];
  a[i] = v + h;
  const plus = F();
  a[i] = v - h;
  const minus = F();
  a[i] = v;
  return (plus - minus) / (2 * h);
}

/** max_i |a_i - b_i| / max_i |b_i|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

const H = 1e-5;
const REG = 1e-2;

describe('exp', () => {
  it('has the IEEE special values', () => {
    expect(Object.is(exp(0), 1)).toBe(true);
    expect(Object.is(exp(-0), 1)).toBe(true);
    expect(exp(Infinity)).toBe(Infinity);
    expect(Object.is(exp(-Infinity), 0)).toBe(true);
    expect(exp(NaN)).toBeNaN();
    expect(exp(710)).toBe(Infinity);
    expect(Object.is(exp(-746), 0)).toBe(true);
  });

  it("equals V8's Math.exp bit for bit on 200,000 doubles of every kind", () => {
    const gen = generator(1, 'exp-test');
    const view = new DataView(new ArrayBuffer(8));
    const fromWords = (hi: number, lo: number) => {
      view.setUint32(0, hi); // big-endian: the high word first
      view.setUint32(4, lo);
      return view.getFloat64(0);
    };
    const sign = () => (gen.integer(2) ? -1 : 1);
    // Every bound the code tests, as a double [hi, 0], and the thresholds.
    const edges = [0x40862e42, 0x3fd62e42, 0x3fd62e43, 0x3ff0a2b2, 0x3e300000].map((hi) => fromWords(hi, 0));
    edges.push(709.782712893383973096, -745.13321910194110842, 0.5 * Math.LN2, 1.5 * Math.LN2);
    const kinds: (() => number)[] = [
      () => sign() * fromWords(gen.integer(0x40870000), gen.nextUint32()), // any finite |x| < 746.0
      () => (2 * gen.uniform() - 1) * 750, // the whole range, through overflow and underflow
      () => (2 * gen.uniform() - 1) * 2, // the reduction branches near 0.5 ln2 and 1.5 ln2
      () => sign() * 2 ** -(20 + gen.integer(1055)), // tiny, down to subnormal, around 2^-28
      () => -708 - 37.2 * gen.uniform(), // subnormal results (k < -1021)
      () => 709 + 0.79 * gen.uniform(), // k = 1023, 1024 near overflow
      () => 140 * gen.normal(), // sigmoid arguments of Figure 6, theta.x with |x| ~ 100
      () => {
        // an edge and its neighbours, a few ulps either side
        const e = edges[gen.integer(edges.length)] * sign();
        return e + (gen.integer(9) - 4) * Math.abs(e) * 2 ** -52;
      },
    ];
    const xs = Array.from({ length: 200_000 }, () => kinds[gen.integer(kinds.length)]());
    const wrong = xs.filter((x) => !Object.is(exp(x), Math.exp(x)));
    expect(wrong.slice(0, 5).map((x) => [x, exp(x), Math.exp(x)])).toEqual([]);
    expect(xs.filter((x) => Math.exp(x) > 0 && Math.exp(x) < 2 ** -1022).length).toBeGreaterThan(10_000);
    expect(xs.filter((x) => Math.abs(x) < 2 ** -28).length).toBeGreaterThan(10_000);
  });
});

describe('mean-field gradients', () => {
  for (const centred of [false, true]) {
    it(`d phi / d[u_j, theta_j] matches central differences of phi (alpha = 1.7${centred ? ', centred' : ''})`, () => {
      const { p, batch } = smallProblem(1.7, centred);
      const ws = createWorkspace(p, batch.n);
      gradPhi(p, batch, REG, ws);
      const analytic = concat(ws.gradU, ws.gradTheta);
      const numeric = coordinates(p).map(([a, i]) => centralDifference(a, i, H, () => phi(p, batch, REG, ws)));
      expect(relativeError(numeric, analytic)).toBeLessThan(1e-6);
    });
  }

  it('grad g of eq. (18) matches central differences of g(rho_m, u, theta) with rho_m held fixed', () => {
    const { p, batch } = smallProblem(1.7, false);
    const ws = createWorkspace(p, batch.n);
    gradG(p, batch, REG, ws);
    const analytic = concat(ws.gradU, ws.gradTheta);
    // Perturb the point [u, theta] where g is evaluated, in copies: the measure rho_m = p does not move.
    const u = p.u.slice();
    const theta = p.theta.slice();
    const numeric = [
      ...Array.from({ length: p.m }, (_, j) =>
        centralDifference(u, j, H, () => g(p, batch, REG, u[j], theta, j * p.d, ws)),
      ),
      ...Array.from({ length: p.m * p.d }, (_, i) => {
        const j = Math.floor(i / p.d);
        return centralDifference(theta, i, H, () => g(p, batch, REG, u[j], theta, j * p.d, ws));
      }),
    ];
    expect(relativeError(numeric, analytic)).toBeLessThan(1e-6);
  });

  it('d phi / d[u_j, theta_j] = (1/m) grad g(rho_m, u_j, theta_j); (alpha/m) grad g is off by alpha', () => {
    const { p, batch } = smallProblem(1.7, false);
    const ws = createWorkspace(p, batch.n);
    gradG(p, batch, REG, ws);
    const gradGAll = concat(ws.gradU, ws.gradTheta);
    gradPhi(p, batch, REG, ws);
    const gradPhiAll = concat(ws.gradU, ws.gradTheta);
    expect(relativeError(gradGAll.map((v) => v / p.m), gradPhiAll)).toBeLessThan(1e-12);
    expect(relativeError(gradGAll.map((v) => (p.alpha * v) / p.m), gradPhiAll)).toBeGreaterThan(0.5);
  });

  it("g(rho_m, u_1, theta_1) is eq. (18): (1/n) sum_i alpha L_1'(f_i, y_i) u_1 sigma_1i + reg u_1^2", () => {
    const { p, batch } = smallProblem(1.7, false);
    const ws = createWorkspace(p, batch.n);
    const value = g(p, batch, REG, p.u[0], p.theta, 0, ws);
    let direct = 0;
    for (let i = 0; i < batch.n; i++) {
      const h = sigmoid(p.theta[0] * batch.x[2 * i] + p.theta[1] * batch.x[2 * i + 1]);
      direct += p.alpha * 2 * (ws.f[i] - batch.y[i]) * p.u[0] * h;
    }
    expect(value).toBeCloseTo(direct / batch.n + REG * p.u[0] * p.u[0], 14);
  });
});

describe('the SGD step', () => {
  it('decreases phi as eq. (22) says: phi(after) - phi(before) ~ -eta ∫ |grad g|^2 d rho_m, eta = lr/m', () => {
    const p = initParticles({ m: 40, d: 2 }, generator(3, 'mf-test/init'));
    const batch = createBatch(1000, 2);
    sampleBatch(batch, F4, generator(3, 'mf-test/data'));
    const ws = createWorkspace(p, batch.n);
    const lr = 1e-6;
    gradG(p, batch, REG, ws);
    let meanSquare = 0; // ∫ |grad g|^2 d rho_m = (1/m) sum_j |grad g(rho_m, u_j, theta_j)|^2
    for (const v of concat(ws.gradU, ws.gradTheta)) meanSquare += (v * v) / p.m;
    const before = sgdStep(p, batch, ws, { lr, reg: REG });
    const after = phi(p, batch, REG, ws);
    expect(after).toBeLessThan(before);
    expect((before - after) / ((lr / p.m) * meanSquare)).toBeCloseTo(1, 2);
  });

  it('returns phi before the update and leaves the pre-update outputs in the workspace', () => {
    const { p, batch } = smallProblem(1, false);
    const ws = createWorkspace(p, batch.n);
    const f = new Float64Array(batch.n);
    output(p, batch.x, batch.n, f);
    const expected = phi(p, batch, REG, ws);
    expect(sgdStep(p, batch, ws, { lr: 0.1, reg: REG })).toBe(expected);
    expect(sameBits(ws.f.subarray(0, batch.n), f)).toBe(true);
  });

  it('refuses a batch larger than its workspace, or of another dimension', () => {
    const { p, batch } = smallProblem(1, false);
    const ws = createWorkspace(p, batch.n - 1);
    expect(() => gradG(p, batch, 0, ws)).toThrow(/Workspace/);
    expect(() => sampleBatch(createBatch(10, 3), F4, generator(1, 'mf-test/data'))).toThrow(/d = 2/);
  });

  it('centred particles output exactly zero before training', () => {
    const p = initParticles({ m: 50, d: 2, alpha: 30, centred: true }, generator(4, 'mf-test/init'));
    const batch = createBatch(200, 2);
    sampleBatch(batch, F4, generator(4, 'mf-test/data'));
    const f = new Float64Array(batch.n).fill(1);
    output(p, batch.x, batch.n, f);
    expect(f.every((v) => v === 0)).toBe(true);
  });

  it("paper's noise: sqrt(2 lambda lr/m) N(0, 1) on u and theta; authors': N(0, std^2) on theta only", () => {
    const p = initParticles({ m: 400, d: 2 }, generator(5, 'mf-test/init'));
    const batch = createBatch(10, 2);
    sampleBatch(batch, F4, generator(5, 'mf-test/data'));
    const ws = createWorkspace(p, batch.n);
    const lr = 1e-12; // the gradient part is negligible: the change is the noise
    const spread = (options: StepOptions) => {
      const q = cloneParticles(p);
      sgdStep(q, batch, ws, options, generator(5, 'mf-test/noise'));
      const rms = (a: Float64Array, b: Float64Array) =>
        Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);
      return { u: rms(q.u, p.u), theta: rms(q.theta, p.theta) };
    };
    const lambda = 0.5 * 400 * 1e12 * 1e-4; // sqrt(2 lambda lr / m) = 0.01
    const paper = spread({ lr, noise: { kind: 'paper', lambda } });
    expect(paper.u).toBeGreaterThan(0.009);
    expect(paper.u).toBeLessThan(0.011);
    expect(paper.theta).toBeGreaterThan(0.009);
    expect(paper.theta).toBeLessThan(0.011);
    const authors = spread({ lr, noise: { kind: 'authors', std: 0.01 } });
    expect(authors.u).toBeLessThan(1e-9);
    expect(authors.theta).toBeGreaterThan(0.009);
    expect(authors.theta).toBeLessThan(0.011);
    expect(() => sgdStep(cloneParticles(p), batch, ws, { lr, noise: { kind: 'authors', std: 0.01 } })).toThrow();
  });
});

describe('determinism', () => {
  /** 50 steps of m = 20 with the authors' regulariser and noise; the final particles. */
  function run(seed: number, init: string, data: string, noise: string): Float64Array {
    const p = initParticles({ m: 20, d: 2 }, generator(seed, init));
    const batch = createBatch(100, 2);
    const ws = createWorkspace(p, batch.n);
    const dataStream = generator(seed, data);
    const noiseStream = generator(seed, noise);
    for (let t = 0; t < 50; t++) {
      sampleBatch(batch, F4, dataStream);
      sgdStep(p, batch, ws, { lr: 10, reg: REG, noise: { kind: 'authors', std: 0.01 } }, noiseStream);
    }
    return concat(p.u, p.theta);
  }

  it('two runs with the same seed and streams give identical bits', () => {
    const first = run(2020, 'fig6/init', 'fig6/data', 'fig6/noise');
    const second = run(2020, 'fig6/init', 'fig6/data', 'fig6/noise');
    expect(sameBits(first, second)).toBe(true);
  });

  it('another stream name or seed gives other numbers', () => {
    const base = run(2020, 'fig6/init', 'fig6/data', 'fig6/noise');
    for (const other of [
      run(2020, 'fig6/init2', 'fig6/data', 'fig6/noise'),
      run(2020, 'fig6/init', 'fig6/data2', 'fig6/noise'),
      run(2020, 'fig6/init', 'fig6/data', 'fig6/noise2'),
      run(2021, 'fig6/init', 'fig6/data', 'fig6/noise'),
    ]) {
      expect(other.every((v, i) => v !== base[i])).toBe(true);
    }
  });
});

describe('training on F4', () => {
  it('m = 40, 2,000 steps of batch 1,000, lr 10: noise-free MSE below 1e-3 on 10,000 fresh inputs', () => {
    // Reference (figure-specs.md, Fig. 6): m = 40 reaches 7e-5 after 3,000 steps of batch 1,000. At 2,000 steps
    // seeds 1-8 measured here give 4e-5 to 2e-4, so the bound 1e-3 holds with a margin of 5x or more.
    const m = 40;
    const p = initParticles({ m, d: 2 }, generator(2020, 'mf-test/train/init'));
    const batch = createBatch(1000, 2);
    const ws = createWorkspace(p, batch.n);
    const data = generator(2020, 'mf-test/train/data');
    for (let t = 0; t < 2000; t++) {
      sampleBatch(batch, F4, data);
      sgdStep(p, batch, ws, { lr: 10 });
    }
    const test = createBatch(10_000, 2);
    sampleBatch(test, F4, generator(2020, 'mf-test/train/test'));
    const f = new Float64Array(test.n);
    output(p, test.x, test.n, f);
    const mse = mseToTarget(f, test.fStar);
    console.log(`m = 40 after 2,000 steps: noise-free MSE ${mse.toExponential(2)}`);
    expect(mse).toBeLessThan(1e-3);
  });
});

describe('targets', () => {
  it('F4 is (1/4) sum_i sigma(theta*_i . x)', () => {
    const x = new Float64Array([0.3, -0.2]);
    const f = new Float64Array(1);
    output(F4, x, 1, f);
    const direct = (sigmoid(0.6) + sigmoid(0.3 - 0.4) + sigmoid(0.6 - 0.2) + sigmoid(-0.4)) / 4;
    expect(f[0]).toBeCloseTo(direct, 15);
  });

  it('the four rays lie at 0, 63.43, 26.57 and 90 degrees', () => {
    const angles = rayAngles();
    const expected = [0, (Math.atan(2) * 180) / Math.PI, (Math.atan(0.5) * 180) / Math.PI, 90];
    angles.forEach((a, i) => expect(a).toBeCloseTo(expected[i], 12));
    expect(expected[1]).toBeCloseTo(63.43495, 5);
  });

  it('measures the angle to the nearest ray on hand-made points', () => {
    const points: [number, number, number][] = [
      [5, 0, 0], // on the ray of (2, 0), farther out
      [0.1, 0.2, 0], // on the ray of (1, 2), nearer in
      [3, 3, 45 - (Math.atan(0.5) * 180) / Math.PI], // 45°: 18.43° from both (2, 1) and (1, 2)
      [-1, 0, 90], // opposite (2, 0): nearest is (0, 2), at 90°
      [0, -3, 90], // opposite (0, 2): nearest is (2, 0), at 90°
      [-1, -1, 135], // 225°: 135° from (2, 0) and from (0, 2)
      [2, 1e-9, (5e-10 * 180) / Math.PI], // nearly on (2, 0): Kahan's formula keeps tiny angles accurate
      [0, 0, NaN], // no direction
    ];
    const p = fromArrays(new Float64Array(points.length), new Float64Array(points.flatMap(([a, b]) => [a, b])), 2);
    const angles = angleToNearestRay(p);
    points.forEach(([, , expected], j) => {
      if (Number.isNaN(expected)) expect(angles[j]).toBeNaN();
      else expect(Math.abs(angles[j] - expected)).toBeLessThan(1e-12 + 1e-9 * expected);
    });
  });

  it('counts wasted neurons (|u| < 0.25) and computes the MSE to the target', () => {
    expect(wastedFraction(new Float64Array([0.1, -0.2, 0.25, -0.3, 1.4, 0, 2, -0.249]))).toBe(4 / 8);
    expect(wastedFraction(new Float64Array([0.1, 0.5]), 0.6)).toBe(1);
    expect(mseToTarget(new Float64Array([1, 2, 3]), new Float64Array([1, 0, 4]))).toBeCloseTo(5 / 3, 15);
  });
});

describe('throughput (printed, not asserted)', () => {
  it('forward + backward step at m = 400, batch 1,000', () => {
    const m = 400;
    const p = initParticles({ m, d: 2 }, generator(1, 'mf-bench/init'));
    const batch = createBatch(1000, 2);
    const ws = createWorkspace(p, batch.n);
    sampleBatch(batch, F4, generator(1, 'mf-bench/data'));
    for (let t = 0; t < 10; t++) sgdStep(p, batch, ws, { lr: 10 }); // warm up the JIT
    const steps = 50;
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let t = 0; t < steps; t++) sgdStep(p, batch, ws, { lr: 10 });
    const wall = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const evaluations = steps * m * batch.n;
    console.log(
      `mean-field step, m = ${m}, batch ${batch.n}: ${(evaluations / wall / 1e6).toFixed(1)} M neuron-sample ` +
        `evaluations/s wall, ${(evaluations / cpuSeconds / 1e6).toFixed(1)} M/s of CPU time ` +
        `(${((wall / steps) * 1000).toFixed(1)} ms per step; Node ${process.version})`,
    );
    expect(evaluations).toBeGreaterThan(0);
  });
});
