/**
 * Figure 6 (figures/fig6-mean-field) on a small setting, its parts run directly: the series have the shapes the
 * panels read, the partial reports carry the moving particles, the clean and the noisy run start from the same
 * particles, and the panels draw from any subset of the parts, as they must while a rerun is live.
 */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import fig6 from '../../figures/fig6-mean-field/figure';
import type { Progress, RunContext, Series } from '../../src/figure/contract';
import { defaults } from '../../src/figure/params';
import { renderPanels } from '../../src/plot/render';

const params = { ...defaults(fig6.params), iterationsA: 250, iterations: 300, m: 20, batch: 100 } as any;

async function runPart(part: string): Promise<{ series: Series; reports: Progress[] }> {
  const reports: Progress[] = [];
  const ctx = { checkpoint: async () => {}, progress: (p: Progress) => reports.push(p) } as unknown as RunContext;
  return { series: await fig6.sweep!.runPart(part, params, ctx), reports };
}

describe('Figure 6 on a small setting', async () => {
  const parts = Object.fromEntries(
    await Promise.all(fig6.sweep!.parts(params).map(async (part) => [part, await runPart(part)] as const)),
  );

  it('panel (a): a loss for each width every 100 iterations and at the last', () => {
    const s = parts.a.series;
    expect(s.iteration).toEqual([0, 100, 200, 250]);
    for (const m of [4, 8, 40]) expect(s[`loss[m=${m}]`]).toHaveLength(4);
    expect(s['loss[m=40]'][3]).toBeLessThan(s['loss[m=40]'][0]);
  });

  it('the particle runs report their particles every 100 iterations, starting from the shared initial ones', () => {
    const { series, reports } = parts.clean;
    expect(reports.map((r) => r.partial!['iteration[clean]'][0])).toEqual([0, 100, 200]);
    expect(reports[0].partial!['u[clean]']).toEqual(series['u[initial]']);
    expect(series['iteration[clean]']).toEqual([300]);
    for (const q of ['theta1', 'theta2', 'u']) expect(series[`${q}[clean]`]).toHaveLength(20);
    const noisyStart = parts.noisy.reports[0].partial!;
    expect(noisyStart['theta1[noisy]']).toEqual(series['theta1[initial]']);
    expect(parts.noisy.series['theta1[noisy]']).not.toEqual(series['theta1[clean]']);
  });

  it('draws eight panels from every subset of the parts', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const names = Object.keys(parts);
    for (let mask = 0; mask < 1 << names.length; mask++) {
      const some = Object.fromEntries(names.filter((_, i) => mask & (1 << i)).map((n) => [n, parts[n].series]));
      const series = fig6.sweep!.combine(some, params);
      expect(renderPanels(fig6, series, params, document as unknown as Document, series)).toHaveLength(8);
    }
  });
});
