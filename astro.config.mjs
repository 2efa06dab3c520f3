// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import sitemap from '@astrojs/sitemap';
import rehypeMathScroll from './src/site/rehype-math-scroll.mjs';
import search from './src/site/pagefind.mjs';
import offline from './src/offline/integration.mjs';
import csp from './src/site/csp.mjs';
import { libraryChunks, workerSafePreload } from './src/runtime/shared-chunks.mjs';

// KaTeX renders at build time; `throwOnError` turns a bad formula into a failed build.
const katexOptions = { throwOnError: true, strict: 'error', trust: false };

export default defineConfig({
  // The site's address, set only here, from the environment (README: "Deploying"). Citations and permalinks use it;
  // without it no page names a host: links stay relative and citations give the permalink's path (src/site/site-url.ts).
  site: process.env.SITE_URL || undefined,
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, katexOptions], rehypeMathScroll],
    }),
  },
  // Order matters: search() indexes the built pages, csp() rewrites them, then offline() hashes the build into its
  // cache name. A sitemap needs absolute URLs: without SITE_URL there is none, rather than one full of localhost
  // addresses.
  integrations: [mdx(), search(), csp(), offline(), ...(process.env.SITE_URL ? [sitemap()] : [])],
  vite: {
    // The rerun worker is a module worker that runs the page's own chunks (src/runtime/worker.ts), not a separate
    // Vite worker bundle; src/runtime/shared-chunks.mjs keeps those chunks runnable without a document.
    plugins: [workerSafePreload()],
    build: { rolldownOptions: { output: { codeSplitting: { groups: [libraryChunks] } } } },
    environments: { prerender: { resolve: { noExternal: [/^@tensorflow\//] } } },
  },
});
