/**
 * Agreement of a rerun with a pin (src/figure/agreement) under Figure 2's own rules, and claims evaluation
 * (src/figure/claims) on synthetic series. The series are made here, shaped like Figure 2's; no training runs.
 */
import { describe, expect, it } from 'vitest';
import type { Series } from '../../src/figure/contract';
import { compareWithPin, toleranceFor } from '../../src/figure/agreement';
import { evaluateClaims } from '../../src/figure/claims';
import fig2, { EXPONENTS } from '../../figures/fig2-alpha/figure';
import { generator } from '../../src/random/generator';
import { defaults } from '../../src/figure/params';

const EPOCHS = 5;

/** A pin-like series set: positive values for every quantity of Figure 2. */
function pinSeries(): Series {
  const g = generator(7, 'agreement-test');
  const s: Series = { epoch: Array.from({ length: EPOCHS }, (_, i) => i + 1) };
  for (const t of EXPONENTS) {
    s[`dtheta[t=${t}]`] = Array.from({ length: EPOCHS }, () => 0.5 + g.uniform());
    s[`du[t=${t}]`] = Array.from({ length: EPOCHS }, () => 0.5 + g.uniform());
    s[`accuracy[t=${t}]`] = Array.from({ length: EPOCHS }, () => 0.8 + 0.1 * g.uniform());
    s[`loss[t=${t}]`] = Array.from({ length: EPOCHS }, () => 0.3 + g.uniform());
  }
  return s;
}

const copy = (s: Series): Series => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [...v]]));

function rule(pattern: string) {
  const found = fig2.agreement.find((r) => r.series.includes(pattern));
  if (!found) throw new Error(`fig2 has no agreement rule for ${pattern}`);
  return found;
}

