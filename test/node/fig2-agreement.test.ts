/**
 * Figure 2 in Node: its current default pin names the data it was made from and satisfies its claims (its bit-for-bit
 * rerun is in test/node/pins-reproduce.test.ts); then cheap runs: cancellation mid-run, and a diverging rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import fig2 from '../../figures/fig2-alpha/figure';
import { CancelledError, DivergedError } from '../../src/figure/contract';
import { evaluateClaims } from '../../src/figure/claims';
import { execute } from '../../src/figure/execute';
import { loadPin, readLock } from '../../src/pins/store';
import type { Pin } from '../../src/pins/pin';
import { nodeTf } from '../../src/runtime/node-tf';
import { nodeData } from '../../src/runtime/node-data';
import { MNIST_SHA256 } from '../../src/data/mnist/identity';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('wasm');
});

describe('the current default pin of fig2-alpha', () => {
  let pin: Pin;

  beforeAll(async () => {
    const lock = await readLock();
    const id = lock[fig2.id]?.default;
    if (!id) throw new Error(`figures/lock.json names no default pin for ${fig2.id}: run npm run figures`);
    pin = await loadPin(fig2.id, id);
  });

  // Its rerun in Node, bit for bit, is in test/node/pins-reproduce.test.ts with every other pin's.
  it('was made on wasm from the project MNIST file, and its claims pass', () => {
    expect(pin.manifest.backend).toBe('wasm');
    expect(pin.manifest.variant).toBe('default');
    expect(pin.manifest.figure.id).toBe(fig2.id);
    expect(pin.manifest.figure.version).toBe(fig2.version);
    expect(pin.manifest.datasets.length).toBeGreaterThan(0);
    expect(pin.manifest.datasets[0].sha256).toBe(MNIST_SHA256);
    expect(pin.manifest.claims.map((c) => c.id).sort()).toEqual(fig2.claims.map((c) => c.id).sort());
    for (const claim of pin.manifest.claims) expect(claim.pass, `${claim.id}: ${claim.detail}`).toBe(true);
    expect(evaluateClaims(fig2, pin.series, pin.manifest.params).every((c) => c.pass)).toBe(true);
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
