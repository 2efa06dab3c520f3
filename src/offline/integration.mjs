// @ts-check
/**
 * Offline reading: after `astro build`, write `sw.js`, a service worker that precaches the shell of the site (every
 * chapter and index page, the stylesheet, the scripts those pages load and what they import statically, and the
 * woff2 fonts the stylesheet names) under a cache named by the hash of the whole build, and serves same-origin
 * requests from it. Everything else (tfjs and its wasm binaries, the gzipped MNIST file, pin permalink pages and
 * downloads, the payloads of learned artifacts, the woff/ttf fonts no current browser asks for) is cached the first
 * time it is fetched, i.e. on the first Rerun: a reader who has loaded a chapter once can read the site offline,
 * and one who has rerun a figure can rerun it offline.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/** The URL a file is served at: pages as their folder ("/chapters/x/"), everything else as is. */
const urlOf = (/** @type {string} */ path) => `/${path.split(sep).join('/')}`.replace(/(^|\/)index\.html$/, '$1');

/** A pin's permalink page (`/pins/<figure>/<sha256>/`): cached when visited, not up front. */
const isPinPage = (/** @type {string} */ url) => /^\/pins\/[^/]+\/[0-9a-f]{64}\/$/.test(url);

/** Static imports of a built module (`import … from "./x.js"`, `import "./x.js"`, `export … from`), not `import()`. */
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["'`](\.\.?\/[^"'`]+)["'`]/g;

/**
 * The precache list: shell pages, and the closure of the stylesheets, scripts and woff2 fonts they reference.
 * @param {string} root the build folder
 * @returns {string[]} URLs, sorted
 */
export function shellUrls(root) {
  const all = files(root).map((path) => relative(root, path));
  const pages = all.filter((p) => p.endsWith('.html')).map(urlOf).filter((url) => !isPinPage(url));
  const assets = new Set();
  /** @param {string} url */
  const add = (url) => {
    if (assets.has(url)) return;
    assets.add(url);
    /** @param {string} ref */
    const resolve = (ref) => (ref.startsWith('/') ? ref : posix.join(posix.dirname(url), ref));
    if (url.endsWith('.js')) {
      for (const m of readFileSync(join(root, url), 'utf8').matchAll(STATIC_IMPORT)) add(resolve(m[1]));
    } else if (url.endsWith('.css')) {
      for (const m of readFileSync(join(root, url), 'utf8').matchAll(/url\(\s*["']?([^"')?#]+\.woff2)/g)) add(resolve(m[1]));
    }
  };
  for (const page of pages) {
    const html = readFileSync(join(root, page.endsWith('/') ? `${page}index.html` : page), 'utf8');
    for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="(\/_astro\/[^"]+\.(?:js|css))"/g)) add(m[1]);
  }
  return [...pages, ...assets].sort();
}

export default function offline() {
  return {
    name: 'offline',
    hooks: {
      'astro:build:done': (/** @type {{ dir: URL }} */ { dir }) => {
        const root = fileURLToPath(dir);
        const hash = createHash('sha256');
        for (const path of files(root).filter((p) => !p.endsWith(`${sep}sw.js`))) {
          hash.update(relative(root, path).split(sep).join('/')).update('\0').update(readFileSync(path));
        }
        const worker = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8')
          .replace('__CACHE__', `site-${hash.digest('hex').slice(0, 16)}`)
          .replace('__URLS__', JSON.stringify(shellUrls(root)));
        writeFileSync(join(root, 'sw.js'), worker);
      },
    },
  };
}