describe('compareWithPin', () => {
  it('identical series are bitwise, on every backend', () => {
    for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
      const result = compareWithPin(fig2, backend, copy(pinSeries()), pinSeries());
      expect(result.verdict).toBe('bitwise');
      expect(result.rules).toEqual([]);
    }
  });

  it.each(['wasm', 'cpu'])('on %s any difference, however small, differs', (backend) => {
    const pin = pinSeries();
    const run = copy(pin);
    run['dtheta[t=0.3]'][2] *= 1 + 2 ** -52;
    expect(run['dtheta[t=0.3]'][2]).not.toBe(pin['dtheta[t=0.3]'][2]);
    const result = compareWithPin(fig2, backend, run, pin);
    expect(result.verdict).toBe('differs');
    expect(result.reason).toContain(backend);
  });

  it('on wasm, -0 against 0 differs (bitwise means Object.is)', () => {
    const pin = pinSeries();
    pin['du[t=0]'][0] = 0;
    const run = copy(pin);
    run['du[t=0]'][0] = -0;
    expect(compareWithPin(fig2, 'wasm', run, pin).verdict).toBe('differs');
  });

  it('on webgl a relative perturbation below the tolerance is within tolerance, with its deviation', () => {
    const r = rule('dtheta*');
    expect(r.measure).toBe('relative');
    const pin = pinSeries();
    const run = copy(pin);
    const rel = r.webgl / 2;
    run['du[t=0.5]'][3] = pin['du[t=0.5]'][3] * (1 + rel);
    run['dtheta[t=0]'][1] = pin['dtheta[t=0]'][1] * (1 - rel / 4);
    const result = compareWithPin(fig2, 'webgl', run, pin);
    expect(result.verdict).toBe('within-tolerance');
    const reported = result.rules.find((x) => x.series.includes('dtheta*'));
    expect(reported).toBeDefined();
    // the deviation is the largest relative one, up to the rounding of (1 + rel) * value (a few ulps)
    expect(reported!.deviation).toBeCloseTo(rel, 12);
    expect(reported!.tolerance).toBe(r.webgl);
    expect(reported!.worst).toContain('du[t=0.5]');
    expect(reported!.worst).toContain('3');
    // the rules that saw no difference report zero
    for (const other of result.rules.filter((x) => x !== reported)) expect(other.deviation).toBe(0);
  });

  it('on webgl an absolute-measure rule reports the absolute deviation', () => {
    const r = rule('accuracy*');
    expect(r.measure).toBe('absolute');
    const pin = pinSeries();
    const run = copy(pin);
    run['accuracy[t=0.7]'][0] = pin['accuracy[t=0.7]'][0] - r.webgl / 2;
    const result = compareWithPin(fig2, 'webgl', run, pin);
    expect(result.verdict).toBe('within-tolerance');
    const reported = result.rules.find((x) => x.series.includes('accuracy*'))!;
    expect(reported.deviation).toBeCloseTo(r.webgl / 2, 12);
  });

  it.each([
    ['loss*', 'loss[t=0.7]'],
    ['dtheta*', 'dtheta[t=0.5]'],
    ['du*', 'du[t=0]'],
  ])('on webgl a relative perturbation above the %s tolerance differs, naming %s', (pattern, name) => {
    const r = rule(pattern);
    const pin = pinSeries();
    const run = copy(pin);
    run[name][EPOCHS - 1] = pin[name][EPOCHS - 1] * (1 + 2 * r.webgl);
    const result = compareWithPin(fig2, 'webgl', run, pin);
    expect(result.verdict).toBe('differs');
    expect(result.reason).toContain(name);
    const reported = result.rules.find((x) => x.series.includes(pattern))!;
    expect(reported.deviation).toBeCloseTo(2 * r.webgl, 12);
    expect(reported.deviation).toBeGreaterThan(reported.tolerance);
  });

  it('on webgl an absolute deviation above the accuracy tolerance differs', () => {
    const r = rule('accuracy*');
    const pin = pinSeries();
    const run = copy(pin);
    run['accuracy[t=0]'][2] = pin['accuracy[t=0]'][2] + 2 * r.webgl;
    const result = compareWithPin(fig2, 'webgl', run, pin);
    expect(result.verdict).toBe('differs');
    expect(result.reason).toContain('accuracy[t=0]');
  });

  // A point where pin and rerun agree exactly must not count as a deviation, even when it is 0 under a
  // relative rule (|a-b|/|b| would be 0/0 there).
  it('on webgl an exactly equal zero under a relative rule does not count as a deviation', () => {
    const r = rule('du*');
    const pin = pinSeries();
    pin['du[t=0]'][0] = 0;
    const run = copy(pin);
    run['du[t=0]'][1] = pin['du[t=0]'][1] * (1 + r.webgl / 2); // some small, tolerated difference elsewhere
    const result = compareWithPin(fig2, 'webgl', run, pin);
    expect(result.verdict).toBe('within-tolerance');
  });

  it('on webgl a non-finite rerun value differs', () => {
    const pin = pinSeries();
    const run = copy(pin);
    run['loss[t=0]'][0] = NaN;
    expect(compareWithPin(fig2, 'webgl', run, pin).verdict).toBe('differs');
  });

  it('a series no rule covers (epoch) that differs is "differs" on every backend', () => {
    expect(fig2.agreement.some((r) => r.series.some((p) => p === 'epoch' || 'epoch'.startsWith(p.replace(/\*$/, ''))))).toBe(false);
    const pin = pinSeries();
    const run = copy(pin);
    run.epoch[0] = 1 + 1e-12;
    for (const backend of ['webgl', 'wasm']) {
      const result = compareWithPin(fig2, backend, run, pin);
      expect(result.verdict).toBe('differs');
      expect(result.reason).toContain('epoch');
    }
  });

  it('a shape mismatch differs: a shorter series, or a missing one', () => {
    const pin = pinSeries();
    const shorter = copy(pin);
    shorter['du[t=0.3]'].pop();
    const r1 = compareWithPin(fig2, 'webgl', shorter, pin);
    expect(r1.verdict).toBe('differs');
    expect(r1.reason).toContain('du[t=0.3]');

    const missing = copy(pin);
    delete missing['loss[t=0.5]'];
    const r2 = compareWithPin(fig2, 'webgl', missing, pin);
    expect(r2.verdict).toBe('differs');
    expect(r2.reason).toContain('loss[t=0.5]');

    const longer = copy(pin);
    longer['accuracy[t=0]'].push(0.9);
    expect(compareWithPin(fig2, 'webgl', longer, pin).verdict).toBe('differs');
  });
});

