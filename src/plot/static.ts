/** Build-time rendering: panels as HTML strings, and one standalone SVG file holding every panel side by side. */
import { parseHTML } from 'linkedom';
import type { FigureDefinition, Params, Series } from '../figure/contract';
import { renderPanels } from './render';

export function staticPanels(figure: FigureDefinition<any>, series: Series, params: Params): string[] {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  return renderPanels(figure, series, params, document as unknown as Document).map((node) => node.outerHTML);
}

/** A standalone SVG document: every panel's SVG placed in a row (legends are drawn as SVG swatches by Plot). */
export function standaloneSvg(figure: FigureDefinition<any>, series: Series, params: Params, caption: string): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const svgs = renderPanels(figure, series, params, document as unknown as Document).map(
    (node) => (node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg'))!,
  );
  let x = 0;
  const height = Math.max(...svgs.map((s) => Number(s.getAttribute('height'))));
  const parts = svgs.map((svg) => {
    const w = Number(svg.getAttribute('width'));
    svg.setAttribute('x', String(x));
    svg.setAttribute('y', '24');
    x += w + 10;
    return svg.outerHTML;
  });
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${x}" height="${height + 24}" font-family="system-ui, sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/><text x="0" y="16" font-size="13">${esc(caption)}</text>${parts.join('')}</svg>`
  );
}
