/**
 * The Content-Security-Policy and the citations as served by `astro preview`: every page has a policy; reading a
 * chapter and rerunning Figure 2 (small parameters from the URL) on wasm and on WebGL raise no
 * `securitypolicyviolation` and no console error; a pin's BibTeX is served with a text type, its CSL-JSON as JSON;
 * a superseded pin's page links to its figure's current build and every pin page links to its chapter; the home
 * page links to "Cite this site"; no served page names a local host.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchedPage, type Watched } from './harness';
import type { RunRecord } from '../../components/figure-island';

const origin = inject('origin');
const FIG = '[data-figure="fig2-alpha"]';
const SMALL = '/chapters/two-layer-networks/?fig2-alpha.m=16&fig2-alpha.n=256&fig2-alpha.epochs=1';
const lock = JSON.parse(readFileSync('figures/lock.json', 'utf8')) as Record<string, Record<string, string>>;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A watched page that also records every CSP violation, from the first script on. */
async function cspWatched(): Promise<Watched & { violations: () => Promise<string[]> }> {
  const w = await watchedPage(browser);
  await w.page.addInitScript(() => {
    const list: string[] = ((window as any).__csp = []);
    document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`));
  });
  return { ...w, violations: () => w.page.evaluate(() => (window as any).__csp as string[]) };
}

async function rerun(page: Page, backend: string): Promise<RunRecord> {
  await page.selectOption(`${FIG} [data-backend]`, backend);
  await page.click(`${FIG} [data-rerun]`);
  await page.waitForFunction(
    (sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)!.dataset.state!),
    FIG,
    { timeout: 600_000, polling: 500 },
  );
  return page.evaluate(() => window.liveFigures['fig2-alpha']);
}

describe('the Content-Security-Policy', () => {
  it('is on every page, strict, and nothing is blocked while reading and rerunning on wasm and WebGL', async () => {
    const w = await cspWatched();
    for (const path of ['/', '/cite/', '/pins/', `/pins/fig2-alpha/${lock['fig2-alpha'].default}/`, '/chapters/neural-tangent-kernel/']) {
      await w.page.goto(`${origin}${path}`);
      const policy = await w.page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
      expect(policy, path).toMatch(/default-src 'self'/);
      expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
      expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
      expect(await w.violations(), path).toEqual([]);
    }
    await w.page.goto(`${origin}${SMALL}`);
    expect(await w.page.locator('.katex').count()).toBeGreaterThan(5);
    for (const backend of ['wasm', 'webgl']) {
      const record = await rerun(w.page, backend);
      expect(record.state, record.error).toBe('done');
      expect(record.backend).toBe(backend);
    }
    const violations = await w.violations();
    console.log(`CSP violations: ${violations.length}`, violations);
    expect(violations).toEqual([]);
    expect(w.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });
});

describe('citations as served', () => {
  const fig = 'fig2-alpha';
  const current = lock[fig].default;

  it('serves BibTeX and CSL-JSON with a content type', async () => {
    const bibTxt = await fetch(`${origin}/pins/${fig}/${current}.bib.txt`);
    expect(bibTxt.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await bibTxt.text()).toMatch(/^@misc\{overparameterized-live:fig2-alpha:/);
    const bib = await fetch(`${origin}/pins/${fig}/${current}.bib`);
    // Vite's static server has no type for .bib (an empty Content-Type): hence the .bib.txt the page links to.
    console.log(`astro preview sends .bib as ${JSON.stringify(bib.headers.get('content-type'))}`);
    expect(bib.status).toBe(200);
    const csl = await fetch(`${origin}/pins/${fig}/${current}.csl.json`);
    expect(csl.headers.get('content-type')).toMatch(/^application\/json/);
    const [item] = await csl.json();
    expect(item.URL).toBe(`/pins/${fig}/${current}/`);
  });

  it('links pin pages to their chapter and superseded ones to the current build; home links Cite this site', async () => {
    const w = await watchedPage(browser, false);
    const pins = (await (await fetch(`${origin}/pins/`)).text()).match(new RegExp(`/pins/${fig}/[0-9a-f]{64}/`, 'g'))!;
    const superseded = [...new Set(pins)].map((p) => p.split('/')[3]).find((id) => !Object.values(lock[fig]).includes(id));
    expect(superseded, 'a superseded pin of fig2-alpha').toBeTruthy();
    await w.page.goto(`${origin}/pins/${fig}/${superseded}/`);
    const variant = JSON.parse(readFileSync(`figures/${fig}/pins/${superseded}.json`, 'utf8')).manifest.variant;
    expect(await w.page.locator('[data-current-link]').getAttribute('href')).toBe(`/pins/${fig}/${lock[fig][variant] ?? current}/`);
    const chapter = await w.page.locator('[data-chapter-link]').getAttribute('href');
    expect(chapter).toBe('/chapters/two-layer-networks/#figure-fig2-alpha');
    expect((await fetch(`${origin}${chapter}`)).status).toBe(200);
    expect(await w.page.locator('a[href$=".csl.json"]').count()).toBe(1);
    await w.page.goto(`${origin}/pins/${fig}/${current}/`);
    expect(await w.page.locator('[data-current-link]').count()).toBe(0);
    expect(await w.page.locator('[data-chapter-link]').count()).toBe(1);
    await w.page.goto(`${origin}/`);
    await w.page.click('a[href="/cite/"]');
    expect(await w.page.locator('[data-site-bibtex]').textContent()).toContain('@misc{overparameterized-live,');
    for (const path of ['/', '/cite/', '/chapters/mean-field/', `/pins/${fig}/${current}/`, `/pins/${fig}/${current}.bib`]) {
      expect(await (await fetch(`${origin}${path}`)).text(), path).not.toMatch(/localhost|127\.0\.0\.1/);
    }
    await w.page.context().close();
  });
});
