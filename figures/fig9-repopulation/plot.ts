/**
 * Figure 9's panels: a row per width m, and in each the review's three panels, training loss, test loss and test
 * accuracy per epoch, one line per source of features. A rerun is drawn over its pin (faded, dashed).
 */
import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Series } from '../../src/figure/contract';
import { CATEGORICAL } from '../../src/plot/palette';
import { FEATURE_SOURCES, key, widthsOf, type Fig9Params } from './series';

type Point = { source: string; epoch: number; trainLoss: number; loss: number; accuracy: number };

const QUANTITIES = [
  { y: 'trainLoss', title: 'training loss', label: '↑ training loss', log: true },
  { y: 'loss', title: 'test loss', label: '↑ test loss (2,000 digits)', log: true },
  { y: 'accuracy', title: 'test accuracy', label: '↑ test accuracy (%)', log: false },
] as const;

function points(s: Series, m: number): Point[] {
  return FEATURE_SOURCES.flatMap(({ id, label }) =>
    (s[key('accuracy', id, m)] ?? []).map((accuracy, i) => ({
      source: label,
      epoch: s.epoch[i],
      trainLoss: s[key('trainLoss', id, m)][i],
      loss: s[key('loss', id, m)][i],
      accuracy: 100 * accuracy,
    })),
  );
}

export function panels(series: Series, params: Fig9Params, reference?: Series): PlotOptions[] {
  const domain = FEATURE_SOURCES.map((s) => s.label);
  return widthsOf(params).flatMap((m) => {
    const live = points(series, m);
    const pinned = reference ? points(reference, m) : [];
    return QUANTITIES.map(({ y, title, label, log }, i) => ({
      title: `m = ${m}: ${title}`,
      width: 300,
      height: 240,
      marginLeft: 50,
      x: { label: 'epoch', domain: [1, params.epochs] },
      y: log ? { label, type: 'log' as const, grid: true, tickFormat: '~g' } : { label, grid: true },
      color: { legend: i === 0, domain, range: CATEGORICAL },
      marks: [
        Plot.line(pinned, { x: 'epoch', y, z: 'source', stroke: 'source', strokeWidth: 1, strokeOpacity: 0.45, strokeDasharray: '4,3' }),
        Plot.line(live, { x: 'epoch', y, z: 'source', stroke: 'source', strokeWidth: 2 }),
        Plot.tip(live, Plot.pointerX({ x: 'epoch', y, stroke: 'source', channels: { source: 'source' } })),
      ],
    }));
  });
}
