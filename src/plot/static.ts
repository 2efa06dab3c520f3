/** Build-time rendering: panels as HTML strings, and one standalone SVG file holding every panel, for a paper. */
import { parseHTML } from 'linkedom';
import type { FigureDefinition, Params, Series } from '../figure/contract';
import { arrangePanels, plotSvg, renderPanels, rowLabel } from './render';

function blankDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

/** Attributes that hold coordinates, in pixels of the drawing. */
const GEOMETRY = ['cx', 'cy', 'r', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'width', 'height', 'd', 'transform', 'points'];
const round = (text: string) =>
  text.replace(/-?\d*\.\d+(?:e-?\d+)?/g, (n) => {
    const v = Math.round(Number(n) * 10) / 10;
    return Object.is(v, -0) ? '0' : String(v);
  });

/**
 * A lighter static drawing, the same picture at the resolution it is drawn at: coordinates to a tenth of a pixel
 * (Plot writes sixteen digits), and of the dots of one mark that fall on the same spot (to a tenth of a pixel, with
 * the same radius and colours) only the first is kept, since the others are drawn exactly under it. The data table
 * beside the figure keeps every value.
 */
function lighten(svg: Element): { dots: number; kept: number } {
  for (const el of svg.querySelectorAll('*')) {
    for (const name of GEOMETRY) {
      const value = el.getAttribute(name);
      if (value && value.includes('.')) el.setAttribute(name, round(value));
    }
  }
  let dots = 0;
  let kept = 0;
  for (const group of svg.querySelectorAll('g[data-mark="dot"]')) {
    const seen = new Set<string>();
    for (const dot of [...group.children]) {
      if (dot.tagName.toLowerCase() !== 'circle') continue;
      dots++;
      const key = [...dot.attributes].map((a) => `${a.name}=${a.value}`).sort().join(' ');
      if (seen.has(key)) dot.remove();
      else {
        seen.add(key);
        kept++;
      }
    }
  }
  return { dots, kept };
}

/** The panel area's children as HTML: the panels, lightened, with the row labels of a gridded figure. */
export function staticPanels(figure: FigureDefinition<any>, series: Series, params: Params): string[] {
  const doc = blankDocument();
  const panels = renderPanels(figure, series, params, doc).map((node) => {
    const svg = plotSvg(node);
    if (svg) lighten(svg);
    return node;
  });
  return arrangePanels(figure, panels, (text) => rowLabel(doc, text)).map((node) => node.outerHTML);
}

