/**
 * Draws a figure's panels with Observable Plot into a given document: the page's own in the browser, a linkedom
 * document at build time (so every figure is static SVG, readable without JavaScript).
 */
import * as Plot from '@observablehq/plot';
import type { FigureDefinition, Params, Series } from '../figure/contract';

export function renderPanels(
  figure: FigureDefinition<any>,
  series: Series,
  params: Params,
  doc: Document,
  reference?: Series,
): Element[] {
  return figure.panels(series, params, reference).map((spec, i) => {
    const node = Plot.plot({ ...spec, document: doc }) as Element;
    const svg = node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg');
    svg?.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    svg?.setAttribute('role', 'img');
    svg?.setAttribute('aria-label', `${figure.title}, panel ${i + 1}: ${String(spec.title ?? '')}`);
    return node;
  });
}
