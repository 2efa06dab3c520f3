/**
 * How far a GPU backend's rerun lies from wasm's, per agreement rule: the measurement behind each figure's declared
 * `webgl` and `webgpu` tolerances. Serves the built site (`npm run build` first), reruns each configuration from its
 * chapter page in Chromium (software WebGL and WebGPU, test/browser/harness) on wasm and then on each backend given,
 * and prints each rule's largest deviation from the wasm run, which is bitwise with the pin wherever one exists.
 *
 *   npx tsx bench/gpu-deviation.ts '[{"id":"fig2-alpha","params":{"epochs":2}}]' webgpu,webgl
 *
 * Measured with it (Chromium 156, SwiftShader adapter): see the comments above each figure's `agreement`.
 */
import { launchChromium, startPreview } from '../test/browser/harness';
import { loadFigure } from '../src/figure/registry';
import { compareWithPin } from '../src/figure/agreement';
import type { RunRecord } from '../components/figure-island';

const configs: { id: string; params: Record<string, string | number> }[] = JSON.parse(process.argv[2] ?? '[{"id":"fig2-alpha","params":{"m":32,"n":512,"epochs":1}}]');
const backends = ['wasm', ...(process.argv[3] ?? 'webgpu').split(',').filter((b) => b !== 'wasm')];
const preview = await startPreview();
const browser = await launchChromium();
try {
  for (const { id, params } of configs) {
    const figure = await loadFigure(id);
    const runs: Record<string, RunRecord> = {};
    for (const backend of backends) {
      const page = await browser.newPage();
      const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [`${id}.${k}`, String(v)]));
      query.set(`${id}.backend`, backend);
      await page.goto(`${preview.origin}/chapters/${figure.chapter.replace(/^\d+-/, '')}/?${query}`);
      const root = `[data-figure="${id}"]`;
      await page.click(`${root} [data-rerun]`);
      await page.waitForFunction(
        (sel) => ['done', 'error', 'cancelled'].includes(document.querySelector<HTMLElement>(sel)!.dataset.state!),
        root,
        { timeout: 1_800_000, polling: 1000 },
      );
      const record: RunRecord = await page.evaluate((i) => window.liveFigures[i], id);
      console.log(`${id} ${JSON.stringify(params)} on ${backend}: ${record.state} on ${record.backend} in ${record.seconds?.toFixed(1)} s` +
        `${record.notes?.length ? `; ${record.notes.join('; ')}` : ''}${record.error ? `; ${record.error}` : ''}`);
      runs[backend] = record;
      await page.close();
    }
    const reference = runs.wasm.execution?.series;
    for (const backend of backends.slice(1)) {
      const run = runs[backend].execution?.series;
      if (!reference || !run) continue;
      const agreement = compareWithPin(figure, runs[backend].backend!, run, reference);
      console.log(`  ${backend} against wasm: ${agreement.verdict}${agreement.reason ? ` (${agreement.reason})` : ''}`);
      for (const r of agreement.rules) {
        console.log(`    ${r.series.join(', ')}: ${r.measure} ${r.deviation.toExponential(2)} (tolerance ${r.tolerance})${r.worst ? ` at ${r.worst}` : ''}`);
      }
    }
  }
} finally {
  await browser.close();
  preview.stop();
}
