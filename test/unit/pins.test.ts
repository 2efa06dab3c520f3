/**
 * Pins (src/pins): canonical bytes (RFC 8785) do not depend on key order and write numbers in ECMAScript
 * shortest form; the id is the SHA-256 of those bytes (checked against node:crypto, independently of Web
 * Crypto); readPin accepts exactly the canonical bytes under their id and refuses anything else. Then the
 * committed pins: each file hashes to its name and verifies, the lock names existing pins, and each current pin
 * was made by the figure code as it is now.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, pinId, PIN_FORMAT, PinIntegrityError, readPin, type Pin } from '../../src/pins/pin';
import { sha256Hex } from '../../src/pins/sha256';
import { FIGURES_DIR, loadPin, pinPath, readLock } from '../../src/pins/store';
import { codeHash } from '../../src/builder/code-hash';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const encode = (s: string) => new TextEncoder().encode(s);
const nodeSha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A pin built with keys in one order... */
function pinA(): Pin {
  return {
    manifest: {
      format: PIN_FORMAT,
      figure: { id: 'fig-test', version: 3, title: 'Test α', reproduces: 'new', chapter: '01-intro' },
      variant: 'default',
      params: { m: 16, lr: 0.1, pixels: '14x14' },
      seeds: { init: 'θ~', batches: 'order' },
      datasets: [{ name: 'mnist', sha256: 'ab'.repeat(32), pooled: true, nTrain: 10 }],
      backend: 'wasm',
      versions: { project: '0.1.0', tfjs: '4.22.0', runtime: 'node v22' },
      codeHash: 'cd'.repeat(32),
      createdAt: '2026-01-01T00:00:00.000Z',
      seconds: 1.5,
      claims: [{ id: 'c1', statement: 'decreases', pass: true, detail: 'ok' }],
    },
    series: { epoch: [1, 2, 3], 'loss[t=0]': [2.302585092994046, 0.1, 1e-7], 'acc[t=0]': [0.5, 0.75, 1] },
  };
}

/** ...and the same content with every object's keys inserted in reverse order, at every depth. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    ) as T;
  }
  return value;
}

/** The next float64 above x (x > 0). */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

describe('canonical bytes and pin id', () => {
  it('do not depend on the order keys were inserted in, at any depth', async () => {
    const a = pinA();
    const b = reverseKeys(a);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b)); // the test really reorders
    expect(decode(canonicalBytes(b))).toBe(decode(canonicalBytes(a)));
    expect(await pinId(b)).toBe(await pinId(a));
  });

  it('sorts keys and has no whitespace', () => {
    const text = decode(canonicalBytes(pinA()));
    expect(text.startsWith('{"manifest":{"backend":"wasm","claims":[')).toBe(true);
    expect(text).toContain('"series":{"acc[t=0]":[0.5,0.75,1],"epoch":[1,2,3],"loss[t=0]":');
    expect(text).not.toMatch(/[\n\t]|": | ,/);
  });

  it('a one-ulp change of one series value changes the id', async () => {
    const a = pinA();
    const b = pinA();
    b.series['loss[t=0]'][0] = nextUp(b.series['loss[t=0]'][0]);
    expect(b.series['loss[t=0]'][0]).not.toBe(a.series['loss[t=0]'][0]);
    expect(b.series['loss[t=0]'][0] - a.series['loss[t=0]'][0]).toBeLessThan(1e-15);
    expect(await pinId(b)).not.toBe(await pinId(a));
  });

  it('writes numbers in ECMAScript shortest form', () => {
    const values = [0.1, 1e-7, 123456789012345680000, 1e21, 0.30000000000000004, 5e-324, 100, -2.5, 1 / 3, 2 ** 53];
    const pin = pinA();
    pin.series = { x: values };
    const text = decode(canonicalBytes(pin));
    const expected = `"series":{"x":[0.1,1e-7,123456789012345680000,1e+21,0.30000000000000004,5e-324,100,-2.5,${String(1 / 3)},9007199254740992]}`;
    expect(text).toContain(expected);
    // ...which is what JS prints, and reads back to the same doubles
    expect(expected).toContain(values.map(String).join(','));
    expect((JSON.parse(text) as Pin).series.x).toEqual(values);
  });

  it.each([NaN, Infinity, -Infinity])('a series holding %s throws PinIntegrityError', async (bad) => {
    const pin = pinA();
    pin.series['loss[t=0]'][1] = bad;
    expect(() => canonicalBytes(pin)).toThrow(PinIntegrityError);
    expect(() => canonicalBytes(pin)).toThrow(/loss\[t=0\]/);
    // pinId is not an async function, so it throws before returning a promise; either way an awaiting caller
    // gets the PinIntegrityError.
    await expect((async () => pinId(pin))()).rejects.toThrow(PinIntegrityError);
  });

  it('the id is the SHA-256 of the canonical bytes, as node:crypto computes it', async () => {
    const pin = pinA();
    const id = await pinId(pin);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).toBe(nodeSha(canonicalBytes(pin)));
  });

  it('sha256Hex agrees with node:crypto (including the empty input and known vectors)', async () => {
    expect(await sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex(encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const big = new Uint8Array(100_003).map((_, i) => (i * 31 + 7) & 255);
    expect(await sha256Hex(big)).toBe(nodeSha(big));
    // a view into a larger buffer hashes only its own bytes
    expect(await sha256Hex(big.subarray(10, 20))).toBe(nodeSha(big.subarray(10, 20)));
  });
});

