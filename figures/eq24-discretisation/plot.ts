/**
 * The eq. (24) figure's panels: the relative subsampling error against m on log-log axes (each draw faint, the mean
 * over draws solid, its least-squares line, and eq. (24)'s prediction V/m dashed) for both networks, drawing from
 * rho itself and from its batch-normalised measure; the sorted
 * batch-normalised output weights a_j of both networks; and the two wide networks' test accuracy while training.
 */
import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Series } from '../../src/figure/contract';
import { logLogSlopeInterval } from '../../src/math/slope-interval';
import { CATEGORICAL } from '../../src/plot/palette';
import { CURVES, MODEL_LABELS, MODELS, curveLabel, drawsAt, gridOf, key, type Eq24Params, type Model, type Sampling } from './series';

const minus = (v: number) => v.toFixed(2).replace('-', '−');
const COLOURS = [CATEGORICAL[0], CATEGORICAL[1]];
/** Learned: blue, then violet (normalised); Gaussian: vermilion, then ochre. */
const CURVE_COLOURS = [CATEGORICAL[0], CATEGORICAL[3], CATEGORICAL[1], CATEGORICAL[4]];

/** The fitted line and its 95 % interval for one curve, when its errors are in. */
export function fitOf(s: Series, model: Model, sampling: Sampling) {
  const error = s[key('error', model, sampling)];
  return error?.length >= 3 ? logLogSlopeInterval(s.m, error) : undefined;
}

export function panels(series: Series, p: Eq24Params, reference?: Series): PlotOptions[] {
  const domain = MODELS.map((model) => MODEL_LABELS[model]);
  const color = (legend: boolean) => ({ legend, domain, range: COLOURS });
  const curves = CURVES.map((c) => ({ ...c, label: curveLabel(c.model, c.sampling) }));
  const curveColor = { legend: true, domain: curves.map((c) => c.label), range: CURVE_COLOURS };
  const grid = gridOf(p);
  const [lo, hi] = [grid[0], grid[grid.length - 1]];
  const present = curves.filter(({ model, sampling }) => series[key('error', model, sampling)]?.length);
  const means = (s: Series) =>
    curves.flatMap(({ model, sampling, label }) => (s[key('error', model, sampling)] ?? []).map((error, i) => ({ label, m: s.m[i], error })));
  const drawnM = grid.flatMap((m) => Array.from({ length: drawsAt(p, m) }, () => m)); // the m of each draw, in order
  const draws = present.flatMap(({ model, sampling, label }) =>
    series[key('errorDraws', model, sampling)].map((error, i) => ({ label, m: drawnM[i], error })),
  );
  const lines = present.flatMap(({ model, sampling, label }) => {
    const fit = fitOf(series, model, sampling)!;
    const V = series[key('variance', model, sampling)][0];
    return [lo, hi].flatMap((m) => [
      { label, line: `${label} fit`, kind: 'fit', m, error: Math.exp(fit.intercept) * m ** fit.slope },
      { label, line: `${label} eq24`, kind: 'eq24', m, error: V / m },
    ]);
  });
  const subtitle = present
    .map(({ model, sampling }) => {
      const fit = fitOf(series, model, sampling)!;
      const name = `${model === 'learned' ? 'learned' : 'Gaussian'}${sampling === 'normalised' ? ', normalised' : ''}`;
      return `${name}: slope ${minus(fit.slope)} (95 % ${minus(fit.low)} to ${minus(fit.high)}), V = ${series[key('variance', model, sampling)][0].toPrecision(3)}`;
    })
    .join('; ');
  const errorPanel: PlotOptions = {
    title: 'Error of m sampled units, relative to mean ‖f(ρ, x)‖²',
    subtitle: subtitle ? `${subtitle}. Thin: least squares; dashed: eq. (24), V/m.` : undefined,
    width: 560,
    height: 340,
    marginLeft: 60,
    x: { label: 'units sampled m →', type: 'log', domain: [lo / 1.3, hi * 1.3] },
    y: { label: '↑ mean ‖f_m − f(ρ)‖² / mean ‖f(ρ)‖²', type: 'log', grid: true, tickFormat: '~g' },
    color: curveColor,
    marks: [
      Plot.axisX({ ticks: grid, text: String }),
      Plot.dot(draws, { x: 'm', y: 'error', fill: 'label', r: 1.5, fillOpacity: 0.25 }),
      Plot.line(lines.filter((d) => d.kind === 'eq24'), { x: 'm', y: 'error', z: 'line', stroke: 'label', strokeDasharray: '5,4' }),
      Plot.line(lines.filter((d) => d.kind === 'fit'), { x: 'm', y: 'error', z: 'line', stroke: 'label', strokeOpacity: 0.7 }),
      Plot.dot(reference ? means(reference) : [], { x: 'm', y: 'error', stroke: 'label', r: 5, strokeOpacity: 0.6 }),
      Plot.dot(means(series), { x: 'm', y: 'error', fill: 'label', r: 3.5, tip: true }),
    ],
  };
  /** a_j / mean a sorted from the largest, against the fraction of units above it. */
  const sorted = (s: Series | undefined) =>
    MODELS.flatMap((model) => {
      const a = [...(s?.[key('a', model)] ?? [])].sort((x, y) => y - x);
      // A dead unit's a_j can be far below 1e-4 of the mean: drawn at that floor on the log axis.
      return a.map((value, r) => ({ model: MODEL_LABELS[model], fraction: (r + 0.5) / a.length, value: Math.max(value, 1e-4) }));
    });
  const normalisedPanel: PlotOptions = {
    title: 'Batch-normalised output weights a_j = ‖u_j‖ · rms h_j, sorted',
    width: 360,
    height: 300,
    marginLeft: 50,
    x: { label: 'fraction of units →', domain: [0, 1] },
    y: { label: '↑ a_j / mean a', type: 'log', grid: true, tickFormat: '~g' },
    color: color(true),
    marks: [
      Plot.ruleY([1], { strokeOpacity: 0.3 }),
      Plot.line(sorted(reference), { x: 'fraction', y: 'value', stroke: 'model', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
      Plot.line(sorted(series), { x: 'fraction', y: 'value', stroke: 'model', strokeWidth: 2 }),
    ],
  };
  const accuracy = (s: Series | undefined) =>
    MODELS.flatMap((model) => (s?.[key('accuracy', model)] ?? []).map((a, e) => ({ model: MODEL_LABELS[model], epoch: e + 1, percent: 100 * a })));
  const accuracyPanel: PlotOptions = {
    title: 'The wide networks (M units): test accuracy',
    width: 360,
    height: 300,
    marginLeft: 50,
    x: { label: 'epoch' },
    y: { label: '↑ test accuracy (%)', grid: true, nice: true },
    color: color(false),
    marks: [
      Plot.line(accuracy(reference), { x: 'epoch', y: 'percent', stroke: 'model', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
      Plot.line(accuracy(series), { x: 'epoch', y: 'percent', stroke: 'model', strokeWidth: 2, tip: true }),
    ],
  };
  return [errorPanel, normalisedPanel, accuracyPanel];
}
