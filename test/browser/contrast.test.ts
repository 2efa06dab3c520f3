/**
 * Dark mode must not hide curves (issue 11, item 2): every stroke and fill of every figure's marks holds at least
 * 3:1 against the figure panel, and every text 4.5:1, in the light and the dark theme, as drawn statically from the
 * pin and after a small rerun (drawn over the pin). Grid lines, frames, axis ticks, rules and heat-map cells are
 * left out (test/browser/figure-probes.ts says why); their labels are checked.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness';
import { contrastReport } from './figure-probes';
import { loadFigure } from '../../src/figure/registry';

const origin = inject('origin');
const CHAPTERS = ['two-layer-networks', 'neural-tangent-kernel', 'mean-field'];
/** One quick rerun per chapter with figures: the rerun's colours are drawn by the same panels as the pin's. */
const RERUNS = ['fig2-alpha', 'ntk-convergence', 'fig7-alpha-sweep'];
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['light', 'dark'] as const)('figure colours in the %s theme', (colorScheme) => {
  it.each(CHAPTERS)('hold 3:1 (marks) and 4.5:1 (text) on the chapter %s, as pinned', async (chapter) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(`${origin}/chapters/${chapter}/`);
    const report = await contrastReport(page);
    console.log(colorScheme, chapter, Object.entries(report.figures).map(([f, r]) => `${f}: marks ${r.marks.toFixed(2)}, text ${r.text.toFixed(2)}`).join('; '));
    expect(Object.keys(report.figures).length).toBeGreaterThan(0);
    for (const r of Object.values(report.figures)) expect(r.checked).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
    await context.close();
  });
});

describe('figure colours after a rerun', () => {
  it.each(RERUNS)('hold in both themes when %s is rerun over its pin', async (id) => {
    const figure = await loadFigure(id);
    const search = new URLSearchParams(Object.entries(figure.variants!.quick!).map(([k, v]) => [`${id}.${k}`, String(v)]));
    search.set(`${id}.backend`, 'wasm');
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${origin}/chapters/${figure.chapter.replace(/^\d+-/, '')}/?${search}`);
    const root = `[data-figure="${id}"]`;
    await page.click(`${root} [data-rerun]`);
    await page.waitForFunction((sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)!.dataset.state!), root, { timeout: 300_000, polling: 250 });
    expect(await page.getAttribute(root, 'data-state')).toBe('done');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const report = await contrastReport(page);
      console.log(`${id} rerun, ${scheme}: marks ${report.figures[id].marks.toFixed(2)}, text ${report.figures[id].text.toFixed(2)}`);
      expect(report.figures[id].checked).toBeGreaterThan(0);
      expect(report.failures.filter((f) => f.figure === id)).toEqual([]);
    }
    await context.close();
  });
});
