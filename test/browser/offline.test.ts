/**
 * Offline once loaded: after one visit (the service worker has precached the build), the network goes away and
 * another chapter still opens, with its math and figure, and a figure still reruns (tfjs, its wasm and the MNIST
 * file all come from the cache).
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
  it('reads and reruns with the network gone after one visit', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    // Wait until the service worker is active, i.e. its precache has been filled.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state;
    });
    await context.setOffline(true);
    expect(await fetch(`${origin}/`).then(() => 'online', () => 'offline')).toBe('online'); // only the browser is offline
    await page.goto(`${origin}/chapters/two-layer-networks/?fig2-alpha.m=16&fig2-alpha.n=256&fig2-alpha.epochs=1`);
    expect(await page.locator('.katex').count()).toBeGreaterThan(5);
    await page.selectOption('[data-figure="fig2-alpha"] [data-backend]', 'wasm');
    await page.click('[data-figure="fig2-alpha"] [data-rerun]');
    await page.waitForFunction(
      () => ['done', 'error'].includes(document.querySelector<HTMLElement>('[data-figure="fig2-alpha"]')!.dataset.state!),
      undefined,
      { timeout: 120_000 },
    );
    const record = await page.evaluate(() => window.liveFigures['fig2-alpha']);
    expect(record.state, record.error).toBe('done');
    expect(record.backend).toBe('wasm');
    await context.close();
  });
});
