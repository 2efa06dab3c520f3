/**
 * The backend choice in Chromium, on one cheap configuration of Figure 2 (no pin exists for it: the wasm rerun,
 * bitwise with the pins wherever one exists, stands in for one). In this Chromium both GPUs are SwiftShader, so
 * `auto` must skip them for wasm and say why; an explicit `webgpu` must still run on WebGPU, in float32, within the
 * figure's webgpu tolerance of wasm; and the choice must round-trip through the page URL.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchedPage, type Watched } from './harness';
import { compareWithPin } from '../../src/figure/agreement';
import fig2 from '../../figures/fig2-alpha/figure';
import type { RunRecord } from '../../components/figure-island';

const CHAPTER = '/chapters/two-layer-networks/';
const FIG = '[data-figure="fig2-alpha"]';
/** 16 SGD steps per alpha: seconds on wasm, a few more on SwiftShader's WebGPU. */
const CHEAP = 'fig2-alpha.m=32&fig2-alpha.n=512&fig2-alpha.epochs=1';
const TINY = 'fig2-alpha.m=8&fig2-alpha.n=256&fig2-alpha.epochs=1';
const origin = inject('origin');
let browser: Browser;
const watched: Watched[] = [];

async function open(query: string): Promise<Page> {
  const w = await watchedPage(browser);
  watched.push(w);
  await w.page.goto(`${origin}${CHAPTER}?${query}`);
  return w.page;
}

/** Press Rerun with the backend already in the select (from the URL, or `backend`); the page's record of the run. */
async function rerun(page: Page, backend?: string): Promise<RunRecord> {
  if (backend) await page.selectOption(`${FIG} [data-backend]`, backend);
  await page.click(`${FIG} [data-rerun]`);
  await page.waitForFunction(
    (sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)!.dataset.state!),
    FIG,
    { timeout: 300_000, polling: 250 },
  );
  return page.evaluate(() => window.liveFigures['fig2-alpha']);
}

const search = (page: Page) => new URL(page.url()).searchParams;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('backend choice in Chromium (software WebGPU and WebGL)', () => {
  it('auto skips both software GPUs, runs on wasm, and says why in the notes and the verdict', async () => {
    const page = await open(TINY);
    const record = await rerun(page, 'auto');
    expect(record.state, record.error).toBe('done');
    expect(record.backend).toBe('wasm');
    const notes = record.notes!.join('\n');
    expect(notes).toMatch(/auto skipped WebGPU: its adapter \(google swiftshader\) emulates the GPU in software/);
    expect(notes).toMatch(/auto skipped WebGL: its renderer \(.*SwiftShader.*\) emulates the GPU in software/);
    const verdict = await page.locator(`${FIG} [data-verdict-box]`).textContent();
    expect(verdict).toContain('Ran on wasm');
    expect(verdict).toContain('auto skipped WebGPU');
  });

  it('webgpu chosen runs on WebGPU in float32, says it is software, and agrees with wasm within its tolerance', async () => {
    const page = await open(CHEAP);
    const wasm = await rerun(page, 'wasm');
    const webgpu = await rerun(page, 'webgpu');
    expect(wasm.state, wasm.error).toBe('done');
    expect(webgpu.state, webgpu.error).toBe('done');
    expect(wasm.backend).toBe('wasm');
    expect(webgpu.backend, `notes: ${webgpu.notes}`).toBe('webgpu');
    expect(webgpu.notes!.join(' ')).toMatch(/WebGPU here is a software adapter \(google swiftshader\)/);
    expect(webgpu.notes!.join(' ')).not.toMatch(/half precision/);
    expect(webgpu.execution!.tensorsAfter).toBe(webgpu.execution!.tensorsBefore);
    const agreement = compareWithPin(fig2, 'webgpu', webgpu.execution!.series, wasm.execution!.series);
    console.log('webgpu against wasm (m=32, n=512, 1 epoch):', agreement.rules.map((r) => `${r.series.join('|')} ${r.deviation.toExponential(2)}`).join(', '));
    expect(['bitwise', 'within-tolerance'], agreement.reason).toContain(agreement.verdict);
    // Not trivially equal: a GPU run that read back zeros (WebGPU's dataSync here) would differ, not agree.
    expect(webgpu.execution!.series['dtheta[t=0]'].every((v) => v > 0)).toBe(true);
  });

  it('keeps the backend choice in the URL: read on load, written on Rerun, auto not written, a bad value refused', async () => {
    const page = await open(`${TINY}&fig2-alpha.backend=wasm`);
    expect(await page.inputValue(`${FIG} [data-backend]`)).toBe('wasm');
    const record = await rerun(page);
    expect(record.backend).toBe('wasm');
    expect(search(page).get('fig2-alpha.backend')).toBe('wasm');

    await rerun(page, 'cpu');
    expect(search(page).get('fig2-alpha.backend')).toBe('cpu');
    expect(search(page).get('fig2-alpha.m')).toBe('8');
    await rerun(page, 'auto');
    expect(search(page).has('fig2-alpha.backend')).toBe(false);

    const webgpu = await open(`${TINY}&fig2-alpha.backend=webgpu`);
    expect(await webgpu.inputValue(`${FIG} [data-backend]`)).toBe('webgpu');

    const bad = await open(`${TINY}&fig2-alpha.backend=gpu`);
    expect(await bad.inputValue(`${FIG} [data-backend]`)).toBe('auto');
    const message = await bad.locator(`${FIG} [data-message="backend"]`).textContent();
    expect(message).toContain('"gpu"');
    expect(message).toContain('auto, webgpu, webgl, wasm, cpu');
    expect(await bad.getAttribute(`${FIG} [data-backend]`, 'aria-invalid')).toBe('true');
    // The other settings from the address are still taken, and Reset clears the backend too.
    expect(await bad.inputValue(`${FIG} [name="m"]`)).toBe('8');
    await bad.selectOption(`${FIG} [data-backend]`, 'webgl');
    await bad.click(`${FIG} [data-reset]`);
    expect(await bad.inputValue(`${FIG} [data-backend]`)).toBe('auto');
    expect([...search(bad).keys()].filter((k) => k.startsWith('fig2-alpha.'))).toEqual([]);
  });

  it('logged no console error and made no request to another origin', () => {
    const foreign = watched.flatMap((w) => w.requests).filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
  });
});
