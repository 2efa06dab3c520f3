// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import offline from './src/offline/integration.mjs';
import { libraryChunks, workerSafePreload } from './src/runtime/shared-chunks.mjs';

// KaTeX renders at build time; `throwOnError` turns a bad formula into a failed build.
const katexOptions = { throwOnError: true, strict: 'error', trust: false };

export default defineConfig({
  // Absolute permalinks in citations use SITE_URL when the site is deployed; otherwise links stay relative.
  site: process.env.SITE_URL,
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, katexOptions]],
    }),
  },
  integrations: [mdx(), offline()],
  vite: {
    // The rerun worker is a module worker that runs the page's own chunks (src/runtime/worker.ts), not a separate
    // Vite worker bundle; src/runtime/shared-chunks.mjs keeps those chunks runnable without a document.
    plugins: [workerSafePreload()],
    build: { rolldownOptions: { output: { codeSplitting: { groups: [libraryChunks] } } } },
    environments: { prerender: { resolve: { noExternal: [/^@tensorflow\//] } } },
  },
});