describe('compareWithPin picks the tolerance by backend', () => {
  /** A copy of Figure 2 whose WebGL and WebGPU tolerances differ, so a test can tell which one was used. */
  const split = {
    ...fig2,
    agreement: fig2.agreement.map((r) => ({ ...r, webgl: r.webgl, webgpu: r.webgl / 100 })),
  };
  const dtheta = split.agreement.find((r) => r.series.includes('dtheta*'))!;

  /** A run off by `rel` (relative) at one point of a distance series. */
  function offBy(rel: number) {
    const pin = pinSeries();
    const run = copy(pin);
    run['dtheta[t=0.5]'][2] = pin['dtheta[t=0.5]'][2] * (1 + rel);
    return { run, pin };
  }

  it('every figure declares a webgpu tolerance on every rule, zero for a plain-JavaScript figure', async () => {
    const { figureIds, loadFigure } = await import('../../src/figure/registry');
    for (const id of figureIds) {
      const figure = await loadFigure(id);
      for (const r of figure.agreement) {
        expect(typeof r.webgpu, `${id} ${r.series.join(',')}`).toBe('number');
        expect(r.webgpu, `${id} ${r.series.join(',')}`).toBeGreaterThanOrEqual(0);
        if (figure.plainJs) expect(r.webgpu, `${id} is plain JavaScript`).toBe(0);
      }
    }
  });

  it('toleranceFor: webgl and webgpu read their own entries; wasm, cpu and js have none (bitwise)', () => {
    expect(toleranceFor(dtheta, 'webgl')).toBe(dtheta.webgl);
    expect(toleranceFor(dtheta, 'webgpu')).toBe(dtheta.webgpu);
    expect(dtheta.webgpu).not.toBe(dtheta.webgl);
    for (const backend of ['wasm', 'cpu', 'js', 'auto', '']) expect(toleranceFor(dtheta, backend)).toBeUndefined();
  });

  it('on webgpu a deviation within the webgpu tolerance is within tolerance, and reports that tolerance', () => {
    const { run, pin } = offBy(dtheta.webgpu / 2);
    const result = compareWithPin(split, 'webgpu', run, pin);
    expect(result.verdict, result.reason).toBe('within-tolerance');
    const reported = result.rules.find((x) => x.series.includes('dtheta*'))!;
    expect(reported.tolerance).toBe(dtheta.webgpu);
    expect(reported.deviation).toBeCloseTo(dtheta.webgpu / 2, 12);
  });

  it('on webgpu a deviation within the WebGL tolerance but above the WebGPU one differs', () => {
    const { run, pin } = offBy(dtheta.webgpu * 10); // = webgl / 10
    expect(compareWithPin(split, 'webgl', run, pin).verdict).toBe('within-tolerance');
    const result = compareWithPin(split, 'webgpu', run, pin);
    expect(result.verdict).toBe('differs');
    expect(result.reason).toContain('dtheta[t=0.5]');
  });

  it('on webgl a deviation within the WebGPU tolerance is still checked against the WebGL one', () => {
    const bigger = { ...fig2, agreement: fig2.agreement.map((r) => ({ ...r, webgpu: r.webgl * 100 })) };
    const { run, pin } = offBy(fig2.agreement.find((r) => r.series.includes('dtheta*'))!.webgl * 10);
    expect(compareWithPin(bigger, 'webgpu', run, pin).verdict).toBe('within-tolerance');
    expect(compareWithPin(bigger, 'webgl', run, pin).verdict).toBe('differs');
  });

  it('Figure 2 on webgpu: below its declared tolerance agrees, twice it differs', () => {
    const r = rule('loss*');
    const pin = pinSeries();
    const below = copy(pin);
    below['loss[t=0.3]'][1] = pin['loss[t=0.3]'][1] * (1 + r.webgpu / 2);
    expect(compareWithPin(fig2, 'webgpu', below, pin).verdict).toBe('within-tolerance');
    const above = copy(pin);
    above['loss[t=0.3]'][1] = pin['loss[t=0.3]'][1] * (1 + 2 * r.webgpu);
    expect(compareWithPin(fig2, 'webgpu', above, pin).verdict).toBe('differs');
  });

  it('on wasm and cpu the reported tolerance is 0 and any difference differs', () => {
    const { run, pin } = offBy(1e-12);
    for (const backend of ['wasm', 'cpu']) {
      const result = compareWithPin(split, backend, run, pin);
      expect(result.verdict).toBe('differs');
      expect(result.reason).toContain('bit for bit');
      for (const x of result.rules) expect(x.tolerance).toBe(0);
    }
  });
});

