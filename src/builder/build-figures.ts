/**
 * The Node builder: `npm run figures [-- <figure id> ...]`.
 *
 * Runs each figure at its defaults and at each named variant on the `wasm` backend, checks its claims, and writes
 * a pin for each run; a default run whose claims fail is reported and not published (a variant's claims are
 * recorded in its pin but need not hold: see `variants` in src/figure/contract.ts). If the current
 * pin was made by the same code, parameters and versions and has the same series, it is kept as it is.
 */
import { compareWithPin } from '../figure/agreement';
import { evaluateClaims } from '../figure/claims';
import type { FigureDefinition } from '../figure/contract';
import { execute } from '../figure/execute';
import { defaults, sameParams } from '../figure/params';
import { figureIds, loadFigure } from '../figure/registry';
import { PIN_FORMAT, type Pin } from '../pins/pin';
import { loadPin, readLock, savePayload, savePin, writeLock, type Lock } from '../pins/store';
import { sameEntries } from '../pins/payloads';
import { artifactPinsOf, dependencyOrder } from './dependencies';
import { nodeData } from '../runtime/node-data';
import { nodeTf } from '../runtime/node-tf';
import { PROJECT_VERSION } from '../version';
import { codeHash } from './code-hash';
import { partPool, type PartPool } from './part-pool';

export function variantsOf(figure: FigureDefinition<any>): [string, Record<string, unknown>][] {
  return [['default', defaults(figure.params)], ...Object.entries(figure.variants ?? {}).map(
    ([name, v]): [string, Record<string, unknown>] => [name, { ...defaults(figure.params), ...v }],
  )];
}

async function buildFigure(figure: FigureDefinition<any>, lock: Lock, pool: PartPool) {
  const tf = await nodeTf('wasm');
  const hash = await codeHash(figure.id);
  const artifacts = artifactPinsOf(figure, lock);
  let failed = false;
  for (const [variant, params] of variantsOf(figure)) {
    const label = `${figure.id} (${variant})`;
    let lastReport = 0;
    const execution = await execute(figure, params, {
      tf,
      data: nodeData,
      artifacts,
      ...(figure.sweep && { runPart: pool.runner(figure.id, artifacts), concurrency: pool.size }),
      onProgress: (p) => {
        if (Date.now() - lastReport > 2000 || p.done === p.total) {
          lastReport = Date.now();
          console.log(`  ${label}: ${p.done}/${p.total} ${p.stage}`);
        }
      },
    });
    const claims = evaluateClaims(figure, execution.series, execution.params);
    for (const c of claims) console.log(`  ${c.pass ? 'PASS' : 'FAIL'} ${c.id}: ${c.detail}`);
    if (execution.tensorsAfter !== execution.tensorsBefore) {
      console.error(`  ${label} leaked ${execution.tensorsAfter - execution.tensorsBefore} tensors; not published.`);
      failed = true;
      continue;
    }
    if (variant === 'default' && claims.some((c) => !c.pass)) {
      console.error(`  ${label}: claims fail; the pin is not published.`);
      failed = true;
      continue;
    }
    const payloads = await Promise.all(
      Object.entries(execution.payloads ?? {}).map(([name, { values, shape }]) => savePayload(figure.id, name, values, shape)),
    );
    const pin: Pin = {
      manifest: {
        format: PIN_FORMAT,
        figure: { id: figure.id, version: figure.version, title: figure.title, reproduces: figure.reproduces, chapter: figure.chapter },
        variant,
        params: execution.params,
        seeds: figure.seeds,
        datasets: execution.datasets,
        backend: execution.backend,
        versions: { project: PROJECT_VERSION, tfjs: tf.version_core, runtime: `node ${process.version}` },
        codeHash: hash,
        createdAt: new Date().toISOString(),
        seconds: Math.round(execution.seconds * 10) / 10,
        claims,
        ...(payloads.length && { payloads }),
        ...(execution.artifacts && { artifacts: execution.artifacts }),
      },
      series: execution.series,
    };
    const currentId = lock[figure.id]?.[variant];
    if (currentId) {
      const current = await loadPin(figure.id, currentId).catch(() => undefined);
      const m = current?.manifest;
      if (
        current && m && m.codeHash === hash && m.backend === pin.manifest.backend && m.figure.version === figure.version &&
        m.versions.tfjs === pin.manifest.versions.tfjs && m.versions.project === PROJECT_VERSION &&
        sameParams(m.params, pin.manifest.params) &&
        sameEntries(m.payloads, pin.manifest.payloads) && sameEntries(m.artifacts, pin.manifest.artifacts) &&
        compareWithPin(figure, pin.manifest.backend, pin.series, current.series).verdict === 'bitwise'
      ) {
        console.log(`  ${label}: reproduces its current pin ${currentId} bit for bit; kept (${execution.seconds.toFixed(1)} s).`);
        continue;
      }
    }
    const id = await savePin(pin);
    (lock[figure.id] ??= {})[variant] = id;
    console.log(`  ${label}: new pin ${id} (${execution.seconds.toFixed(1)} s).`);
  }
  return !failed;
}

async function main(ids: string[]) {
  const unknown = ids.filter((id) => !figureIds.includes(id));
  if (unknown.length) throw new Error(`Unknown figure(s): ${unknown.join(', ')}. Known: ${figureIds.join(', ')}.`);
  const lock = await readLock();
  const pool = partPool();
  let ok = true;
  try {
    const figures = dependencyOrder(await Promise.all((ids.length ? ids : figureIds).map(loadFigure)));
    for (const figure of figures) {
      const { id } = figure;
      console.log(`Building ${id} on wasm (${pool.size} worker threads for sweeps)…`);
      const started = performance.now();
      ok = (await buildFigure(figure, lock, pool)) && ok;
      console.log(`  ${id}: ${((performance.now() - started) / 1000).toFixed(1)} s in all.`);
      // Re-read the lock and change only this figure's entry, so that builds of other figures meanwhile survive.
      const latest = await readLock();
      if (lock[id]) latest[id] = lock[id];
      await writeLock(latest);
    }
  } finally {
    await pool.close();
  }
  if (!ok) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
