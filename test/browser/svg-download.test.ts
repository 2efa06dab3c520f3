/**
 * The SVG download of every current pin is fit for a paper (issue 11, item 5). Each file is opened on its own in
 * Chromium and must show every panel the chapter page shows, with its legend's swatches in the colours of the
 * panel's marks (not black), no text outside the picture, and no legend entry over a title or an axis label.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './harness';
import { panelCounts, svgGeometry } from './figure-probes';
import { figureIds, loadFigure } from '../../src/figure/registry';
import { readLock } from '../../src/pins/store';

const origin = inject('origin');
const lock = await readLock();
const ids = figureIds.filter((id) => lock[id]?.default);
let browser: Browser;
let page: Page;
const onPage: Record<string, number> = {};

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  for (const chapter of new Set(await Promise.all(ids.map(async (id) => (await loadFigure(id)).chapter)))) {
    await page.goto(`${origin}/chapters/${chapter.replace(/^\d+-/, '')}/`);
    Object.assign(onPage, await panelCounts(page));
  }
});
afterAll(async () => {
  await browser?.close();
});

describe.each(ids)('the SVG download of %s', (id) => {
  it('holds every panel of the page, legible on its own', async () => {
    const response = await page.goto(`${origin}/pins/${id}/${lock[id].default}.svg`);
    expect(response?.headers()['content-type']).toContain('image/svg+xml');
    const g = await svgGeometry(page);
    console.log(`${id}: ${g.panels} panels (page ${onPage[id]}), ${g.viewBox.width} x ${g.viewBox.height}`);
    expect(onPage[id]).toBeGreaterThan(0);
    expect(g.panels).toBe(onPage[id]);
    expect(g.outside).toEqual([]);
    expect(g.overlaps).toEqual([]);
    expect(g.strangers).toEqual([]);
  });
});
