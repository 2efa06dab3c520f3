/**
 * Human names for a figure's series in the verdict box. Series are keyed by internal names ("dtheta[t=0.3]",
 * "theta1[α=10]", "loss*" in a rule); readers see "d_θ, t = 0.3", "θ₁, α = 10", "every loss series". A point of a
 * series is named by the figure's own x series when one has the same length (an "epoch" series gives "epoch 3"),
 * and otherwise by its position ("point 3 of 10"), never by a guess about what the index means.
 */
import type { Series } from '../src/figure/contract';

/** Quantities written as the chapters write them; any other camelCase name is split into words. */
const SYMBOLS: Record<string, string> = {
  dtheta: 'd_θ',
  du: 'd_u',
  theta: 'θ',
  theta1: 'θ₁',
  theta2: 'θ₂',
  alpha: 'α',
  rho: 'ρ',
  mse: 'MSE',
  m: 'm',
  t: 't',
};

/** The x series a point can be named by, in order of preference. */
const AXES = ['epoch', 'iteration', 'step', 'alpha', 'm', 't'];

/** A quantity's name in words or symbols: "dtheta" → "d_θ", "linearisedTrainLoss" → "linearised train loss". */
export function quantityLabel(name: string): string {
  if (SYMBOLS[name]) return SYMBOLS[name];
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "dtheta[t=0.3]" → "d_θ, t = 0.3"; "loss[m=100, seed=1]" → "loss, m = 100, seed = 1"; "epoch" → "epoch". */
export function seriesLabel(name: string): string {
  const match = /^([^[\]]+)\[(.*)\]$/.exec(name);
  if (!match) return quantityLabel(name);
  const [, quantity, inside] = match;
  const settings = inside.replace(/(^|,\s*)([^=,\s()]+)=/g, (_, sep: string, k: string) => `${sep}${SYMBOLS[k] ?? k} = `);
  return `${quantityLabel(quantity)}, ${settings}`;
}

/** A rule's series pattern: "dtheta*" → "every d_θ series"; an exact name as `seriesLabel` gives it. */
export function patternLabel(pattern: string): string {
  return pattern.endsWith('*') ? `every ${quantityLabel(pattern.slice(0, -1))} series` : seriesLabel(pattern);
}

const plain = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)))).replace(/^-/, '−');

/** Point `index` of series `name`: by the figure's x series of the same length if it has one, else by position. */
export function pointLabel(series: Series | undefined, name: string, index: number): string {
  const length = series?.[name]?.length;
  const axis = series && length ? AXES.find((a) => a !== name && series[a]?.length === length) : undefined;
  if (axis && series) {
    const value = series[axis][index];
    return axis === 'epoch' || axis === 'iteration' || axis === 'step' ? `${axis} ${plain(value)}` : `${quantityLabel(axis)} = ${plain(value)}`;
  }
  return length ? `point ${index + 1} of ${length}` : `point ${index + 1}`;
}

/** Rewrites every "<series> at index <i>" in a sentence with the series' label and the point's name. */
export function humanise(text: string, series: Series | undefined): string {
  const names = Object.keys(series ?? {}).sort((a, b) => b.length - a.length);
  if (!names.length) return text;
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(${escaped.join('|')}) at index (\\d+)`, 'g');
  const located = text.replace(re, (_, name: string, i: string) => `${seriesLabel(name)} at ${pointLabel(series, name, Number(i))}`);
  // A bracketed name standing alone ("dtheta[t=0.3] = 1.2"); plain names ("m", "epoch") are words too, so they stay.
  const bracketed = escaped.filter((_, k) => names[k].includes('['));
  if (!bracketed.length) return located;
  return located.replace(new RegExp(`(${bracketed.join('|')})`, 'g'), (name: string) => seriesLabel(name));
}
