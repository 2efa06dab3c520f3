/**
 * The hash of a figure's code: SHA-256 over the figure module and every project file it imports, found by
 * esbuild's dependency graph (packages excluded; their versions are recorded separately). Each file contributes
 * its path relative to the project root and the SHA-256 of its bytes, in sorted order.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function figureSources(figureId: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(process.cwd(), 'figures', figureId, 'figure.ts')],
    absWorkingDir: process.cwd(),
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'neutral',
    format: 'esm',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).sort();
}

export async function codeHash(figureId: string): Promise<string> {
  const outer = createHash('sha256');
  for (const path of await figureSources(figureId)) {
    const inner = createHash('sha256').update(readFileSync(join(process.cwd(), path))).digest('hex');
    outer.update(`${path}\0${inner}\n`);
  }
  return outer.digest('hex');
}
