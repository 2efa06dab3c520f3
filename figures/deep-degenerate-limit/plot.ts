/** The panels of deep-degenerate-limit (./figure.ts): the spread against m, and units along the circle. */
import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Series } from '../../src/figure/contract';
import { CATEGORICAL, GREY } from '../../src/plot/palette';
import { meanKey, RECIPES, seedsOf, short, slopeKey, spreadKey, UNITS_SHOWN, unitsKey, widthsOf, type DegenerateParams, type Recipe } from './series';

export function panels(series: Series, p: DegenerateParams, reference?: Series): PlotOptions[] {
  const widths = widthsOf(p);
  const recipeLabel = (recipe: Recipe) => RECIPES.find((r) => r.id === recipe)!.label;
  const dots = (s: Series) =>
    RECIPES.flatMap(({ id }) =>
      seedsOf(p).flatMap((k) => (s[spreadKey(id, k)] ?? []).map((spread, w) => ({ recipe: recipeLabel(id), m: widths[w], spread, network: k }))),
    );
  const means = (s: Series) =>
    RECIPES.flatMap(({ id }) => (s[meanKey(id)] ?? []).map((spread, w) => ({ recipe: recipeLabel(id), m: widths[w], spread })));
  const limit = series.limit[0];
  const [lo, hi] = [widths[0], widths[widths.length - 1]];
  const guide = [lo, hi].map((m) => ({ m, spread: limit / Math.sqrt(m) }));
  const minus = (v: number) => v.toFixed(2).replace('-', '−');
  const slopes = RECIPES.filter(({ id }) => series[slopeKey(id)])
    .map(({ id }) => {
      const [slope, low, high] = series[slopeKey(id)];
      return `${short(id)}: slope ${minus(slope)} (95 %: ${minus(low)} to ${minus(high)})`;
    })
    .join('; ');
  const domain = RECIPES.map((r) => r.label);
  const colour = { domain, range: CATEGORICAL.slice(0, 2) };

  const curves = RECIPES.flatMap(({ id }) =>
    [lo, hi].flatMap((m) =>
      Array.from(series[unitsKey(id, m)] ?? [], (value, e) => ({
        recipe: short(id),
        width: `m = ${m.toLocaleString('en-US')}`,
        unit: Math.floor(e / p.n),
        t: series.t[e % p.n],
        value,
      })),
    ),
  );

  return [
    {
      title: '(a) Spread of the middle layer across its units',
      subtitle: `${slopes ? `${slopes}. ` : ''}Grey: the limit sd φ(g), g ~ N(0, 1), and sd φ(g) · m^(−1/2)`,
      width: 440,
      height: 300,
      marginLeft: 55,
      x: { label: 'width m →', type: 'log' as const, domain: [lo / 1.2, hi * 1.2] },
      y: { label: '↑ mean over probes of sd across units', type: 'log' as const, grid: true, tickFormat: '~g' },
      color: { legend: true, ...colour },
      marks: [
        Plot.axisX({ ticks: widths, text: String }), // a log axis thins out explicit tick labels unless given as text
        Plot.ruleY([limit], { stroke: GREY, strokeDasharray: '6,4' }),
        Plot.line(guide, { x: 'm', y: 'spread', stroke: GREY, strokeDasharray: '2,3' }),
        Plot.line(reference ? means(reference) : [], { x: 'm', y: 'spread', z: 'recipe', stroke: 'recipe', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
        Plot.dot(dots(series), { x: 'm', y: 'spread', stroke: 'recipe', r: 2, strokeOpacity: 0.6 }),
        Plot.line(means(series), { x: 'm', y: 'spread', z: 'recipe', stroke: 'recipe', strokeWidth: 2, tip: true }),
      ],
    },
    {
      title: `(b) ${UNITS_SHOWN} middle units of network 0 along the circle`,
      width: 560,
      height: 360,
      marginLeft: 50,
      marginRight: 50,
      fx: { domain: [lo, hi].map((m) => `m = ${m.toLocaleString('en-US')}`), label: null },
      fy: { domain: RECIPES.map((r) => r.short), label: null },
      x: { label: 'angle round the circle (degrees) →', ticks: [0, 90, 180, 270] },
      y: { label: '↑ a²ⱼ(x)', grid: true },
      color: { type: 'categorical' as const, range: CATEGORICAL },
      marks: [
        Plot.frame({ strokeOpacity: 0.2 }),
        Plot.line(curves, { x: 't', y: 'value', z: 'unit', stroke: 'unit', fx: 'width', fy: 'recipe', strokeWidth: 1.5 }),
      ],
    },
  ];
}
