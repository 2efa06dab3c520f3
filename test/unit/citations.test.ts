/**
 * Citations (src/site/formats.ts) of every committed pin and of the site: BibTeX fields are printable ASCII
 * LaTeX with balanced braces and paired `$` (no raw √, θ, ₄), titles have no nested parentheses, entries carry
 * url, urldate, version and the project as author, and no entry names localhost; the entries compile under
 * pdflatex with classic BibTeX (plainnat), when pdflatex is installed; CSL-JSON has the same facts; and
 * CITATION.cff is valid Citation File Format 1.2.0 in its required and typed fields.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figureIds } from '../../src/figure/registry';
import type { Pin } from '../../src/pins/pin';
import { loadAllPins } from '../../src/pins/store';
import { bibtex, checkBibField, cslJson, latexText, siteBibtex, siteCslJson, type CitationTarget } from '../../src/site/formats';
import { PROJECT_VERSION } from '../../src/version';

// js-yaml comes with Astro (no types installed); only `load` is used.
const yamlModule: string = 'js-yaml';
const { load: loadYaml } = (await import(yamlModule)) as { load(text: string): unknown };

const allPins: { figureId: string; id: string; pin: Pin }[] = (
  await Promise.all(figureIds.map(async (figureId) => (await loadAllPins(figureId)).map((p) => ({ figureId, ...p }))))
).flat();

const targets = (figureId: string, id: string): CitationTarget[] => {
  const path = `/pins/${figureId}/${id}/`;
  return [
    { path, date: '2026-12-03' },
    { path, url: `https://overparameterized.example.org${path}`, date: '2026-12-03' },
  ];
};

/** `@misc{key,\n  name = {value},\n…}` → [name, value][] (the formatter writes one field a line). */
function fields(entry: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of entry.split('\n').slice(1, -2)) {
    const m = /^ {2}([a-z]+) *= \{(.*)\},$/.exec(line);
    expect(m, `field line ${JSON.stringify(line)}`).not.toBeNull();
    map.set(m![1], m![2]);
  }
  return map;
}

const maxParenDepth = (s: string) => [...s].reduce(([d, max], c) => (c === '(' ? [d + 1, Math.max(max, d + 1)] : c === ')' ? [d - 1, max] : [d, max]), [0, 0])[1];

describe('LaTeX text for BibTeX', () => {
  it('writes unicode math as math and refuses what it cannot spell', () => {
    expect(latexText('converges like 1/√m')).toBe('converges like 1/$\\sqrt{m}$');
    expect(latexText('error to F₄, lr 10·m/4')).toBe('error to F$_{4}$, lr 10$\\cdot$m/4');
    expect(latexText('scale α, θ²')).toBe('scale $\\alpha$, $\\theta^{2}$');
    expect(latexText('Fang, Dong & Zhang 100% #1 a_b')).toBe('Fang, Dong \\& Zhang 100\\% \\#1 a\\_b');
    expect(() => latexText('passes ✓')).toThrow(/no LaTeX spelling/);
    expect(() => checkBibField('title', 'θ')).toThrow(/ASCII/);
    expect(() => checkBibField('title', '{a')).toThrow(/braces/);
    expect(() => checkBibField('title', '$\\alpha')).toThrow(/\$/);
  });
});

