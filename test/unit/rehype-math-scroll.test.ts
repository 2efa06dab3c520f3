/** Display formulas are wrapped in a named, keyboard-reachable scroll container (src/site/rehype-math-scroll.mjs). */
import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeMathScroll from '../../src/site/rehype-math-scroll.mjs';

const process = (html: string) => {
  const tree = fromHtml(html, { fragment: true });
  rehypeMathScroll()(tree);
  return toHtml(tree);
};

describe('rehype-math-scroll', () => {
  it('wraps each display once, named by its tag or, without one, by its place on the page', () => {
    const tagged = katex.renderToString('a = b \\tag{8}', { displayMode: true });
    const plain = katex.renderToString('x^2', { displayMode: true });
    const inline = katex.renderToString('y', { displayMode: false });
    const out = process(`<p>${inline}</p>${tagged}<div>${plain}</div>`);
    expect(out.match(/class="math-scroll"/g)).toHaveLength(2);
    expect(out).toContain('<div class="math-scroll" role="region" tabindex="0" aria-label="Equation (8)"><span class="katex-display">');
    expect(out).toContain('aria-label="Display formula 2"><span class="katex-display">');
    expect(process(out)).toBe(out);
    expect(out.match(/class="katex-mathml" data-pagefind-ignore/g)).toHaveLength(3);
  });
});
