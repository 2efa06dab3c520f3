/**
 * A rehype plugin (after rehype-katex): wraps every display formula (`.katex-display`) in a scroll container that a
 * keyboard can reach and a screen reader can name: `<div class="math-scroll" role="region" tabindex="0"
 * aria-label="Equation (8)">`. A formula wider than the text column scrolls sideways inside it, with shadows at the
 * edges that have more to show (site.css); a script in the layout takes the tab stop off the ones that fit.
 * It also keeps KaTeX's MathML copy of every formula out of the search index.
 */

/** @param {any} node */
const classes = (node) => {
  const c = node.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
};

/** @param {any} node @returns {string} */
const text = (node) => (node.type === 'text' ? node.value : (node.children ?? []).map(text).join(''));

/** @param {any} node @returns {any} */
function findTag(node) {
  if (node.type === 'element' && classes(node).includes('tag')) return node;
  for (const child of node.children ?? []) {
    const found = findTag(child);
    if (found) return found;
  }
  return undefined;
}

/**
 * The accessible name of a display: "Equation (8)" when it carries a tag, else "Display formula k", the k-th
 * display of the page (a region's name must tell it from the others).
 */
export function equationLabel(display, k) {
  const tag = findTag(display);
  const number = tag ? text(tag).replace(/\s+/g, '').trim() : '';
  return number ? `Equation ${number}` : `Display formula ${k}`;
}

export default function rehypeMathScroll() {
  /** @param {any} tree */
  return (tree) => {
    let displays = 0;
    /** @param {any} parent */
    const visit = (parent) => {
      const children = parent.children ?? [];
      for (let i = 0; i < children.length; i++) {
        const node = children[i];
        if (node.type !== 'element') continue;
        // KaTeX's MathML copy (for screen readers) would show in search excerpts as "α\alphaα": not indexed.
        if (classes(node).includes('katex-mathml')) {
          node.properties.dataPagefindIgnore = '';
          continue;
        }
        if (classes(node).includes('math-scroll')) {
          displays++;
          visit(node.children[0] ?? node);
          continue;
        }
        if (classes(node).includes('katex-display')) {
          visit(node);
          children[i] = {
            type: 'element',
            tagName: 'div',
            properties: { className: ['math-scroll'], role: 'region', tabIndex: 0, ariaLabel: equationLabel(node, ++displays) },
            children: [node],
          };
          continue;
        }
        visit(node);
      }
    };
    visit(tree);
  };
}
