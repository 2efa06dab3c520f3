/**
 * Probes that run inside a page (page.evaluate) and measure how the figures are drawn: the contrast of every mark's
 * colours against the figure panel, and the geometry of a standalone SVG. Shared by the browser tests.
 */
import type { Page } from 'playwright-core';

/** tsx and vitest compile with esbuild's keepNames, which wraps functions in `__name(...)`: give pages that helper. */
async function shim(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (f) => f');
}

export interface ContrastFailure {
  figure: string;
  mark: string;
  property: 'stroke' | 'fill' | 'text';
  colour: string;
  ratio: number;
  needed: number;
}

export interface ContrastReport {
  /** Per figure: the lowest ratio of a mark's colour, and of a text's, against the panel background. */
  figures: Record<string, { marks: number; text: number; checked: number }>;
  failures: ContrastFailure[];
}

/**
 * Mark groups left out: decorations drawn faint on purpose (grid lines, frames, axis ticks, reference rules), the
 * pointer tip (only shown on hover), and heat-map cells, whose colour is the value itself (a diverging scale is
 * near the background at zero by design). Their text (tick labels) is still checked, at 4.5:1.
 */
const DECORATIONS = /^(x-grid|y-grid|fx-grid|fy-grid|frame|rule|x-axis tick|y-axis tick|fx-axis tick|fy-axis tick|tip|cell)$/;

/**
 * The contrast of every stroke and fill of every figure's marks (lines, dots, areas, bars, particle clouds) and of
 * legend swatches, at least 3:1, and of every text in the plots and legends, at least 4.5:1, against the figure's
 * panel background, from getComputedStyle colours. Opacity is not composited: a faded pin or a translucent band is
 * checked by its colour.
 */
export async function contrastReport(page: Page): Promise<ContrastReport> {
  await shim(page);
  return page.evaluate((decorations) => {
    const skip = new RegExp(decorations);
    const canvas = document.createElement('canvas').getContext('2d')!;
    const rgb = (colour: string): [number, number, number, number] | undefined => {
      if (!colour || colour === 'none' || colour.startsWith('url(')) return undefined;
      canvas.fillStyle = '#000';
      canvas.fillStyle = colour;
      const c = canvas.fillStyle as string; // "#rrggbb" or "rgba(r, g, b, a)"
      if (c.startsWith('#')) return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)).concat(1) as [number, number, number, number];
      const [r, g, b, a] = c.match(/[\d.]+/g)!.map(Number);
      return [r, g, b, a ?? 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: number[], b: number[]) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const report = { figures: {} as Record<string, { marks: number; text: number; checked: number }>, failures: [] as any[] };
    for (const root of document.querySelectorAll<HTMLElement>('[data-figure]')) {
      const figure = root.dataset.figure!;
      const background = rgb(getComputedStyle(root).backgroundColor)!;
      const entry = (report.figures[figure] = { marks: Infinity, text: Infinity, checked: 0 });
      const check = (mark: string, property: 'stroke' | 'fill' | 'text', value: string, needed: number) => {
        const colour = rgb(value);
        if (!colour || colour[3] === 0) return;
        const r = ratio(colour, background);
        entry.checked++;
        if (property === 'text') entry.text = Math.min(entry.text, r);
        else entry.marks = Math.min(entry.marks, r);
        if (r < needed) report.failures.push({ figure, mark, property, colour: value, ratio: Math.round(r * 100) / 100, needed });
      };
      const panels = root.querySelector('[data-panels]')!;
      for (const el of panels.querySelectorAll<SVGElement>('svg path, svg line, svg circle, svg rect, svg polyline, svg polygon')) {
        if (el.closest('clipPath, defs, marker, pattern')) continue;
        const group = el.closest('[data-mark], g[aria-label], [aria-label]:not(svg)');
        const mark = group?.getAttribute('data-mark') ?? group?.getAttribute('aria-label') ?? el.closest('svg')!.getAttribute('class') ?? 'svg';
        if (skip.test(mark) || /-ramp$/.test(el.closest('svg')!.getAttribute('class') ?? '')) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        check(mark, 'stroke', style.stroke, 3);
        check(mark, 'fill', style.fill, 3);
      }
      for (const el of panels.querySelectorAll<SVGElement>('svg text')) {
        const group = el.closest('[data-mark], g[aria-label], [aria-label]:not(svg)');
        const mark = group?.getAttribute('data-mark') ?? group?.getAttribute('aria-label') ?? 'text';
        if (mark === 'tip' || !el.textContent?.trim()) continue;
        check(mark, 'text', getComputedStyle(el).fill, 4.5);
      }
      for (const el of panels.querySelectorAll<HTMLElement>('figure > h2, figure > h3, figure > h4, figure > p, figure > div')) {
        if (el.textContent?.trim()) check('legend or title', 'text', getComputedStyle(el).color, 4.5);
      }
    }
    return report;
  }, DECORATIONS.source);
}

