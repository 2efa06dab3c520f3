/**
 * Reruns every current pin (each figure's default and its variants, as figures/lock.json names them) in Node on
 * `wasm` from the pin's own manifest parameters, sweep parts on worker threads as the builder runs them, and
 * compares with the pin bit for bit. Writes nothing: one JSON line per pin on stdout, for
 * test/node/pins-reproduce.test.ts (`tsx src/builder/reproduce-pins.ts [figure id ...]`).
 */
import { compareWithPin } from '../figure/agreement';
import { evaluateClaims } from '../figure/claims';
import { execute } from '../figure/execute';
import { figureIds, loadFigure } from '../figure/registry';
import { loadPin, readLock } from '../pins/store';
import { nodeData } from '../runtime/node-data';
import { nodeTf } from '../runtime/node-tf';
import { payloadRecord, sameEntries } from '../pins/payloads';
import { codeHash } from './code-hash';
import { partPool } from './part-pool';

export interface Reproduction {
  figureId: string;
  variant: string;
  pinId: string;
  verdict: string;
  reason?: string;
  sameCode: boolean;
  claimsPass: boolean;
  /** An artifact's pin: every payload of the rerun has the pinned SHA-256 (true for a pin without payloads). */
  payloadsMatch: boolean;
  leaked: number;
  seconds: number;
}

async function main(ids: string[]) {
  const lock = await readLock();
  const tf = await nodeTf('wasm');
  const pool = partPool();
  try {
    for (const id of ids.length ? ids : figureIds) {
      const figure = await loadFigure(id);
      const hash = await codeHash(id);
      for (const [variant, pinId] of Object.entries(lock[id] ?? {})) {
        const pin = await loadPin(id, pinId);
        // The artifacts the pin names, not the current ones: a pin is reproduced from what it consumed.
        const artifacts = Object.fromEntries((pin.manifest.artifacts ?? []).map((a) => [a.id, a.pin]));
        const run = await execute(figure, pin.manifest.params, {
          tf,
          data: nodeData,
          artifacts,
          ...(figure.sweep && { runPart: pool.runner(id, artifacts), concurrency: pool.size }),
        });
        const payloads = await Promise.all(Object.entries(run.payloads ?? {}).map(([name, p]) => payloadRecord(name, p.values, p.shape)));
        const agreement = compareWithPin(figure, run.backend, run.series, pin.series);
        const line: Reproduction = {
          figureId: id,
          variant,
          pinId,
          verdict: agreement.verdict,
          ...(agreement.reason && { reason: agreement.reason }),
          sameCode: pin.manifest.codeHash === hash,
          claimsPass: evaluateClaims(figure, run.series, run.params).every((c) => c.pass),
          payloadsMatch: sameEntries(payloads, pin.manifest.payloads),
          leaked: run.tensorsAfter - run.tensorsBefore,
          seconds: Math.round(run.seconds * 10) / 10,
        };
        console.log(JSON.stringify(line));
      }
    }
  } finally {
    await pool.close();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
