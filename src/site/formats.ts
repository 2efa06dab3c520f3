/**
 * A pin in other formats for download: CSV of its series, and citations of the exact build as BibTeX and
 * CSL-JSON; and the citation of the site as a whole. BibTeX fields are plain ASCII LaTeX (Greek letters, √, sub-
 * and superscripts become math), so that an entry compiles under pdflatex with classic BibTeX as well as biblatex.
 */
import type { Pin } from '../pins/pin';
import { PROJECT_VERSION } from '../version';

export const SITE_NAME = 'Overparameterized, live';
export const SITE_AUTHOR = 'Overparameterized, live contributors';
const REVIEW =
  'C. Fang, H. Dong and T. Zhang, Mathematical Models of Overparameterized Neural Networks, Proceedings of the IEEE 109(5), 2021, arXiv:2012.13982';

export function seriesCsv(pin: Pin): string {
  const names = Object.keys(pin.series).sort((a, b) => (a === 'epoch' ? -1 : b === 'epoch' ? 1 : a.localeCompare(b)));
  const rows = Math.max(...names.map((n) => pin.series[n].length));
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [names.map(quote).join(',')];
  for (let i = 0; i < rows; i++) lines.push(names.map((n) => (i < pin.series[n].length ? String(pin.series[n][i]) : '')).join(','));
  return `${lines.join('\n')}\n`;
}

/** Where a citation points: the permalink's path, its absolute URL when the build has SITE_URL, and the date seen. */
export interface CitationTarget {
  path: string;
  url?: string;
  /** YYYY-MM-DD */
  date: string;
}

const RELATIVE_NOTE = (path: string) =>
  `The URL is the path ${path} on the site that served this entry: the site was built without SITE_URL.`;

// ---- LaTeX text ---------------------------------------------------------------------------------------------

/** Characters that LaTeX writes in math mode. */
const MATH: Record<string, string> = {
  α: '\\alpha', β: '\\beta', γ: '\\gamma', δ: '\\delta', ε: '\\varepsilon', η: '\\eta', θ: '\\theta', κ: '\\kappa',
  λ: '\\lambda', μ: '\\mu', ν: '\\nu', π: '\\pi', ρ: '\\rho', σ: '\\sigma', τ: '\\tau', φ: '\\phi', χ: '\\chi',
  ψ: '\\psi', ω: '\\omega', Θ: '\\Theta', Σ: '\\Sigma', Ω: '\\Omega', Φ: '\\Phi', Δ: '\\Delta',
  '·': '\\cdot', '×': '\\times', '≈': '\\approx', '≤': '\\leq', '≥': '\\geq', '≠': '\\neq', '→': '\\to', '∞': '\\infty',
  '±': '\\pm', '−': '-', '∈': '\\in', '∑': '\\sum', '∇': '\\nabla', '∂': '\\partial', '‖': '\\|',
  '⁰': '^{0}', '¹': '^{1}', '²': '^{2}', '³': '^{3}', '⁴': '^{4}', '⁵': '^{5}', '⁶': '^{6}', '⁷': '^{7}', '⁸': '^{8}',
  '⁹': '^{9}', '⁻': '^{-}', '₀': '_{0}', '₁': '_{1}', '₂': '_{2}', '₃': '_{3}', '₄': '_{4}', '₅': '_{5}', '₆': '_{6}',
  '₇': '_{7}', '₈': '_{8}', '₉': '_{9}',
};
/** Characters that have an ASCII spelling in LaTeX text mode. */
const TEXT: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_',
  '^': '\\^{}', '~': '\\~{}', '–': '--', '—': '---', '‘': '`', '’': "'", '“': '``', '”': "''", '…': '...',
  '\u00a0': ' ', '\u202f': ' ', é: "\\'e", è: '\\`e', ö: '\\"o', ü: '\\"u', ä: '\\"a',
};

/**
 * `s` as LaTeX text that pdflatex compiles with no unicode support: ASCII only, braces balanced, math in `$…$`
 * (a run of math characters is one `$…$`, and `√x` is `$\sqrt{x}$`). A character with no spelling here is an
 * error, so a new title cannot slip raw unicode into a citation.
 */
export function latexText(s: string): string {
  const out: { math: boolean; text: string }[] = [];
  const push = (math: boolean, text: string) => {
    const last = out[out.length - 1];
    if (last && last.math === math) last.text += text;
    else out.push({ math, text });
  };
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '√') {
      let arg = '';
      while (i + 1 < chars.length && /[A-Za-z0-9]/.test(chars[i + 1])) arg += chars[++i];
      push(true, `\\sqrt{${arg || '\\cdot'}}`);
    } else if (c in MATH) push(true, MATH[c]);
    else if (c in TEXT) push(false, TEXT[c]);
    else if (/[\x20-\x7e]/.test(c)) push(false, c);
    else throw new Error(`latexText: no LaTeX spelling for ${JSON.stringify(c)} (U+${c.codePointAt(0)!.toString(16)}) in ${JSON.stringify(s)}; add one to src/site/formats.ts.`);
  }
  return out.map(({ math, text }) => (math ? `$${text}$` : text)).join('');
}

