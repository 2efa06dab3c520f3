/**
 * Node agreement for Figure 2 (DESIGN.md, "verification", level 1): the current default pin named by
 * figures/lock.json is rerun from its own manifest parameters on tfjs's wasm backend in Node, and must reproduce
 * the pinned series bit for bit, satisfy its claims, leak no tensors, and name the data it was made from.
 * Then two cheap runs: cancellation mid-run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import fig2 from '../../figures/fig2-alpha/figure';
import { CancelledError, DivergedError, type Series } from '../../src/figure/contract';
import { evaluateClaims } from '../../src/figure/claims';
import { execute, type Execution } from '../../src/figure/execute';
import { loadPin, readLock } from '../../src/pins/store';
import type { Pin } from '../../src/pins/pin';
import { nodeTf } from '../../src/runtime/node-tf';
import { nodeData } from '../../src/runtime/node-data';
import { MNIST_SHA256 } from '../../src/data/mnist/identity';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('wasm');
});

/** The first point where two series sets differ (Object.is on every value), or null when bitwise equal. */
function firstDifference(run: Series, pin: Series): string | null {
  const names = [...new Set([...Object.keys(pin), ...Object.keys(run)])].sort();
  for (const name of names) {
    const a = run[name];
    const b = pin[name];
    if (!a || !b) return `series "${name}" is ${a ? 'not in the pin' : 'missing from the rerun'}`;
    if (a.length !== b.length) return `series "${name}" has ${a.length} values in the rerun, ${b.length} in the pin`;
    for (let i = 0; i < b.length; i++) {
      if (!Object.is(a[i], b[i])) return `series "${name}" at index ${i}: rerun ${a[i]}, pin ${b[i]}`;
    }
  }
  return null;
}

describe('the current default pin of fig2-alpha', () => {
  let pin: Pin;
  let run: Execution;

  beforeAll(async () => {
    const lock = await readLock();
    const id = lock[fig2.id]?.default;
    if (!id) throw new Error(`figures/lock.json names no default pin for ${fig2.id}: run npm run figures`);
    pin = await loadPin(fig2.id, id);
    run = await execute(fig2, pin.manifest.params, { tf, data: nodeData });
  }, 300_000);

  it('was made on wasm from the project MNIST file', () => {
    expect(pin.manifest.backend).toBe('wasm');
    expect(pin.manifest.variant).toBe('default');
    expect(pin.manifest.figure.id).toBe(fig2.id);
    expect(pin.manifest.figure.version).toBe(fig2.version);
    expect(pin.manifest.datasets.length).toBeGreaterThan(0);
    expect(pin.manifest.datasets[0].sha256).toBe(MNIST_SHA256);
  });

  it('the rerun used the same backend, parameters and data', () => {
    expect(run.backend).toBe('wasm');
    expect(run.params).toEqual(pin.manifest.params);
    expect(run.datasets).toEqual(pin.manifest.datasets);
  });

  it('the rerun reproduces the pinned series bit for bit', () => {
    const difference = firstDifference(run.series, pin.series);
    expect(difference, `rerun on wasm differs from the pin: ${difference}`).toBeNull();
  });

  it('the pin\'s claims all pass, and pass again on the rerun', () => {
    expect(pin.manifest.claims.map((c) => c.id).sort()).toEqual(fig2.claims.map((c) => c.id).sort());
    for (const claim of pin.manifest.claims) expect(claim.pass, `${claim.id}: ${claim.detail}`).toBe(true);
    const again = evaluateClaims(fig2, run.series, run.params);
    for (const claim of again) expect(claim.pass, `${claim.id} on the rerun: ${claim.detail}`).toBe(true);
  });

  it('the run leaked no tensors', () => {
    expect(run.tensorsAfter).toBe(run.tensorsBefore);
  });
});

describe('cancellation', () => {
  const quick = { m: 16, n: 256, epochs: 3 };

  async function cancelAfterFirstReport() {
    const controller = new AbortController();
    let reports = 0;
    const before = tf.memory().numTensors;
    const outcome = await execute(fig2, quick, {
      tf,
      data: nodeData,
      signal: controller.signal,
      onProgress: () => {
        reports++;
        controller.abort();
      },
    }).then(
      () => null,
      (error: unknown) => error,
    );
    return { outcome, reports, leaked: tf.memory().numTensors - before };
  }

  it('a run aborted from onProgress after the first report rejects with CancelledError', async () => {
    const { outcome, reports } = await cancelAfterFirstReport();
    expect(outcome).toBeInstanceOf(CancelledError);
    expect(reports).toBe(1); // stopped at the next checkpoint, before another epoch finished
  });

  // The epoch's running loss sum lives in a tensor: a Cancel inside the batch loop must still dispose it.
  it('a cancelled run leaks no tensors', async () => {
    const { outcome, leaked } = await cancelAfterFirstReport();
    expect(outcome).toBeInstanceOf(CancelledError);
    expect(leaked).toBe(0);
  });

  it('a later run after a cancelled one still completes', async () => {
    await cancelAfterFirstReport();
    const done = await execute(fig2, { ...quick, epochs: 1 }, { tf, data: nodeData });
    expect(done.tensorsAfter).toBe(done.tensorsBefore);
    expect(done.series.epoch).toEqual([1]);
  });
});

describe('Figure 2 with a learning rate that is far too large', () => {
  it('stops with DivergedError that says where and how, and leaks no tensors', async () => {
    const tf = await nodeTf('wasm');
    const before = tf.memory().numTensors;
    const outcome = await execute(fig2, { m: 16, n: 512, epochs: 2, lr: 100 }, { tf, data: nodeData }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(DivergedError);
    expect((outcome as Error).message).toMatch(/α = m\^0 = 1\.000, epoch \d\): the mean training loss rose to .* over 10 times/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not call a workable learning rate diverging', async () => {
    const tf = await nodeTf('wasm');
    const done = await execute(fig2, { m: 16, n: 512, epochs: 2, lr: 1 }, { tf, data: nodeData });
    expect(done.series.epoch).toEqual([1, 2]);
  });
});
