// @ts-check
/**
 * A Content-Security-Policy on every page, as a `<meta http-equiv>` right after `<meta charset>`: after
 * `astro build`, each page gets a policy that allows this origin and, by SHA-256, exactly the inline scripts and
 * `<style>` elements that page holds (the theme script, Astro's inlined module script, Observable Plot's style
 * element in each chart). `'wasm-unsafe-eval'` lets tfjs compile its wasm backend; style attributes (KaTeX and
 * Plot position glyphs with them) are allowed by `style-src-attr 'unsafe-inline'`, which cannot run code. No
 * `unsafe-eval`, no other origin.
 *
 * Astro's own `security.csp` hashes only the scripts and styles it bundles, so Plot's inline `<style>` and the
 * `is:inline` theme script would need hand-kept hashes; hashing the built pages is exact by construction.
 * Runs before the offline integration, whose cache name hashes the pages as rewritten here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {string} dir @returns {string[]} */
function pages(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? pages(path) : path.endsWith('.html') ? [path] : [];
    });
}

const sha256 = (/** @type {string} */ text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Script types a browser executes (a `type="application/json"` data block is not a script to CSP). */
const EXECUTABLE = /^(?:|module|text\/javascript|application\/javascript)$/i;

/** @param {string} html @returns {string} the policy for this page */
export function policyFor(html) {
  const scripts = new Set();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1];
    if (/\bsrc\s*=/.test(attrs)) continue;
    const type = /\btype\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? '';
    if (EXECUTABLE.test(type.trim())) scripts.add(sha256(m[2]));
  }
  const styles = new Set();
  for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) styles.add(sha256(m[1]));
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...[...scripts].sort()].join(' '),
    ["style-src 'self'", ...[...styles].sort()].join(' '),
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    // Vite inlines fonts under 4 KB (KaTeX_Size3) into the stylesheet as data: URLs.
    "font-src 'self' data:",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

const CHARSET = /<meta charset="utf-8"\s*\/?>/i;

export default function csp() {
  return {
    name: 'csp',
    hooks: {
      'astro:build:done': (/** @type {{ dir: URL }} */ { dir }) => {
        for (const path of pages(fileURLToPath(dir))) {
          const html = readFileSync(path, 'utf8');
          if (!CHARSET.test(html)) throw new Error(`csp: ${path} has no <meta charset="utf-8"> to put the policy after.`);
          if (/http-equiv="content-security-policy"/i.test(html)) throw new Error(`csp: ${path} already has a policy.`);
          const meta = `<meta http-equiv="content-security-policy" content="${policyFor(html)}">`;
          writeFileSync(path, html.replace(CHARSET, (charset) => charset + meta));
        }
      },
    },
  };
}
