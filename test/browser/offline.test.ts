/**
 * Offline once loaded: after one visit (the service worker has precached the shell, well under the 13.8 MB the
 * whole build once was), the network goes away and another chapter still opens with its math and its pinned
 * figure; and after one rerun (tfjs, its wasm and MNIST are cached on that first use) the page reloads offline
 * with its KaTeX fonts and the same rerun works again.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './harness';
import type { RunRecord } from '../../components/figure-island';

const origin = inject('origin');
let browser: Browser;
const FIG = '[data-figure="fig2-alpha"]';
const SMALL = '/chapters/two-layer-networks/?fig2-alpha.m=16&fig2-alpha.n=256&fig2-alpha.epochs=1';

/** Resolves when the page's service worker is active, i.e. its precache has been filled. */
const activated = (page: Page) =>
  page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(
        (r) =>
          new Promise<string>((resolve) => {
            const worker = r.active!;
            if (worker.state === 'activated') resolve(worker.state);
            worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(worker.state));
          }),
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('no active service worker after 120 s'), 120_000)),
    ]),
  );

/** Every entry of the site's cache: its path and its size in bytes. */
const cached = (page: Page) =>
  page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names[0]);
    return Promise.all(
      (await cache.keys()).map(async (r) => ({ path: new URL(r.url).pathname, bytes: (await (await cache.match(r))!.arrayBuffer()).byteLength })),
    );
  });

async function rerun(page: Page): Promise<RunRecord> {
  await page.selectOption(`${FIG} [data-backend]`, 'wasm');
  await page.click(`${FIG} [data-rerun]`);
  await page.waitForFunction(
    (sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)?.dataset.state ?? ''),
    FIG,
    { timeout: 600_000, polling: 500 },
  );
  return page.evaluate(() => window.liveFigures['fig2-alpha']);
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the site offline', () => {
  it('reads with the network gone after one visit', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    expect(await activated(page)).toBe('activated');
    // The first visit precaches the shell only: no wasm, no dataset, no tfjs, no woff/ttf fonts, no pin pages.
    const entries = await cached(page);
    const bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
    console.log(`first visit precached ${entries.length} files, ${(bytes / 1e6).toFixed(2)} MB`);
    // The shell grows with the chapters (their math is rendered into the page at build time): a budget per chapter
    // page, 0.8 MB on average (measured: 0.67 MB with five chapters, 0.71 MB with seven).
    const chapters = entries.filter((e) => /^\/chapters\/[^/]+\/$/.test(e.path)).length;
    expect(chapters).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(0.8e6 * chapters);
    expect(entries.filter((e) => /\.(wasm|gz|ttf|woff)$|\/pins\/[^/]+\/[0-9a-f]{64}/.test(e.path)).map((e) => e.path)).toEqual([]);
    expect(entries.map((e) => e.path)).toContain('/chapters/mean-field/');
    await context.setOffline(true);
    expect(await fetch(`${origin}/`).then(() => 'online', () => 'offline')).toBe('online'); // only the browser is offline
    await page.goto(`${origin}/chapters/two-layer-networks/?fig2-alpha.m=16&fig2-alpha.n=256&fig2-alpha.epochs=1`);
    expect(await page.locator('.katex').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-figure="fig2-alpha"] [data-panels] svg[role="img"]').count()).toBe(3);
    await page.goto(`${origin}/pins/`);
    expect(await page.locator('h1').textContent()).toContain('Pinned figure builds');
    await context.close();
  });

  it('reruns offline, with the math in its fonts, after one visit and one rerun', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}${SMALL}`);
    expect(await activated(page)).toBe('activated');
    await page.reload(); // now controlled by the service worker from the start
    const online = await rerun(page);
    expect(online.state, online.error).toBe('done');
    const runtime = (await cached(page)).map((e) => e.path);
    expect(runtime.some((p) => p.endsWith('.wasm')), 'the wasm binary cached on first use').toBe(true);
    expect(runtime.some((p) => p.endsWith('.gz')), 'MNIST cached on first use').toBe(true);

    await context.setOffline(true);
    await page.reload();
    expect(page.url()).toContain('fig2-alpha.m=16');
    expect(await page.locator('.katex').count()).toBeGreaterThan(5);
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '').startsWith('KaTeX'));
      return {
        loaded: faces.filter((f) => f.status === 'loaded').map((f) => f.family),
        failed: faces.filter((f) => f.status === 'error').map((f) => f.family),
        main: document.fonts.check('16px KaTeX_Main'),
      };
    });
    expect(fonts.failed).toEqual([]);
    expect(fonts.loaded.map((f) => f.replace(/"/g, ''))).toContain('KaTeX_Main');
    expect(fonts.main).toBe(true);
    const offline = await rerun(page);
    expect(offline.state, offline.error).toBe('done');
    expect(await page.inputValue(`${FIG} [name="m"]`)).toBe('16');
    expect(page.url()).toContain('fig2-alpha.m=16'); // not a GET form submission
    expect(errors).toEqual([]);
    await context.close();
  });
});
