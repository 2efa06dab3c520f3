// @ts-check
/**
 * The rerun worker runs the page's own chunks (src/runtime/worker.ts), so that the page and the worker load the
 * same files instead of two copies of the figures, Observable Plot and tfjs (Vite builds a `new Worker(new URL(…))`
 * entry as a separate bundle, vitejs/vite#16719). Two things in a page build assume a document, and are fixed here:
 *
 * - `workerSafePreload`: Vite wraps every dynamic import of a page build in its preload helper, which adds
 *   `<link rel=modulepreload>` tags to `document` and reports a failed import on `window`. A worker has neither, so
 *   a figure's import there would throw "document is not defined" (or, on failure, hide the real error behind
 *   "window is not defined"). Patched, the helper preloads only where there is a document and reports on
 *   `globalThis`: the window in a page, the worker's own scope in a worker. If a Vite upgrade changes the helper so
 *   that a patch no longer applies, the build fails here rather than the reruns later.
 * - `libraryChunks`: a module of src/ that a component imports statically would be bundled into the page's entry
 *   chunk, which starts the figures on `document`; the worker, importing that module too, would run the entry. Such
 *   modules get a chunk of their own (today: src/figure/params.ts).
 */
import { basename, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HELPER = '\0vite/preload-helper.js';

/** [what the helper says, what it says instead] */
const PATCHES = [
  ['deps && deps.length > 0)', 'deps && deps.length > 0 && typeof document !== "undefined")'],
  ['window.dispatchEvent(e)', 'globalThis.dispatchEvent(e)'],
];

export function workerSafePreload() {
  return {
    name: 'worker-safe-preload',
    /** @param {string} code @param {string} id */
    transform(code, id) {
      if (id !== HELPER) return;
      for (const [from, to] of PATCHES) {
        if (code.split(from).length !== 2) {
          throw new Error(`worker-safe-preload: Vite's preload helper no longer contains "${from}" exactly once; update src/runtime/shared-chunks.mjs.`);
        }
        code = code.replace(from, to);
      }
      return { code, map: null };
    },
  };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = `${ROOT}src${sep}`;
const COMPONENTS = `${ROOT}components${sep}`;

/** A rolldown `codeSplitting` group: each module of src/ that a component imports statically is its own chunk. */
export const libraryChunks = {
  /** @param {string} id @param {{ getModuleInfo(id: string): { importers: string[] } | null }} context */
  name(id, context) {
    if (!id.startsWith(SRC)) return null;
    const importers = context.getModuleInfo(id)?.importers ?? [];
    return importers.some((importer) => importer.startsWith(COMPONENTS)) ? basename(id).replace(/\.[^.]*$/, '') : null;
  },
};
