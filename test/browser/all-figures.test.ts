/**
 * Every figure other than Figure 2 (which has its own, fuller test) rerun at its defaults in Chromium from its
 * chapter page, under each backend of `BACKENDS`: on wasm it must reproduce its pin bit for bit, on a GPU backend
 * agree within the figure's declared tolerance for it (bit for bit for a plain-JavaScript figure, which ignores the
 * choice); no tensor may be left behind. Deviations and times are printed for the record.
 *
 * `BACKENDS` is wasm and webgl by default. WebGPU (SwiftShader here, about 13 times slower than wasm at Figure 2's
 * defaults) is checked on one cheap configuration in backends.test.ts; to rerun every figure on it as well, set
 * `LIVE_BACKENDS=wasm,webgl,webgpu`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness';
import { figureIds, loadFigure } from '../../src/figure/registry';
import { readLock } from '../../src/pins/store';
import type { RunRecord } from '../../components/figure-island';
import { isBackendChoice, type BackendChoice } from '../../src/runtime/backends';

/** The backends every figure is rerun under: bitwise ones (wasm, cpu) must give the pin's bits, GPU ones agree. */
const BACKENDS: BackendChoice[] = (process.env.LIVE_BACKENDS ?? 'wasm,webgl').split(',').map((b) => {
  if (!isBackendChoice(b) || b === 'auto') throw new Error(`LIVE_BACKENDS: "${b}" is not a backend to test`);
  return b;
});
const BITWISE = new Set<string>(['wasm', 'cpu']);

const origin = inject('origin');
/**
 * A rerun's limit. The longest, Figure 5 on software WebGL (SwiftShader: the GPU emulated on this machine's two
 * cores), took 872 s with the machine loaded; a real GPU is far faster. The limit is on time only, not on agreement.
 */
const RERUN_LIMIT_MS = 1_500_000;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function rerun(figureId: string, chapter: string, backend: string): Promise<RunRecord> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(`${origin}/chapters/${chapter.replace(/^\d+-/, '')}/`);
    const root = `[data-figure="${figureId}"]`;
    await page.selectOption(`${root} [data-backend]`, backend);
    await page.click(`${root} [data-rerun]`);
    await page.waitForFunction(
      (sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)!.dataset.state!),
      root,
      { timeout: RERUN_LIMIT_MS, polling: 1000 },
    );
    expect(errors).toEqual([]);
    return await page.evaluate((id) => window.liveFigures[id], figureId);
  } finally {
    await page.close();
  }
}

const lock = await readLock();
const ids = figureIds.filter((id) => id !== 'fig2-alpha' && lock[id]?.default);

const plainJs = new Set((await Promise.all(ids.map(loadFigure))).filter((f) => f.plainJs).map((f) => f.id));

describe.each(ids)('%s in Chromium', (id) => {
  for (const backend of BACKENDS) {
    it(`reruns with ${backend} chosen, in agreement with its pin`, { timeout: RERUN_LIMIT_MS + 60_000 }, async () => {
      const figure = await loadFigure(id);
      const started = Date.now();
      const record = await rerun(id, figure.chapter, backend);
      console.log(`${id} on ${backend}: ${((Date.now() - started) / 1000).toFixed(1)} s, verdict ${record.agreement?.verdict}`,
        record.agreement?.rules.map((r) => `${r.series.join('|')} ${r.deviation.toExponential(2)}`).join(', ') ?? '');
      expect(record.state, record.error).toBe('done');
      expect(record.pinId).toBe(lock[id].default);
      expect(record.execution!.tensorsAfter).toBe(record.execution!.tensorsBefore);
      // A plain-JavaScript figure ignores the choice: it computes in float64 JavaScript, the same bits everywhere.
      if (plainJs.has(id)) expect(record.backend).toBe('js');
      else expect(record.backend, `notes: ${record.notes}`).toBe(backend);
      if (BITWISE.has(backend) || plainJs.has(id)) expect(record.agreement?.verdict, record.agreement?.reason).toBe('bitwise');
      else expect(['bitwise', 'within-tolerance'], record.agreement?.reason).toContain(record.agreement?.verdict);
    });
  }
});
