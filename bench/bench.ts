/**
 * `npm run bench [-- <figure id> ...]`: what training costs here, in one run on one machine.
 *  1. Figure 2's SGD step (m = 256, d = 196, batch 128, k = 10) on Node's wasm and cpu backends: ms, GFLOP/s, and
 *     the ratio to the same backend's own 512^3 matMul rate, measured in the same run; and on wasm, ms per kernel.
 *  2. One row per figure: its default pin's build time in Node (sweep parts on worker threads, as `npm run figures`
 *     runs them), and its default rerun in headless Chromium on wasm, from pressing Rerun to the verdict, as a
 *     reader waits for it. With `--gpu`, also the quick variant's rerun on WebGL and WebGPU (software-emulated here:
 *     SwiftShader, so slow and only a correctness check; `auto` picks wasm on such a machine).
 *  3. The per-step times in Chromium (the /bench/ page) on every backend it offers.
 *  4. Bytes each chapter page loads before Rerun, and the bytes its first Rerun adds (as transferred and decoded;
 *     scripts also gzipped), each URL counted once.
 * Prints the tables and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { execute } from '../src/figure/execute';
import { defaults } from '../src/figure/params';
import { figureIds, loadFigure } from '../src/figure/registry';
import { partPool } from '../src/builder/part-pool';
import { nodeData } from '../src/runtime/node-data';
import { nodeTf } from '../src/runtime/node-tf';
import { matMulGflops, msPerStep, STEP_FLOP, stepProfile } from '../src/runtime/step-benchmark';
import { buildSite, launchChromium, startPreview } from '../test/browser/harness';
import type { RunRecord } from '../components/figure-island';

const args = process.argv.slice(2);
const gpu = args.includes('--gpu');
const ids = args.filter((a) => !a.startsWith('--'));
const chosen = ids.length ? ids : figureIds;
const round = (v: number, digits = 2) => Number(v.toFixed(digits));

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`,
  node: process.version,
};

// 1. The step, against the backend's own matMul rate.
const steps: Record<string, unknown>[] = [];
for (const backend of ['wasm', 'cpu'] as const) {
  const tf = await nodeTf(backend);
  const ms = await msPerStep(tf, 10, 100);
  const matMul = await matMulGflops(tf);
  const gflops = STEP_FLOP / (ms * 1e6);
  steps.push({ backend: `node ${backend}`, 'ms/step': round(ms, 3), 'GFLOP/s': round(gflops), 'matMul 512^3 GFLOP/s': round(matMul, 1), ratio: round(gflops / matMul, 3) });
}
const profile = (await stepProfile(await nodeTf('wasm'))).map((k) => ({ kernel: k.kernel, 'ms/step': round(k.ms, 3), calls: k.calls }));
results.step = { flopPerStep: STEP_FLOP, rows: steps, wasmKernels: profile };

// 2a. Pin build times in Node.
const figures: Record<string, unknown>[] = [];
const pool = partPool();
try {
  const tf = await nodeTf('wasm');
  for (const id of chosen) {
    const figure = await loadFigure(id);
    const run = await execute(figure, defaults(figure.params), {
      tf,
      data: nodeData,
      ...(figure.sweep && { runPart: pool.runner(id), concurrency: pool.size }),
    });
    figures.push({ figure: id, kind: figure.sweep ? `sweep of ${figure.sweep.parts(defaults(figure.params) as never).length}` : 'one run', 'node build s': round(run.seconds, 1) });
    console.log(`node ${id}: ${run.seconds.toFixed(1)} s`);
  }
} finally {
  await pool.close();
}

/** Press Rerun on a chapter page (parameters from the URL) and wait for the verdict: wall seconds and the record. */
async function rerun(browser: Browser, origin: string, id: string, backend: string, query = ''): Promise<{ seconds: number; record: RunRecord }> {
  const figure = await loadFigure(id);
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/chapters/${figure.chapter.replace(/^\d+-/, '')}/${query}`);
    const root = `[data-figure="${id}"]`;
    await page.selectOption(`${root} [data-backend]`, backend);
    const started = Date.now();
    await page.click(`${root} [data-rerun]`);
    await page.waitForFunction(
      (sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)!.dataset.state!),
      root,
      { timeout: 1_800_000, polling: 200 },
    );
    const record = await page.evaluate((fid) => window.liveFigures[fid], id);
    return { seconds: (Date.now() - started) / 1000, record };
  } finally {
    await page.close();
  }
}

const quickQuery = (id: string, quick: Record<string, unknown>) =>
  `?${new URLSearchParams(Object.entries(quick).map(([k, v]) => [`${id}.${k}`, String(v)])).toString()}`;

buildSite();
const preview = await startPreview();
const browser = await launchChromium();
try {
  // 2b. Default reruns in Chromium.
  for (const row of figures) {
    const id = row.figure as string;
    const { seconds, record } = await rerun(browser, preview.origin, id, 'wasm');
    row['chromium wasm rerun s'] = round(seconds, 1);
    row.verdict = record.agreement?.verdict ?? record.error ?? record.state;
    console.log(`chromium ${id} on wasm: ${seconds.toFixed(1)} s, ${row.verdict}`);
    const quick = (await loadFigure(id)).variants?.quick;
    if (gpu && quick) {
      for (const backend of ['webgl', 'webgpu']) {
        const q = await rerun(browser, preview.origin, id, backend, quickQuery(id, quick));
        row[`chromium ${backend} quick s`] = round(q.seconds, 1);
        row[`${backend} backend`] = q.record.backend;
      }
    }
  }
  results.figures = figures;

  // 3. Per-step times in the browser.
  const page = await browser.newPage();
  await page.goto(`${preview.origin}/bench/`);
  await page.click('[data-measure]');
  await page.waitForFunction(() => document.body.dataset.bench, undefined, { timeout: 600_000 });
  results.browserStep = JSON.parse((await page.evaluate(() => document.body.dataset.bench))!);

  // 4. Page weight per chapter with figures: everything loaded before Rerun, and what the first Rerun adds.
  const weights: Record<string, unknown>[] = [];
  const chapters = [...new Set(await Promise.all(figureIds.map(async (id) => (await loadFigure(id)).chapter)))];
  for (const chapter of chapters) {
    const first = (await Promise.all(figureIds.map(loadFigure))).find((f) => f.chapter === chapter)!;
    // Without the service worker, which would serve the rerun's files from its cache (0 bytes on the wire) and
    // fetch the whole site in the background on the first visit.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const tab = await context.newPage();
    // One entry per URL: the rerun worker runs the page's own chunks, so a file both load is counted once (and a
    // worker's request is reported twice). `wire` is the body as transferred (compressed where the server did).
    const seen = new Map<string, { raw: number; wire: number; gzip: number; script: boolean; after: boolean }>();
    let after = false;
    tab.on('response', async (response) => {
      if (seen.has(response.url())) return;
      const when = after;
      const body = await response.body().catch(() => undefined);
      if (!body || seen.has(response.url())) return;
      const wire = (await response.request().sizes().catch(() => ({ responseBodySize: body.length }))).responseBodySize;
      const script = /javascript/.test(response.headers()['content-type'] ?? '');
      seen.set(response.url(), { raw: body.length, wire, gzip: gzipSync(body).length, script, after: when });
    });
    await tab.goto(`${preview.origin}/chapters/${chapter.replace(/^\d+-/, '')}/`, { waitUntil: 'networkidle' });
    after = true;
    const root = `[data-figure="${first.id}"]`;
    await tab.selectOption(`${root} [data-backend]`, 'wasm');
    await tab.click(`${root} [data-rerun]`);
    // Everything a rerun fetches is fetched at its start (tfjs, wasm, data); the run itself is not awaited.
    await tab.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)!.dataset.state !== 'pinned', root);
    await tab.waitForLoadState('networkidle');
    await tab.waitForTimeout(3000);
    const entries = [...seen.values()];
    const kb = (n: number) => round(n / 1024, 1);
    const sum = (a: boolean, key: 'raw' | 'wire' | 'gzip', scriptsOnly = false) =>
      kb(entries.filter((e) => e.after === a && (!scriptsOnly || e.script)).reduce((t, e) => t + e[key], 0));
    weights.push({
      chapter,
      'before Rerun KB (wire / decoded)': `${sum(false, 'wire')} / ${sum(false, 'raw')}`,
      'scripts before KB (raw / gzip)': `${sum(false, 'raw', true)} / ${sum(false, 'gzip', true)}`,
      'added by Rerun KB (wire / decoded)': `${sum(true, 'wire')} / ${sum(true, 'raw')}`,
      'scripts added KB (raw / gzip)': `${sum(true, 'raw', true)} / ${sum(true, 'gzip', true)}`,
    });
    await context.close();
  }
  results.pageWeight = weights;
} finally {
  await browser.close();
  preview.stop();
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);

function table(rows: Record<string, unknown>[]) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k] ?? '').length)));
  console.log(keys.map((k, i) => k.padEnd(width[i])).join('  '));
  for (const r of rows) console.log(keys.map((k, i) => String(r[k] ?? '').padEnd(width[i])).join('  '));
  console.log();
}
console.log(`\n${results.machine}, ${results.node}; Figure 2's step is ${(STEP_FLOP / 1e6).toFixed(1)} MFLOP\n`);
table(steps);
console.log('Node wasm, per kernel in one step (tfjs profiler):');
table(profile);
table(figures);
console.log(`Chromium per-step ms: ${JSON.stringify(results.browserStep)}\n`);
table(results.pageWeight as Record<string, unknown>[]);