/** Throws unless `value` is a BibTeX field body pdflatex can take: printable ASCII, braces balanced, `$` paired. */
export function checkBibField(name: string, value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error(`BibTeX field ${name} is not printable ASCII: ${JSON.stringify(value)}`);
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') {
      i++;
      continue;
    }
    if (value[i] === '{') depth++;
    if (value[i] === '}' && --depth < 0) break;
  }
  if (depth !== 0) throw new Error(`BibTeX field ${name} has unbalanced braces: ${value}`);
  const dollars = value.replace(/\\\$/g, '').split('$').length - 1;
  if (dollars % 2) throw new Error(`BibTeX field ${name} has an unpaired $: ${value}`);
  return value;
}

function bibEntry(type: string, key: string, fields: [string, string | undefined][]): string {
  const present = fields.filter((f): f is [string, string] => f[1] !== undefined);
  const width = Math.max(...present.map(([n]) => n.length));
  return [
    `@${type}{${key},`,
    ...present.map(([n, v]) => `  ${n.padEnd(width)} = {${checkBibField(n, v)}},`),
    `}`,
    '',
  ].join('\n');
}

/** A URL inside a BibTeX field: `\url` takes it verbatim, but `%`, `#` and unbalanced braces still break TeX. */
const bibUrl = (url: string) => url.replace(/[%#{}\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// ---- citations of a pin ------------------------------------------------------------------------------------

export const citationKey = (pin: Pin, id: string) => `overparameterized-live:${pin.manifest.figure.id}:${id.slice(0, 12)}`;
const pinVersion = (pin: Pin, id: string) => `figure ${pin.manifest.figure.id} v${pin.manifest.figure.version}, build ${id}`;
const pinTitle = (pin: Pin, id: string) => `${pin.manifest.figure.title}: pinned build ${id.slice(0, 12)} of figure ${pin.manifest.figure.id}`;

function pinNote(pin: Pin, id: string, target: CitationTarget): string {
  const m = pin.manifest;
  return [
    m.figure.reproduces === 'new' ? 'A figure new to this edition' : `Reproduces ${m.figure.reproduces}`,
    `in ${SITE_NAME}, a live edition of ${REVIEW}, whose authors' results and figures it restates.`,
    `Build SHA-256 ${id}; computed on the ${m.backend} backend with tfjs ${m.versions.tfjs}, project ${m.versions.project}.`,
    target.url ? '' : RELATIVE_NOTE(target.path),
  ]
    .filter(Boolean)
    .join(' ');
}

export function bibtex(pin: Pin, id: string, target: CitationTarget): string {
  const m = pin.manifest;
  return bibEntry('misc', citationKey(pin, id), [
    ['author', `{${SITE_AUTHOR}}`],
    ['title', latexText(pinTitle(pin, id))],
    ['year', m.createdAt.slice(0, 4)],
    ['version', latexText(pinVersion(pin, id))],
    ['publisher', latexText(SITE_NAME)],
    ['url', bibUrl(target.url ?? target.path)],
    ['urldate', target.date],
    ['note', latexText(pinNote(pin, id, target))],
  ]);
}

const dateParts = (iso: string) => [iso.slice(0, 10).split('-').map(Number)];

/** CSL-JSON (CSL 1.0.2): an array holding one item, as citation managers import it. */
export function cslJson(pin: Pin, id: string, target: CitationTarget): string {
  const m = pin.manifest;
  const item = {
    id: citationKey(pin, id),
    type: 'dataset',
    title: pinTitle(pin, id),
    author: [{ literal: SITE_AUTHOR }],
    issued: { 'date-parts': dateParts(m.createdAt) },
    accessed: { 'date-parts': dateParts(target.date) },
    version: pinVersion(pin, id),
    publisher: SITE_NAME,
    URL: target.url ?? target.path,
    note: pinNote(pin, id, target),
  };
  return `${JSON.stringify([item], null, 2)}\n`;
}

// ---- the site as a whole -----------------------------------------------------------------------------------

export function siteBibtex(target: CitationTarget): string {
  return bibEntry('misc', 'overparameterized-live', [
    ['author', `{${SITE_AUTHOR}}`],
    ['title', latexText(`${SITE_NAME}: a live, verified edition of the theory of overparameterized neural networks`)],
    ['year', target.date.slice(0, 4)],
    ['version', PROJECT_VERSION],
    ['url', bibUrl(target.url ?? target.path)],
    ['urldate', target.date],
    [
      'note',
      latexText(
        `A restatement, with live figures, of ${REVIEW}; the results are theirs. Cite a figure by its pinned build. ${target.url ? '' : RELATIVE_NOTE(target.path)}`.trim(),
      ),
    ],
  ]);
}

export function siteCslJson(target: CitationTarget): string {
  const item = {
    id: 'overparameterized-live',
    type: 'webpage',
    title: `${SITE_NAME}: a live, verified edition of the theory of overparameterized neural networks`,
    author: [{ literal: SITE_AUTHOR }],
    issued: { 'date-parts': dateParts(target.date) },
    accessed: { 'date-parts': dateParts(target.date) },
    version: PROJECT_VERSION,
    URL: target.url ?? target.path,
    note: `A restatement, with live figures, of ${REVIEW}.${target.url ? '' : ` ${RELATIVE_NOTE(target.path)}`}`,
  };
  return `${JSON.stringify([item], null, 2)}\n`;
}
