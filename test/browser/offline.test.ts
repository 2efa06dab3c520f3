/**
 * Offline once loaded: after one visit (the service worker has precached the build), the network goes away and
 * another chapter still opens with its math and its pinned figure. (Reruns offline are not claimed: Chromium does
 * not hand a page's module worker to the service worker in this setup; the page then says the worker could not start.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness';

const origin = inject('origin');
let browser: Browser;

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
    // Wait until the service worker is active, i.e. its precache has been filled.
    const state = await page.evaluate(() =>
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
    expect(state).toBe('activated');
    await context.setOffline(true);
    expect(await fetch(`${origin}/`).then(() => 'online', () => 'offline')).toBe('online'); // only the browser is offline
    await page.goto(`${origin}/chapters/two-layer-networks/?fig2-alpha.m=16&fig2-alpha.n=256&fig2-alpha.epochs=1`);
    expect(await page.locator('.katex').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-figure="fig2-alpha"] [data-panels] svg[role="img"]').count()).toBe(3);
    await page.goto(`${origin}/pins/`);
    expect(await page.locator('h1').textContent()).toContain('Pinned figure builds');
    await context.close();
  });
});
