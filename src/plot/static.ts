/** Build-time rendering: panels as HTML strings, and one standalone SVG file holding every panel side by side. */
import { parseHTML } from 'linkedom';
import type { FigureDefinition, Params, Series } from '../figure/contract';
import { renderPanels } from './render';

function blankDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

export function staticPanels(figure: FigureDefinition<any>, series: Series, params: Params): string[] {
  return renderPanels(figure, series, params, blankDocument()).map((node) => node.outerHTML);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * One panel as SVG markup of the given width: the plot itself (the figure's direct <svg> child, not a legend
 * swatch), with its title and its colour legend (Plot draws those in HTML) redrawn as SVG text and squares above it.
 */
function panelSvg(node: Element): { markup: string; width: number; height: number } {
  const children = [...node.children];
  const plot = node.tagName.toLowerCase() === 'svg' ? node : children.find((c) => c.tagName.toLowerCase() === 'svg')!;
  const title = children.find((c) => c.tagName.toLowerCase() === 'h2')?.textContent ?? '';
  const swatches = [...node.querySelectorAll('[class$="-swatch"]')].map((swatch) => ({
    color: swatch.querySelector('rect')?.getAttribute('fill') ?? 'currentColor',
    label: swatch.textContent?.trim() ?? '',
  }));
  const width = Number(plot.getAttribute('width'));
  let y = 0;
  let head = '';
  if (title) head += `<text x="0" y="${(y += 16)}" font-size="13" font-weight="600">${esc(title)}</text>`;
  if (swatches.length) {
    y += 18;
    let x = 0;
    for (const { color, label } of swatches) {
      head += `<rect x="${x}" y="${y - 10}" width="10" height="10" fill="${color}"/><text x="${x + 14}" y="${y}" font-size="11">${esc(label)}</text>`;
      x += 24 + 6.5 * label.length;
    }
  }
  plot.setAttribute('y', String(y + 6));
  return { markup: head + plot.outerHTML, width, height: y + 6 + Number(plot.getAttribute('height')) };
}

/** A standalone SVG document: every panel in a row under the caption. */
export function standaloneSvg(figure: FigureDefinition<any>, series: Series, params: Params, caption: string): string {
  const panels = renderPanels(figure, series, params, blankDocument()).map(panelSvg);
  let x = 0;
  const groups = panels.map((p) => {
    const group = `<g transform="translate(${x},24)">${p.markup}</g>`;
    x += p.width + 16;
    return group;
  });
  const height = 24 + Math.max(...panels.map((p) => p.height));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${x}" height="${height}" font-family="system-ui, sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/><text x="0" y="16" font-size="13">${esc(caption)}</text>${groups.join('')}</svg>`
  );
}