describe('BibTeX and CSL-JSON of every pin', () => {
  it(`are complete, ASCII and brace-balanced (${allPins.length} pins)`, () => {
    expect(allPins.length).toBeGreaterThan(10);
    for (const { figureId, id, pin } of allPins) {
      for (const target of targets(figureId, id)) {
        const entry = bibtex(pin, id, target);
        expect(entry).not.toMatch(/localhost|127\.0\.0\.1/);
        expect(entry).toMatch(/^[\x20-\x7e\n]*$/);
        const f = fields(entry);
        for (const [name, value] of f) checkBibField(name, value);
        expect(f.get('author')).toBe('{Overparameterized, live contributors}');
        expect(f.get('url')).toBe(target.url ?? target.path);
        expect(f.get('urldate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(f.get('version')).toContain(id);
        expect(f.get('note')).toContain('Fang, H. Dong and T. Zhang');
        if (!target.url) expect(f.get('note')).toContain('built without SITE\\_URL');
        expect(maxParenDepth(f.get('title')!), f.get('title')).toBeLessThanOrEqual(1);

        const [item] = JSON.parse(cslJson(pin, id, target));
        expect(item).toMatchObject({ type: 'dataset', author: [{ literal: 'Overparameterized, live contributors' }], URL: target.url ?? target.path });
        expect(item.version).toContain(id);
        expect(item.accessed['date-parts'][0]).toHaveLength(3);
      }
    }
  });

  it('compile under pdflatex with BibTeX', (context) => {
    const has = (cmd: string) => spawnSync('which', [cmd]).status === 0;
    if (!has('pdflatex') || !has('bibtex')) {
      context.skip('pdflatex or bibtex is not installed (apt-get install texlive-latex-base); the ASCII and brace checks above still ran');
    }
    const entries = allPins.flatMap(({ figureId, id, pin }) => targets(figureId, id).slice(0, 1).map((t) => bibtex(pin, id, t)));
    entries.push(siteBibtex({ path: '/', url: 'https://overparameterized.example.org/', date: '2026-12-03' }));
    // One document per 20 entries: plainnat labels same-author same-year entries 2026a…2026z, and BibTeX has no
    // letter after z (a document citing 27 builds of one year would need a numeric style).
    let bbls = '';
    for (let start = 0; start < entries.length; start += 20) bbls += compile(entries.slice(start, start + 20));
    expect(bbls.match(/\\bibitem/g)).toHaveLength(entries.length);
    expect(bbls).toContain('\\sqrt{m}');
  });
});

/** pdflatex, bibtex, pdflatex twice on a document citing `entries`; returns the .bbl. */
function compile(entries: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bibtex-'));
  writeFileSync(join(dir, 'refs.bib'), entries.join('\n'));
  writeFileSync(
    join(dir, 'main.tex'),
    '\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{natbib}\n\\usepackage{url}\n\\begin{document}\n' +
      'Cited.\\nocite{*}\n\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n',
  );
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, `${cmd} failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const latex = ['-interaction=nonstopmode', '-halt-on-error', 'main.tex'];
  run('pdflatex', latex);
  const bib = run('bibtex', ['main']);
  expect(bib).not.toMatch(/error message|I was expecting|Warning--/i);
  run('pdflatex', latex);
  const log = run('pdflatex', latex) + readFileSync(join(dir, 'main.log'), 'utf8');
  expect(log).not.toMatch(/Missing character|Undefined control sequence|Unicode character/);
  expect(existsSync(join(dir, 'main.pdf'))).toBe(true);
  return readFileSync(join(dir, 'main.bbl'), 'utf8');
}

describe('the site as a whole', () => {
  it('has a BibTeX and a CSL-JSON entry', () => {
    for (const target of [{ path: '/', date: '2026-12-03' }, { path: '/', url: 'https://x.example.org/', date: '2026-12-03' }]) {
      const f = fields(siteBibtex(target));
      for (const [name, value] of f) checkBibField(name, value);
      expect(f.get('version')).toBe(PROJECT_VERSION);
      expect(f.get('url')).toBe(target.url ?? '/');
      const [item] = JSON.parse(siteCslJson(target));
      expect(item.URL).toBe(target.url ?? '/');
    }
  });

  it('has a valid CITATION.cff (CFF 1.2.0)', () => {
    const cff = loadYaml(readFileSync('CITATION.cff', 'utf8')) as Record<string, any>;
    // Required keys and types of the CFF 1.2.0 schema (citation-file-format/schema.json).
    expect(cff['cff-version']).toBe('1.2.0');
    for (const key of ['message', 'title']) expect(typeof cff[key]).toBe('string');
    const TOP = ['abstract', 'authors', 'cff-version', 'commit', 'contact', 'date-released', 'doi', 'identifiers', 'keywords', 'license', 'license-url', 'message', 'preferred-citation', 'references', 'repository', 'repository-artifact', 'repository-code', 'title', 'type', 'url', 'version'];
    for (const key of Object.keys(cff)) expect(TOP, `unknown key ${key}`).toContain(key);
    expect(['software', 'dataset']).toContain(cff.type);
    expect(String(cff.version)).toBe(PROJECT_VERSION);
    const person = (a: any) => (typeof a.name === 'string' && a.name.length > 0) || typeof a['family-names'] === 'string';
    expect(cff.authors.length).toBeGreaterThan(0);
    expect(cff.authors.every(person)).toBe(true);
    expect(cff.authors[0].name).not.toMatch(/placeholder|TODO|example/i);
    for (const ref of cff.references ?? []) {
      expect(typeof ref.type).toBe('string');
      expect(typeof ref.title).toBe('string');
      expect(ref.authors.every(person)).toBe(true);
      if (ref.volume !== undefined) expect(Number.isInteger(ref.volume)).toBe(true);
    }
    expect(cff.references.map((r: any) => r.title)).toContain('Mathematical Models of Overparameterized Neural Networks');
  });
});