/** linkedom writes HTML: "<" and ">" stay raw in attribute values, which XML (a standalone .svg) refuses. */
const xml = (markup: string) => markup.replace(/="([^"]*)"/g, (_, v: string) => `="${v.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Estimated width of a line of text in the sans-serif of the file: generous, so that nothing runs off the edge. */
const textWidth = (text: string, size: number) => [...text].length * size * 0.62;

/** Words broken into lines of at most `width` pixels. */
function wrap(text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const INK = '#1d1f21';
const MUTED = '#5c6166';

/** Lines of text from `y` down; returns the markup and the new y. */
function textBlock(lines: string[], y: number, size: number, attrs: string): { markup: string; y: number } {
  let markup = '';
  for (const line of lines) {
    y += Math.round(size * 1.3);
    markup += `<text x="0" y="${y - Math.round(size * 0.3)}" font-size="${size}" ${attrs}>${esc(line)}</text>`;
  }
  return { markup, y };
}

/**
 * One panel as SVG, as the page shows it: its title and subtitle (wrapped to the panel's width), its legend (the
 * swatches in the colours of its marks, wrapped to the panel's width, or Plot's colour ramp), then the plot.
 */
function panelSvg(node: Element): { markup: string; width: number; height: number } {
  const plot = plotSvg(node)!;
  lighten(plot);
  const width = Number(plot.getAttribute('width'));
  const children = node === plot ? [] : [...node.children];
  let y = 0;
  let head = '';
  for (const child of children) {
    const tag = child.tagName.toLowerCase();
    const cls = child.getAttribute('class') ?? '';
    if (cls === 'panel-title' || cls === 'panel-subtitle') {
      const title = cls === 'panel-title';
      const size = title ? 13 : 11;
      const block = textBlock(wrap(child.textContent ?? '', size, width), y, size,
        `data-role="${title ? 'title' : 'subtitle'}" fill="${title ? INK : MUTED}"${title ? ' font-weight="600"' : ''}`);
      head += block.markup;
      y = block.y;
    } else if (tag === 'div' && child.querySelector('[class$="-swatch"]')) {
      y += 6;
      let x = 0;
      let legend = '';
      for (const swatch of child.querySelectorAll('[class$="-swatch"]')) {
        // Plot's own swatch, a small SVG of the mark's colour (or symbol), placed in the file's coordinates.
        const shape = swatch.querySelector('svg');
        const label = swatch.textContent?.trim() ?? '';
        const advance = 14 + textWidth(label, 11) + 12;
        if (x > 0 && x + advance > width) {
          x = 0;
          y += 16;
        }
        if (shape) {
          shape.removeAttribute('aria-hidden');
          shape.setAttribute('data-swatch', label);
          shape.setAttribute('x', String(x));
          shape.setAttribute('y', String(y + 1));
          shape.setAttribute('width', '11');
          shape.setAttribute('height', '11');
        }
        legend +=
          xml(shape?.outerHTML ?? '') +
          `<text x="${x + 14}" y="${y + 11}" font-size="11" fill="${INK}">${esc(label)}</text>`;
        x += advance;
      }
      y += 16;
      head += `<g data-role="legend">${legend}</g>`;
    } else if (tag === 'svg' && child !== plot) {
      // Plot's colour ramp (a heat map's legend), already SVG.
      child.setAttribute('y', String(y + 4));
      child.removeAttribute('aria-hidden');
      head += `<g data-role="legend">${xml(child.outerHTML)}</g>`;
      y += 4 + Number(child.getAttribute('height') ?? 0);
    }
  }
  plot.setAttribute('y', String(y + 6));
  return { markup: head + xml(plot.outerHTML), width, height: y + 6 + Number(plot.getAttribute('height')) };
}

/** The widest a row of panels gets before the next panel starts a new row (a page of a paper, at 96 dpi). */
const ROW_WIDTH = 900;
const GAP = 24;
const MARGIN = 16;

/** A standalone SVG document: the caption, then every panel the page shows, in rows, each legible on its own. */
export function standaloneSvg(figure: FigureDefinition<any>, series: Series, params: Params, caption: string): string {
  const panels = renderPanels(figure, series, params, blankDocument()).map(panelSvg);
  const layout = figure.layout;
  const width = Math.max(ROW_WIDTH, ...panels.map((p) => p.width));
  const head = textBlock(wrap(caption, 13, width), 0, 13, `data-role="caption" fill="${INK}"`);
  let [x, y, rowHeight] = [0, head.y + 10, 0];
  const groups = panels.map((p, i) => {
    let label = '';
    if (layout && i % layout.columns === 0) {
      // A gridded figure: each row on its own, under its label.
      if (i > 0) y += rowHeight + GAP;
      const block = textBlock([layout.rows[i / layout.columns] ?? ''], y, 14, `data-role="row-label" font-weight="700" fill="${INK}"`);
      label = block.markup;
      [x, y, rowHeight] = [0, block.y + 4, 0];
    } else if (x > 0 && x + p.width > width) {
      x = 0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    if (label) return `${label}${place(p)}`;
    return place(p);
  });
  function place(p: { markup: string; width: number; height: number }) {
    const group = `<g data-role="panel" transform="translate(${x},${y})">${p.markup}</g>`;
    x += p.width + GAP;
    rowHeight = Math.max(rowHeight, p.height);
    return group;
  }
  // A margin all round: glyphs overhang their anchor, and Plot draws some labels left of a panel's frame.
  const [outerWidth, outerHeight] = [width + 2 * MARGIN, y + rowHeight + 2 * MARGIN];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${outerWidth}" height="${outerHeight}" viewBox="0 0 ${outerWidth} ${outerHeight}" ` +
    `font-family="system-ui, sans-serif" color="${INK}">` +
    `<rect width="100%" height="100%" fill="white"/><g transform="translate(${MARGIN},${MARGIN})">${head.markup}${groups.join('')}</g></svg>`
  );
}
