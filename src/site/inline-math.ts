/**
 * Figure captions and notes are plain strings in the figure definition, with inline math between `$…$`. This
 * renders them to HTML at build time with the same KaTeX as the chapters; a bad formula fails the build.
 */
import katex from 'katex';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function inlineMath(text: string): string {
  return text
    .split(/(\$[^$]+\$)/)
    .map((part) =>
      part.startsWith('$') && part.endsWith('$') && part.length > 2
        ? katex.renderToString(part.slice(1, -1), { throwOnError: true, strict: 'error' })
        : escape(part),
    )
    .join('');
}
