/**
 * The site build refuses bad pins: in a scratch copy of the project, a pin with one changed byte, and a pin file
 * that is missing, each make `astro build` fail with a message that names the problem and the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = process.cwd();
const ENTRIES = ['package.json', 'astro.config.mjs', 'tsconfig.json', 'content', 'src', 'components', 'figures'];
let scratch: string;

function currentPinFile(dir: string): string {
  const lock = JSON.parse(readFileSync(join(dir, 'figures/lock.json'), 'utf8')) as Record<string, Record<string, string>>;
  return join(dir, 'figures/fig2-alpha/pins', `${lock['fig2-alpha'].default}.json`);
}

function build(dir: string) {
  return spawnSync(join(ROOT, 'node_modules/.bin/astro'), ['build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'pin-guard-'));
  for (const entry of ENTRIES) cpSync(join(ROOT, entry), join(scratch, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the site build and bad pins', () => {
  it('fails on a pin with one changed byte, saying it was tampered with', () => {
    const file = currentPinFile(scratch);
    const original = readFileSync(file);
    const tampered = Buffer.from(original);
    const at = tampered.indexOf('"series"') + 20; // inside the numbers
    tampered[at] = tampered[at] === 0x31 ? 0x32 : 0x31;
    writeFileSync(file, tampered);
    try {
      const result = build(scratch);
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/corrupt or has been tampered with/);
      expect(result.stdout + result.stderr).toContain(file);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('fails on a missing pin file, saying how to make it', () => {
    const file = currentPinFile(scratch);
    const original = readFileSync(file);
    unlinkSync(file);
    try {
      const result = build(scratch);
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/is missing: .* does not exist\. Run `npm run figures -- fig2-alpha`/);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('builds the same copy once the pin is intact', () => {
    const result = build(scratch);
    expect(result.status, result.stderr).toBe(0);
  });
});