/** The page's figures: for each, how many plot panels it shows (legends and swatches not counted). */
export async function panelCounts(page: Page): Promise<Record<string, number>> {
  await shim(page);
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-figure]')].map((root) => [
        root.dataset.figure!,
        root.querySelectorAll('[data-panels] svg[role="img"], [data-panels] > svg').length,
      ]),
    ),
  );
}

export interface SvgGeometry {
  viewBox: { x: number; y: number; width: number; height: number };
  panels: number;
  /** Text whose box leaves the viewBox. */
  outside: { text: string; box: DOMRectInit }[];
  /** Pairs of legend and title/label boxes that overlap. */
  overlaps: { a: string; b: string }[];
  /** Legend swatches whose colour no line or dot of their panel has. */
  strangers: { label: string; colour: string }[];
}

/**
 * Checks a standalone SVG document opened on its own (page.goto of the file): every text inside the viewBox, no
 * legend entry over a title or a panel label, every legend swatch the colour of a mark of its panel.
 */
export async function svgGeometry(page: Page): Promise<SvgGeometry> {
  await shim(page);
  return page.evaluate(() => {
    const root = document.documentElement as unknown as SVGSVGElement;
    const vb = root.viewBox.baseVal;
    const viewBox = vb && vb.width ? { x: vb.x, y: vb.y, width: vb.width, height: vb.height } : { x: 0, y: 0, width: root.width.baseVal.value, height: root.height.baseVal.value };
    // The file is shown at its own size (viewBox = width x height), so page pixels are its user units.
    const origin = root.getBoundingClientRect();
    const box = (el: Element) => {
      const b = el.getBoundingClientRect();
      return { x: b.x - origin.x + viewBox.x, y: b.y - origin.y + viewBox.y, width: b.width, height: b.height };
    };
    const outside: { text: string; box: DOMRectInit }[] = [];
    for (const t of root.querySelectorAll<SVGTextElement>('text')) {
      if (!t.textContent?.trim()) continue;
      const b = box(t);
      if (b.x < viewBox.x - 0.5 || b.y < viewBox.y - 0.5 || b.x + b.width > viewBox.x + viewBox.width + 0.5 || b.y + b.height > viewBox.y + viewBox.height + 0.5) {
        outside.push({ text: t.textContent!, box: b });
      }
    }
    const labelled = (sel: string) => [...root.querySelectorAll<SVGGraphicsElement>(sel)].filter((e) => e.textContent?.trim() || e.hasAttribute('data-swatch')).map((e) => ({ text: e.textContent || e.getAttribute('data-swatch') || '', b: box(e) }));
    const legends = labelled('[data-role="legend"] text, [data-role="legend"] [data-swatch]');
    const labels = labelled('[data-role="title"], [data-role="subtitle"], g[aria-label$="axis label"] text, g[data-mark$="axis label"] text');
    const hit = (p: DOMRectInit, q: DOMRectInit) => p.x! < q.x! + q.width! && q.x! < p.x! + p.width! && p.y! < q.y! + q.height! && q.y! < p.y! + p.height!;
    const overlaps: { a: string; b: string }[] = [];
    for (const l of legends) for (const t of labels) if (hit(l.b, t.b)) overlaps.push({ a: l.text, b: t.text });
    const strangers: { label: string; colour: string }[] = [];
    for (const panel of root.querySelectorAll('[data-role="panel"]')) {
      const colours = new Set(
        [...panel.querySelectorAll<SVGElement>('svg path, svg circle, svg line, svg rect')]
          .filter((e) => !e.closest('[data-role="legend"]'))
          .flatMap((e) => [getComputedStyle(e).stroke, getComputedStyle(e).fill]),
      );
      for (const swatch of panel.querySelectorAll<SVGElement>('[data-role="legend"] [data-swatch]')) {
        const style = getComputedStyle(swatch);
        const colour = style.fill !== 'none' ? style.fill : style.stroke;
        if (!colours.has(colour)) strangers.push({ label: swatch.getAttribute('data-swatch') ?? '', colour });
      }
    }
    return { viewBox, panels: root.querySelectorAll('[data-role="panel"]').length, outside, overlaps, strangers };
  });
}

export interface AxeViolation {
  id: string;
  impact: string;
  nodes: number;
  example: string;
}

/**
 * axe-core's violations on the page (axe from node_modules; nothing is fetched). It is evaluated through the
 * DevTools protocol, not added as a script tag, which the page's Content-Security-Policy rightly refuses.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, example: v.nodes[0]?.target?.join(' ') ?? '' }));
  });
}
