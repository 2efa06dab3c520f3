/**
 * DESIGN.md, "verification", level 1, in Node: every current pin (each figure's default and its quick variant) is
 * rerun from its manifest (with the artifact pins it names) on tfjs's wasm backend by src/builder/reproduce-pins.ts, as the builder made it (sweep
 * parts on worker threads), and must reproduce its series bit for bit, come from the current code, and leak no
 * tensors; an artifact's payloads must have the pinned SHA-256s; a default pin's claims must pass again on the rerun.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readLock } from '../../src/pins/store';
import type { Reproduction } from '../../src/builder/reproduce-pins';

const lock = await readLock();
const expected = Object.entries(lock).flatMap(([figureId, pins]) => Object.keys(pins).map((variant) => `${figureId} (${variant})`));
const results = new Map<string, Reproduction>();
let stderr = '';

beforeAll(async () => {
  const child = spawn('node_modules/.bin/tsx', ['src/builder/reproduce-pins.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines.filter((l) => l.startsWith('{'))) {
      const r = JSON.parse(line) as Reproduction;
      results.set(`${r.figureId} (${r.variant})`, r);
      console.log(`${r.figureId} (${r.variant}): ${r.verdict} in ${r.seconds} s`);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`reproduce-pins exited with ${code}: ${stderr.slice(-2000)}`);
}, 1_800_000);

describe('every current pin, rerun in Node on wasm', () => {
  it.each(expected)('%s reproduces bit for bit, from the current code, leaking no tensors', (key) => {
    const r = results.get(key);
    expect(r, `no result for ${key}; stderr: ${stderr.slice(-500)}`).toBeDefined();
    expect(r!.verdict, r!.reason).toBe('bitwise');
    expect(r!.sameCode).toBe(true);
    expect(r!.leaked).toBe(0);
    expect(r!.payloadsMatch, 'the rerun\'s payloads differ from the pinned ones').toBe(true);
    if (r!.variant === 'default') expect(r!.claimsPass).toBe(true);
  });
});
