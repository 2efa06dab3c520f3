// @ts-check
/**
 * Offline reading: after `astro build`, write `sw.js`, a service worker that precaches every file of the build
 * (pages, pins, scripts, tfjs's wasm, the gzipped MNIST file) under a cache named by the hash of that list, and serves
 * same-origin requests from it. A reader who has loaded the site once can read it and rerun figures offline.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The URL a file is served at: pages as their folder ("/chapters/x/"), everything else as is. */
const urlOf = (/** @type {string} */ path) => `/${path.split(sep).join('/')}`.replace(/(^|\/)index\.html$/, '$1');

export default function offline() {
  return {
    name: 'offline',
    hooks: {
      'astro:build:done': (/** @type {{ dir: URL }} */ { dir }) => {
        const root = fileURLToPath(dir);
        const hash = createHash('sha256');
        const urls = files(root)
          .filter((path) => !path.endsWith(`${sep}sw.js`))
          .sort()
          .map((path) => {
            hash.update(relative(root, path)).update(readFileSync(path));
            return urlOf(relative(root, path));
          });
        const worker = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8')
          .replace('__CACHE__', `site-${hash.digest('hex').slice(0, 16)}`)
          .replace('__URLS__', JSON.stringify(urls));
        writeFileSync(join(root, 'sw.js'), worker);
      },
    },
  };
}
