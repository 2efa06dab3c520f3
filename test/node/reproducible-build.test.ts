/**
 * Reproducible builds: two `astro build` runs of the same tree, into two folders, give the same files byte for
 * byte (the service worker's cache name, a hash of the whole build, included); and with no SITE_URL no built file
 * names a local host. Slow (two full builds), so it is this one file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'repro-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function build(outDir: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  delete env.SITE_URL;
  const result = spawnSync('npx', ['astro', 'build', '--outDir', outDir], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`astro build failed:\n${result.stdout}\n${result.stderr}`);
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

describe('the build', () => {
  it('is byte-identical run to run, and names no local host without SITE_URL', { timeout: 900_000 }, () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    build(a);
    build(b);
    const listA = files(a).map((p) => relative(a, p));
    const listB = files(b).map((p) => relative(b, p));
    expect(listB).toEqual(listA);
    const differing = listA.filter((p) => !readFileSync(join(a, p)).equals(readFileSync(join(b, p))));
    expect(differing, `files that differ between two builds: ${differing.join(', ')}`).toEqual([]);

    const local = listA.filter((p) => /localhost|127\.0\.0\.1/.test(readFileSync(join(a, p), 'latin1')));
    expect(local, `built files that name a local host: ${local.join(', ')}`).toEqual([]);
  });
});
