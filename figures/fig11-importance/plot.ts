/**
 * Figure 11's panels: the readouts' training loss, test loss and test accuracy per epoch for each sampler (the
 * median over draws, with the band from the smallest to the largest draw; the pin's median dashed behind), the
 * distribution of the wide network's output-weight norms ||u_j|| on a log axis with the 0.01 threshold, and the
 * fraction of dead units during pretraining.
 */
import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Series } from '../../src/figure/contract';
import { CATEGORICAL, GREY } from '../../src/plot/palette';
import { DEAD_NORM } from '../../src/training/train-wide';
import { SAMPLER_LABELS, SAMPLERS, type Sampler } from './samplers';
import { drawsOf, key, type Fig11Params } from './series';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const k = sorted.length >> 1;
  return sorted.length % 2 ? sorted[k] : (sorted[k - 1] + sorted[k]) / 2;
}

/** Per sampler and epoch: the median and range over draws of one quantity. */
export function summary(s: Series, p: Fig11Params, quantity: string, scale = 1) {
  return SAMPLERS.flatMap((sampler) => {
    const curves = drawsOf(p).map((draw) => s[key(quantity, sampler, draw)]).filter((c) => c?.length);
    if (!curves.length) return [];
    return curves[0].map((_, e) => {
      const values = curves.map((c) => scale * c[e]);
      return { sampler: SAMPLER_LABELS[sampler], epoch: e + 1, median: median(values), low: Math.min(...values), high: Math.max(...values) };
    });
  });
}

/** Bins of log10 ||u_j||, 0.1 wide, as percentages of the units. */
function histogram(norms: number[]) {
  const counts = new Map<number, number>();
  for (const norm of norms) {
    const bin = Math.floor(10 * Math.log10(Math.max(norm, 1e-8)));
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return [...counts].map(([bin, count]) => ({ x1: bin / 10, x2: (bin + 1) / 10, percent: (100 * count) / norms.length }));
}

export function panels(series: Series, p: Fig11Params, reference?: Series): PlotOptions[] {
  const domain = SAMPLERS.map((s: Sampler) => SAMPLER_LABELS[s]);
  const color = (legend: boolean) => ({ legend, domain, range: [CATEGORICAL[0], CATEGORICAL[2], CATEGORICAL[1]] });
  const curve = (quantity: string, title: string, label: string, scale = 1, legend = false): PlotOptions => {
    const live = summary(series, p, quantity, scale);
    const pinned = reference ? summary(reference, p, quantity, scale) : [];
    return {
      title,
      width: 330,
      height: 240,
      marginLeft: 50,
      x: { label: 'readout epoch', domain: [1, p.readoutEpochs] },
      y: { label, grid: true, nice: true },
      color: color(legend),
      marks: [
        Plot.areaY(live, { x: 'epoch', y1: 'low', y2: 'high', z: 'sampler', fill: 'sampler', fillOpacity: 0.15 }),
        Plot.line(pinned, { x: 'epoch', y: 'median', z: 'sampler', stroke: 'sampler', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
        Plot.line(live, { x: 'epoch', y: 'median', z: 'sampler', stroke: 'sampler', strokeWidth: 2, tip: true }),
      ],
    };
  };
  const norms = series.uNorm ?? [];
  const dead = norms.filter((u) => u < DEAD_NORM).length;
  const normPanel: PlotOptions = {
    title: norms.length ? `Wide network: ${Math.round((100 * dead) / norms.length)} % of its ${norms.length} units have ‖u_j‖ < ${DEAD_NORM}` : 'Wide network: ‖u_j‖',
    width: 330,
    height: 240,
    marginLeft: 50,
    x: { label: 'log₁₀ ‖u_j‖ →' },
    y: { label: '↑ % of units', grid: true },
    marks: [
      Plot.rectY(histogram(norms), { x1: 'x1', x2: 'x2', y: 'percent', fill: CATEGORICAL[3], inset: 0.5 }),
      Plot.rectY(reference?.uNorm ? histogram(reference.uNorm) : [], { x1: 'x1', x2: 'x2', y: 'percent', stroke: GREY, strokeDasharray: '3,2' }),
      Plot.ruleX([Math.log10(DEAD_NORM)], { stroke: 'currentColor', strokeDasharray: '2,2' }),
      Plot.text([Math.log10(DEAD_NORM)], { x: (d: number) => d, frameAnchor: 'top', dx: -4, textAnchor: 'end', text: () => `‖u‖ = ${DEAD_NORM}` }),
      Plot.ruleY([0]),
    ],
  };
  const pretraining = (s: Series | undefined) =>
    (s?.['pretraining/deadFraction'] ?? []).map((f, e) => ({ epoch: e + 1, percent: 100 * f }));
  const deadPanel: PlotOptions = {
    title: 'Pretraining: units with ‖u_j‖ < 0.01',
    width: 330,
    height: 240,
    marginLeft: 50,
    x: { label: 'pretraining epoch' },
    y: { label: '↑ % of units', grid: true, domain: [0, 100] },
    marks: [
      Plot.line(pretraining(reference), { x: 'epoch', y: 'percent', stroke: GREY, strokeDasharray: '4,3' }),
      Plot.line(pretraining(series), { x: 'epoch', y: 'percent', stroke: CATEGORICAL[3], strokeWidth: 2, tip: true }),
    ],
  };
  return [
    curve('trainLoss', `Readout on ${p.n} units: training loss`, '↑ training loss', 1, true),
    curve('loss', 'Test loss', '↑ test loss'),
    curve('accuracy', 'Test accuracy', '↑ test accuracy (%)', 100),
    normPanel,
    deadPanel,
  ];
}
