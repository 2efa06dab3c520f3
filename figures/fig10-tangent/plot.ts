/**
 * Figure 10's panels: loss and accuracy per epoch on the training set (first row) and on the test set (second), one
 * line per source of theta~. The review shows training loss, test loss and test accuracy; the training accuracy is
 * added because the claim that both tangent spaces fit the training data is read from it. A rerun is drawn over
 * its pin (faded, dashed).
 */
import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Series } from '../../src/figure/contract';
import { CATEGORICAL } from '../../src/plot/palette';
import { key, TANGENT_SOURCES, type Fig10Params } from './series';

type Point = { source: string; epoch: number; trainLoss: number; trainAccuracy: number; loss: number; accuracy: number };

const QUANTITIES = [
  { y: 'trainLoss', title: 'training loss', label: '↑ training loss', log: true },
  { y: 'trainAccuracy', title: 'training accuracy', label: '↑ training accuracy (%)', log: false },
  { y: 'loss', title: 'test loss', label: '↑ test loss (2,000 digits)', log: true },
  { y: 'accuracy', title: 'test accuracy', label: '↑ test accuracy (%)', log: false },
] as const;

function points(s: Series): Point[] {
  return TANGENT_SOURCES.flatMap(({ id, label }) =>
    (s[key('accuracy', id)] ?? []).map((accuracy, i) => ({
      source: label,
      epoch: s.epoch[i],
      trainLoss: s[key('trainLoss', id)][i],
      trainAccuracy: 100 * s[key('trainAccuracy', id)][i],
      loss: s[key('loss', id)][i],
      accuracy: 100 * accuracy,
    })),
  );
}

export function panels(series: Series, params: Fig10Params, reference?: Series): PlotOptions[] {
  const domain = TANGENT_SOURCES.map((s) => s.label);
  const live = points(series);
  const pinned = reference ? points(reference) : [];
  return QUANTITIES.map(({ y, title, label, log }, i) => ({
    title: `${title}, m = ${params.m}`,
    width: 360,
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
}
