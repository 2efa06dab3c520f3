/**
 * Learned artifacts (src/pins/payloads, src/builder/dependencies, ctx.artifact in src/figure/execute): payload
 * bytes are checked against their pin's record (a missing or altered payload is an error naming the file and the
 * command that rebuilds it); the builder orders figures so that artifacts come first; a run reads only artifacts
 * it declares, from the pins it is given, and its result names what it read.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { defineFigure, type Artifact, type DataProvider, type FigureDefinition } from '../../src/figure/contract';
import { execute } from '../../src/figure/execute';
import { PIN_FORMAT, PinIntegrityError, type Pin } from '../../src/pins/pin';
import { artifactFromPin, payloadBytes, payloadRecord, sameEntries, type PayloadRecord } from '../../src/pins/payloads';
import { artifactPinsOf, dependencyOrder } from '../../src/builder/dependencies';

const values = Float32Array.from([1, -2.5, 3e-8, 4, 5, 6]);

async function artifactPin(): Promise<Pin> {
  return {
    manifest: {
      format: PIN_FORMAT,
      figure: { id: 'art-test', version: 1, title: 'An artifact', reproduces: 'new', chapter: '06-feature-learning' },
      variant: 'default', params: { seed: 1 }, seeds: {}, datasets: [], backend: 'cpu',
      versions: { project: '0', tfjs: '0', runtime: 'node' }, codeHash: '0'.repeat(64),
      createdAt: '2026-01-01T00:00:00.000Z', seconds: 0, claims: [],
      payloads: [await payloadRecord('w', values, [2, 3])],
      artifacts: [{ id: 'upstream', pin: 'f'.repeat(64) }],
    },
    series: { x: [1] },
  };
}

const where = (r: PayloadRecord) => `figures/art-test/payloads/${r.sha256}.f32`;

describe('payloads', () => {
  it('round-trip: the stored bytes, checked, give the values, their shape and the pins the artifact used', async () => {
    const pin = await artifactPin();
    const artifact = await artifactFromPin(pin, 'a'.repeat(64), async () => payloadBytes(values).slice(), where);
    expect(artifact.payloads.w).toEqual(values);
    expect(artifact.shapes.w).toEqual([2, 3]);
    expect(artifact.uses).toEqual({ upstream: 'f'.repeat(64) });
    expect(artifact.params).toEqual({ seed: 1 });
  });

  it('a tampered payload is an integrity error naming the file and the command', async () => {
    const pin = await artifactPin();
    const bytes = payloadBytes(values).slice();
    bytes[5] ^= 1;
    const load = artifactFromPin(pin, 'a'.repeat(64), async () => bytes, where);
    await expect(load).rejects.toThrow(PinIntegrityError);
    await expect(load).rejects.toThrow(/figures\/art-test\/payloads\/[0-9a-f]{64}\.f32.*npm run figures -- art-test/);
  });

  it('a truncated or missing payload is an error naming the file and the command', async () => {
    const pin = await artifactPin();
    await expect(artifactFromPin(pin, 'a'.repeat(64), async () => payloadBytes(values).slice(0, 20), where)).rejects.toThrow(/tampered/);
    const missing = artifactFromPin(pin, 'a'.repeat(64), async () => Promise.reject(new Error('ENOENT')), where);
    await expect(missing).rejects.toThrow(/is missing: figures\/art-test\/payloads\/.*npm run figures -- art-test/);
  });

  it('records compare by content, not by key order (a pin read back has its keys sorted)', async () => {
    const fresh = await payloadRecord('w', values, [2, 3]);
    const readBack = JSON.parse(JSON.stringify({ sha256: fresh.sha256, shape: fresh.shape, name: fresh.name }));
    expect(JSON.stringify([fresh])).not.toBe(JSON.stringify([readBack]));
    expect(sameEntries([fresh], [readBack])).toBe(true);
    expect(sameEntries([fresh], [{ ...readBack, shape: [3, 2] }])).toBe(false);
    expect(sameEntries(undefined, [])).toBe(true);
    expect(sameEntries(undefined, [fresh])).toBe(false);
  });

  it('a pin without payloads is not an artifact', async () => {
    const pin = await artifactPin();
    delete pin.manifest.payloads;
    await expect(artifactFromPin(pin, 'a'.repeat(64), async () => new Uint8Array(), where)).rejects.toThrow(/not an artifact/);
  });
});

const stub = (id: string, uses?: string[]) => ({ id, uses }) as FigureDefinition<any>;

describe('dependency order', () => {
  it('puts every artifact before the figures that use it, keeping the given order otherwise', () => {
    const order = dependencyOrder([stub('fig9', ['neuron-vae', 'neuron-bank']), stub('fig2'), stub('neuron-vae', ['neuron-bank']), stub('neuron-bank')]);
    expect(order.map((f) => f.id)).toEqual(['neuron-bank', 'neuron-vae', 'fig9', 'fig2']);
  });

  it('refuses a cycle', () => {
    expect(() => dependencyOrder([stub('a', ['b']), stub('b', ['a'])])).toThrow(/cycle: a -> b -> a/);
  });

  it('reads each artifact\'s current default pin, and says what to build when there is none', () => {
    expect(artifactPinsOf(stub('f', ['x']), { x: { default: 'p1', quick: 'p2' } })).toEqual({ x: 'p1' });
    expect(() => artifactPinsOf(stub('f', ['x']), {})).toThrow(/npm run figures -- x/);
  });
});

describe('ctx.artifact and ctx.payload', () => {
  const stored: Artifact = {
    id: 'art-test', pin: 'a'.repeat(64), payloads: { w: values }, shapes: { w: [2, 3] }, params: {}, uses: {}, rebuilt: false,
  };
  const data = { artifact: async (id: string, pin: string) => ({ ...stored, id, pin }) } as unknown as DataProvider;
  const consumer = (uses: string[]) =>
    defineFigure({
      id: 'consumer', version: 1, title: '', caption: '', chapter: '', reproduces: 'new', departures: '', params: {}, seeds: {}, uses,
      async run(_, ctx) {
        const a = await ctx.artifact('art-test');
        ctx.payload('twice', a.payloads.w.map((v) => 2 * v), a.shapes.w);
        return { sum: [a.payloads.w.reduce((s, v) => s + v, 0)] };
      },
      panels: () => [], agreement: [], claims: [],
    });

  it('reads the pin it is given and names it in the result, with the payloads it emitted', async () => {
    await tf.setBackend('cpu');
    const run = await execute(consumer(['art-test']), {}, { tf, data, artifacts: { 'art-test': 'b'.repeat(64) } });
    expect(run.artifacts).toEqual([{ id: 'art-test', pin: 'b'.repeat(64) }]);
    expect(run.payloads?.twice.values).toEqual(values.map((v) => 2 * v));
    expect(run.series.sum[0]).toBeCloseTo(13.5, 5);
  });

  it('refuses an artifact the figure does not declare, or one it was given no pin of', async () => {
    await expect(execute(consumer([]), {}, { tf, data, artifacts: { 'art-test': 'b'.repeat(64) } })).rejects.toThrow(/does not declare it in `uses`/);
    await expect(execute(consumer(['art-test']), {}, { tf, data })).rejects.toThrow(/no pin of the artifact art-test.*npm run figures -- art-test/);
  });
});
