// @ts-check
/**
 * Site search: after `astro build`, index the built chapters with Pagefind (its binary comes from the npm registry
 * as `@pagefind/<platform>`) and write the index and Pagefind's own UI to `dist/pagefind/`, served from the site's
 * origin. Only chapter text is indexed (`data-pagefind-body`); figure data tables and citations are left out.
 * Listed before the offline integration, so the service worker precaches the index too.
 */
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

export default function search() {
  return {
    name: 'pagefind-search',
    hooks: {
      'astro:build:done': async (/** @type {{ dir: URL, logger: { info(m: string): void } }} */ { dir, logger }) => {
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: fileURLToPath(dir) });
        if (added.errors.length) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: fileURLToPath(new URL('pagefind/', dir)) });
        if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`search: indexed ${added.page_count} pages into pagefind/`);
      },
    },
  };
}