describe('evaluateClaims', () => {
  const params = defaults(fig2.params);

  /** Series whose last epoch has the given d_theta and d_u per exponent. */
  function withLast(dtheta: number[], du: number[]): Series {
    const s = pinSeries();
    EXPONENTS.forEach((t, i) => {
      s[`dtheta[t=${t}]`][EPOCHS - 1] = dtheta[i];
      s[`du[t=${t}]`][EPOCHS - 1] = du[i];
    });
    return s;
  }

  const byId = (results: ReturnType<typeof evaluateClaims>) => Object.fromEntries(results.map((r) => [r.id, r]));

  it('strictly decreasing last values pass, with the values in the detail', () => {
    const results = evaluateClaims(fig2, withLast([4, 3, 2, 1], [9, 5, 0.5, 0.25]), params);
    expect(results.map((r) => r.id).sort()).toEqual(fig2.claims.map((c) => c.id).sort());
    for (const r of results) {
      expect(r.pass).toBe(true);
      expect(r.statement.length).toBeGreaterThan(0);
    }
    expect(byId(results)['du-decreases-with-alpha'].detail).toContain('0.25');
  });

  it('only the last epoch counts', () => {
    const s = withLast([4, 3, 2, 1], [4, 3, 2, 1]);
    s['dtheta[t=0.7]'][0] = 100; // an earlier epoch out of order does not matter
    expect(evaluateClaims(fig2, s, params).every((r) => r.pass)).toBe(true);
  });

  it('a tie fails, with a detail', () => {
    const results = byId(evaluateClaims(fig2, withLast([4, 3, 3, 1], [4, 3, 2, 1]), params));
    expect(results['dtheta-decreases-with-alpha'].pass).toBe(false);
    expect(results['dtheta-decreases-with-alpha'].detail).toMatch(/does not decrease/);
    expect(results['du-decreases-with-alpha'].pass).toBe(true);
  });

  it('an increase fails, with a detail', () => {
    const results = byId(evaluateClaims(fig2, withLast([4, 3, 2, 1], [4, 3, 2, 2.5]), params));
    expect(results['du-decreases-with-alpha'].pass).toBe(false);
    expect(results['du-decreases-with-alpha'].detail).toMatch(/does not decrease/);
    expect(results['du-decreases-with-alpha'].detail).toContain('2.5');
    expect(results['dtheta-decreases-with-alpha'].pass).toBe(true);
  });

  it('a missing or empty series fails the claim instead of throwing', () => {
    const s = withLast([4, 3, 2, 1], [4, 3, 2, 1]);
    delete s['dtheta[t=0.5]'];
    s['du[t=0]'] = [];
    const results = byId(evaluateClaims(fig2, s, params));
    expect(results['dtheta-decreases-with-alpha'].pass).toBe(false);
    expect(results['dtheta-decreases-with-alpha'].detail).toContain('dtheta[t=0.5]');
    expect(results['du-decreases-with-alpha'].pass).toBe(false);
    expect(results['du-decreases-with-alpha'].detail).toContain('du[t=0]');
    expect(evaluateClaims(fig2, {}, params).every((r) => !r.pass)).toBe(true);
  });
});
