/** Datasets in the browser: the compact MNIST file is served by this site (same origin) and verified on load. */
import type { DataProvider } from '../figure/contract';
import { decodeMnist } from '../data/mnist/dataset';
import { syntheticClassification } from '../data/synthetic/fig4-dataset';
import mnistUrl from '../data/mnist/mnist-10k.bin?url';

let mnistBytes: Promise<Uint8Array> | undefined;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The MNIST file could not be loaded from ${url} (HTTP ${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

export const browserData: DataProvider = {
  async mnist(options) {
    mnistBytes ??= fetchBytes(mnistUrl).catch((error) => {
      mnistBytes = undefined;
      throw error;
    });
    return decodeMnist(await mnistBytes, options);
  },
  synthetic: syntheticClassification,
};
