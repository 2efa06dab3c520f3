/**
 * Draws a figure's panels with Observable Plot into a given document: the page's own in the browser, a linkedom
 * document at build time (so every figure is static SVG, readable without JavaScript).
 *
 * Plot's output is adjusted for the page it goes into:
 *  - the plot's own <svg> (not a legend's) is an image, role="img", named by the panel's title; the figure's data
 *    table is its text alternative;
 *  - Plot names each mark's <g> (or a frame's <rect>) with aria-label, which ARIA forbids without a role (axe:
 *    aria-prohibited-attr); the name moves to data-mark;
 *  - a panel's title is an <h4> (Plot makes it an <h2>, the level of the chapter's sections; the figure's own title
 *    is the <h3>), its subtitle a paragraph;
 *  - legend swatches, pictures of a colour next to its name, are hidden from assistive technology.
 */
import * as Plot from '@observablehq/plot';
import type { FigureDefinition, Params, Series } from '../figure/contract';

/** The plot's own <svg> in what Plot returned: the node itself, or the figure's direct <svg> child that is not a legend. */
export function plotSvg(node: Element): Element | undefined {
  if (node.tagName.toLowerCase() === 'svg') return node;
  return [...node.children].find((c) => c.tagName.toLowerCase() === 'svg' && !/-ramp\b/.test(c.getAttribute('class') ?? ''));
}

function rename(doc: Document, el: Element, tag: string, className: string): Element {
  const next = doc.createElement(tag);
  next.setAttribute('class', className);
  while (el.firstChild) next.appendChild(el.firstChild);
  el.replaceWith(next);
  return next;
}

export function renderPanels(
  figure: FigureDefinition<any>,
  series: Series,
  params: Params,
  doc: Document,
  reference?: Series,
): Element[] {
  return figure.panels(series, params, reference).map((spec, i) => {
    const node = Plot.plot({ ...spec, document: doc }) as Element;
    const svg = plotSvg(node);
    svg?.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    svg?.setAttribute('role', 'img');
    svg?.setAttribute('aria-label', `${figure.title}, panel ${i + 1}: ${String(spec.title ?? '')} (the data table below has its values)`);
    for (const el of svg?.querySelectorAll('[aria-label]') ?? []) {
      el.setAttribute('data-mark', el.getAttribute('aria-label')!);
      el.removeAttribute('aria-label');
    }
    if (node !== svg) {
      for (const child of [...node.children]) {
        const tag = child.tagName.toLowerCase();
        if (tag === 'h2') rename(doc, child, 'h4', 'panel-title');
        else if (tag === 'h3') rename(doc, child, 'p', 'panel-subtitle');
        else if (tag === 'div') for (const swatch of child.querySelectorAll('svg')) swatch.setAttribute('aria-hidden', 'true');
        else if (tag === 'svg' && child !== svg) child.setAttribute('aria-hidden', 'true'); // a colour ramp; its labels are in the table
      }
    }
    return node;
  });
}

/**
 * The children of a figure's panel area: the panels, each row of a gridded figure (`figure.layout`) preceded by its
 * label, so that a CSS grid keeps the rows on every width (see .panels[data-columns] in src/styles/figures.css).
 */
export function arrangePanels<T>(figure: FigureDefinition<any>, panels: T[], label: (text: string) => T): T[] {
  const layout = figure.layout;
  if (!layout) return panels;
  return panels.flatMap((panel, i) => (i % layout.columns === 0 ? [label(layout.rows[i / layout.columns] ?? ''), panel] : [panel]));
}

/** A row's label in the page's document. */
export function rowLabel(doc: Document, text: string): Element {
  const p = doc.createElement('p');
  p.setAttribute('class', 'panel-row-label');
  p.textContent = text;
  return p;
}
