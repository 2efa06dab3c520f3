/**
 * Pins on disk (Node only): `figures/<figure id>/pins/<pin id>.json`, never edited once written, and the lock
 * file `figures/lock.json`, which names the current pin of each figure and variant.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalBytes, pinId, readPin, type Pin } from './pin';
import { payloadBytes, payloadFileName, payloadRecord, type PayloadRecord } from './payloads';

export type Lock = Record<string, Record<string, string>>;

export const FIGURES_DIR = join(process.cwd(), 'figures');
export const LOCK_FILE = join(FIGURES_DIR, 'lock.json');

export const pinPath = (figureId: string, id: string) => join(FIGURES_DIR, figureId, 'pins', `${id}.json`);

export async function readLock(): Promise<Lock> {
  try {
    return JSON.parse(await readFile(LOCK_FILE, 'utf8')) as Lock;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${LOCK_FILE} is unreadable: ${(error as Error).message}`);
  }
}

export async function writeLock(lock: Lock): Promise<void> {
  const sorted = Object.fromEntries(
    Object.keys(lock).sort().map((f) => [f, Object.fromEntries(Object.keys(lock[f]).sort().map((v) => [v, lock[f][v]]))]),
  );
  await writeFile(LOCK_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
}

/** Load and verify one pin; a missing or tampered file is an error that names the file. */
export async function loadPin(figureId: string, id: string): Promise<Pin> {
  const path = pinPath(figureId, id);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new Error(`Pin ${id} of figure ${figureId} is missing: ${path} does not exist. Run \`npm run figures -- ${figureId}\`.`);
  }
  return readPin(bytes, id, path);
}

/** Every pin of a figure, old ones included, each verified. */
export async function loadAllPins(figureId: string): Promise<{ id: string; pin: Pin }[]> {
  let files: string[] = [];
  try {
    files = (await readdir(join(FIGURES_DIR, figureId, 'pins'))).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return Promise.all(files.sort().map(async (f) => ({ id: f.slice(0, -5), pin: await loadPin(figureId, f.slice(0, -5)) })));
}

export async function savePin(pin: Pin): Promise<string> {
  const id = await pinId(pin);
  const dir = join(FIGURES_DIR, pin.manifest.figure.id, 'pins');
  await mkdir(dir, { recursive: true });
  await writeFile(pinPath(pin.manifest.figure.id, id), canonicalBytes(pin));
  return id;
}

/** Write an artifact's payload as `figures/<id>/payloads/<sha256>.f32` (content-addressed: never overwritten). */
export async function savePayload(artifactId: string, name: string, values: Float32Array, shape: number[]): Promise<PayloadRecord> {
  const record = await payloadRecord(name, values, shape);
  const dir = join(FIGURES_DIR, artifactId, 'payloads');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, payloadFileName(record.sha256)), payloadBytes(values), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return record;
}