describe('readPin', () => {
  it('accepts the exact canonical bytes under their id', async () => {
    const pin = pinA();
    const bytes = canonicalBytes(pin);
    const read = await readPin(bytes, await pinId(pin));
    expect(read).toEqual(pin);
  });

  it('refuses a flipped byte as tampered', async () => {
    const pin = pinA();
    const id = await pinId(pin);
    const bytes = canonicalBytes(pin).slice();
    const at = decode(bytes).indexOf('0.75');
    bytes[at + 2] ^= 0x01; // "0.75" -> "0.65": still valid, still canonical JSON
    await expect(readPin(bytes, id)).rejects.toThrow(PinIntegrityError);
    await expect(readPin(bytes, id)).rejects.toThrow(/tampered/);
  });

  it('refuses the right bytes under a wrong id', async () => {
    const pin = pinA();
    const id = await pinId(pin);
    const wrong = (id[0] === '0' ? '1' : '0') + id.slice(1);
    await expect(readPin(canonicalBytes(pin), wrong)).rejects.toThrow(PinIntegrityError);
    await expect(readPin(canonicalBytes(pin), wrong, 'my-file.json')).rejects.toThrow(/my-file\.json/);
  });

  it('refuses equivalent but non-canonical JSON, even under its own hash', async () => {
    const pin = pinA();
    for (const text of [JSON.stringify(pin, null, 2), JSON.stringify(reverseKeys(pin)), `${decode(canonicalBytes(pin))}\n`]) {
      const bytes = encode(text);
      await expect(readPin(bytes, nodeSha(bytes))).rejects.toThrow(/canonical/);
      await expect(readPin(bytes, nodeSha(bytes))).rejects.toThrow(PinIntegrityError);
    }
  });

  it('refuses a wrong format string and invalid JSON', async () => {
    const pin = pinA();
    (pin.manifest as { format: string }).format = 'overparameterized-live/pin/2';
    const bytes = canonicalBytes(pin);
    await expect(readPin(bytes, nodeSha(bytes))).rejects.toThrow(/format/);
    await expect(readPin(bytes, nodeSha(bytes))).rejects.toThrow(PinIntegrityError);
    const junk = encode('{"manifest":');
    await expect(readPin(junk, nodeSha(junk))).rejects.toThrow(PinIntegrityError);
  });
});

describe('committed pins', () => {
  const figureIds = readdirSync(FIGURES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(FIGURES_DIR, e.name, 'pins')))
    .map((e) => e.name);
  const files = figureIds.flatMap((figureId) =>
    readdirSync(join(FIGURES_DIR, figureId, 'pins'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ figureId, id: f.slice(0, -'.json'.length) })),
  );

  it('there is at least one', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('$figureId/pins/$id.json hashes to its name and verifies', async ({ figureId, id }) => {
    const bytes = new Uint8Array(readFileSync(pinPath(figureId, id)));
    expect(nodeSha(bytes)).toBe(id);
    const pin = await readPin(bytes, id);
    expect(pin.manifest.figure.id).toBe(figureId);
    expect(pin.manifest.format).toBe(PIN_FORMAT);
    expect(await loadPin(figureId, id)).toEqual(pin);
  });

  it('figures/lock.json names existing pins of the right figure', async () => {
    const lock = await readLock();
    const entries = Object.entries(lock).flatMap(([figureId, variants]) =>
      Object.entries(variants).map(([variant, id]) => ({ figureId, variant, id })),
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const { figureId, variant, id } of entries) {
      expect(existsSync(pinPath(figureId, id)), `${figureId}/${variant} -> ${id}`).toBe(true);
      const pin = await loadPin(figureId, id);
      expect(pin.manifest.figure.id).toBe(figureId);
      expect(pin.manifest.variant).toBe(variant);
    }
  });

  it('each current pin was made by the figure code as it is now', async () => {
    const lock = await readLock();
    const stale: string[] = [];
    for (const [figureId, variants] of Object.entries(lock)) {
      const now = await codeHash(figureId);
      for (const [variant, id] of Object.entries(variants)) {
        const pin = await loadPin(figureId, id);
        if (pin.manifest.codeHash !== now) stale.push(`${figureId}/${variant} (pin ${id.slice(0, 12)})`);
      }
    }
    expect(stale, `pins are stale: run npm run figures (${stale.join(', ')})`).toEqual([]);
  });
});
