/**
 * `npm run bench`: what Figure 2 costs, measured here.
 *  - ms per SGD step of its network on each backend: Node wasm and cpu; Chromium wasm, WebGL and cpu (the /bench/ page);
 *  - how long its pin takes to build (the Node builder's run at the defaults, sweep parts on worker threads), and
 *    for every figure the build time its current pin recorded when `npm run figures` made it;
 *  - page weight of the chapter that shows it: JavaScript before and after pressing Rerun, raw and gzipped, each
 *    file once, and the bytes of MNIST on the wire.
 * Prints a table and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execute } from '../src/figure/execute';
import { defaults } from '../src/figure/params';
import { loadFigure } from '../src/figure/registry';
import { partPool } from '../src/builder/part-pool';
import { loadPin, readLock } from '../src/pins/store';
import { nodeData } from '../src/runtime/node-data';
import { nodeTf } from '../src/runtime/node-tf';
import { msPerStep } from '../src/runtime/step-benchmark';
import { buildSite, launchChromium, startPreview } from '../test/browser/harness';

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

for (const backend of ['wasm', 'cpu'] as const) {
  const tf = await nodeTf(backend);
  results[`node ${backend} ms/step`] = await msPerStep(tf);
}

const figure = await loadFigure('fig2-alpha');
const pool = partPool();
const tf = await nodeTf('wasm');
const built = await execute(figure, defaults(figure.params), {
  tf,
  data: nodeData,
  runPart: pool.runner(figure.id),
  concurrency: pool.size,
});
await pool.close();
results['fig2 pin build s (worker threads)'] = Number(built.seconds.toFixed(1));
for (const [id, { default: pinId }] of Object.entries(await readLock())) {
  results[`${id} pin build s (as recorded in its pin)`] = (await loadPin(id, pinId)).manifest.seconds;
}

buildSite();
const preview = await startPreview();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${preview.origin}/bench/`);
  await page.click('[data-measure]');
  await page.waitForFunction(() => document.body.dataset.bench, undefined, { timeout: 300_000 });
  const inBrowser = JSON.parse((await page.evaluate(() => document.body.dataset.bench))!) as Record<string, number | string>;
  for (const [backend, ms] of Object.entries(inBrowser)) results[`chromium ${backend} ms/step`] = ms;

  const chapter = await browser.newPage();
  // One entry per URL: the rerun worker runs the page's own chunks, so a file the page and the worker both load is
  // counted once (and a worker's request is reported twice here).
  const scripts = new Map<string, { raw: number; gzip: number; afterRerun: boolean }>();
  let rerunPressed = false;
  let mnistWire = 0;
  chapter.on('response', async (response) => {
    if (response.url().includes('mnist-10k')) {
      mnistWire = Math.max(mnistWire, (await response.request().sizes().catch(() => ({ responseBodySize: 0 }))).responseBodySize);
    }
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript/.test(type) || scripts.has(response.url())) return;
    const afterRerun = rerunPressed;
    const body = await response.body().catch(() => undefined);
    if (body && !scripts.has(response.url())) scripts.set(response.url(), { raw: body.length, gzip: gzipSync(body).length, afterRerun });
  });
  await chapter.goto(`${preview.origin}/chapters/two-layer-networks/`, { waitUntil: 'networkidle' });
  rerunPressed = true;
  const started = Date.now();
  await chapter.click('[data-figure="fig2-alpha"] [data-rerun]');
  await chapter.waitForFunction(() => document.querySelector<HTMLElement>('[data-figure]')!.dataset.state === 'done', undefined, {
    timeout: 600_000,
  });
  results['chromium fig2 default rerun s (auto backend)'] = Number(((Date.now() - started) / 1000).toFixed(1));
  results['chromium fig2 rerun backend'] = await chapter.evaluate(() => window.liveFigures['fig2-alpha'].backend);
  const kb = (n: number) => Number((n / 1024).toFixed(1));
  const sum = (after: boolean, key: 'raw' | 'gzip') => [...scripts.values()].filter((s) => s.afterRerun === after).reduce((a, s) => a + s[key], 0);
  results['chapter JS before Rerun KB (raw / gzip)'] = `${kb(sum(false, 'raw'))} / ${kb(sum(false, 'gzip'))}`;
  results['JS loaded by Rerun KB (raw / gzip)'] = `${kb(sum(true, 'raw'))} / ${kb(sum(true, 'gzip'))}`;
  results['MNIST over the wire KB'] = kb(mnistWire);
} finally {
  await browser.close();
  preview.stop();
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${typeof v === 'number' ? v.toFixed(v < 10 ? 2 : 1) : v}`);
