/**
 * Every figure in Chromium, from its chapter page:
 *  - its default reruns on wasm and must reproduce its pin bit for bit (for Figure 2, test/browser/figure2.test.ts
 *    does this among its fuller checks);
 *  - its quick variant (a shortened run with a pin of its own, `variants.quick`) reruns on each GPU backend a reader
 *    can choose, WebGL and WebGPU (software-emulated here: SwiftShader), and must agree with the quick pin within
 *    the figure's declared tolerance; a plain-JavaScript figure ignores the choice and must be bit for bit.
 * Why the split: on the emulated GPUs a default rerun takes minutes, so CI reruns every default once, on the
 * backend it can check exactly, and checks the GPU kernels on runs of seconds. No tensor may be left behind.
 * Deviations and times are printed for the record.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness';
import { figureIds, loadFigure } from '../../src/figure/registry';
import { readLock } from '../../src/pins/store';
import type { RunRecord } from '../../components/figure-island';
import type { Params } from '../../src/figure/contract';

const origin = inject('origin');
/** A rerun's limit: on time only, not on agreement (the longest default here takes about a minute). */
const RERUN_LIMIT_MS = 600_000;
const GPU_BACKENDS = ['webgl', 'webgpu'] as const;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The chapter page with the given parameters in its address, as a reader would share them. */
function address(figureId: string, chapter: string, params: Partial<Params> = {}): string {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [`${figureId}.${k}`, String(v)]));
  return `${origin}/chapters/${chapter.replace(/^\d+-/, '')}/${search.size ? `?${search}` : ''}`;
}

async function rerun(figureId: string, url: string, backend: string): Promise<RunRecord> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(url);
    const root = `[data-figure="${figureId}"]`;
    await page.selectOption(`${root} [data-backend]`, backend);
    await page.click(`${root} [data-rerun]`);
    await page.waitForFunction(
      (sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)!.dataset.state!),
      root,
      { timeout: RERUN_LIMIT_MS, polling: 250 },
    );
    expect(errors).toEqual([]);
    return await page.evaluate((id) => window.liveFigures[id], figureId);
  } finally {
    await page.close();
  }
}

function report(label: string, started: number, record: RunRecord) {
  const deviations = record.agreement?.rules.map((r) => `${r.series.join('|')} ${r.deviation.toExponential(2)}`).join(', ') ?? '';
  console.log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s on ${record.backend}, verdict ${record.agreement?.verdict}`, deviations);
}

const lock = await readLock();
const figures = await Promise.all(figureIds.filter((id) => lock[id]?.default).map(loadFigure));

describe.each(figures.map((f) => [f.id, f] as const))('%s in Chromium', (id, figure) => {
  if (id !== 'fig2-alpha') {
    it('reruns its default on wasm, bit for bit with its pin', { timeout: RERUN_LIMIT_MS + 60_000 }, async () => {
      const started = Date.now();
      const record = await rerun(id, address(id, figure.chapter), 'wasm');
      report(`${id} default`, started, record);
      expect(record.state, record.error).toBe('done');
      expect(record.pinId).toBe(lock[id].default);
      expect(record.backend).toBe(figure.plainJs ? 'js' : 'wasm');
      expect(record.agreement?.verdict, record.agreement?.reason).toBe('bitwise');
      expect(record.execution!.tensorsAfter).toBe(record.execution!.tensorsBefore);
    });
  }

  for (const backend of GPU_BACKENDS) {
    it(`reruns its quick variant with ${backend} chosen, in agreement with the quick pin`, { timeout: RERUN_LIMIT_MS + 60_000 }, async () => {
      expect(figure.variants?.quick, 'the figure declares a quick variant').toBeDefined();
      expect(lock[id].quick, 'figures/lock.json names its quick pin').toBeDefined();
      const started = Date.now();
      const record = await rerun(id, address(id, figure.chapter, figure.variants!.quick), backend);
      report(`${id} quick`, started, record);
      expect(record.state, record.error).toBe('done');
      expect(record.pinId).toBe(lock[id].quick);
      expect(record.execution!.tensorsAfter).toBe(record.execution!.tensorsBefore);
      if (figure.plainJs) {
        // Plain float64 JavaScript: the choice is ignored, and the same bits come out everywhere.
        expect(record.backend).toBe('js');
        expect(record.agreement?.verdict, record.agreement?.reason).toBe('bitwise');
      } else {
        expect(record.backend, `notes: ${record.notes}`).toBe(backend);
        expect(['bitwise', 'within-tolerance'], record.agreement?.reason).toContain(record.agreement?.verdict);
      }
    });
  }
});
