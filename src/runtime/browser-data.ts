/**
 * Datasets in the browser: the MNIST file is served by this site (same origin) gzipped, decompressed here and
 * verified by its SHA-256 on load. A failed load or a bad file is an error that names the file; the next run
 * fetches it again.
 */
import type { DataProvider } from '../figure/contract';
import { decodeMnist } from '../data/mnist/dataset';
import { gunzipMnist } from '../data/mnist/gzip';
import { syntheticClassification } from '../data/synthetic/fig4-dataset';
import mnistUrl from '../data/mnist/mnist-10k.bin.gz?url';

let mnistBytes: Promise<Uint8Array> | undefined;

async function fetchMnist(url: string): Promise<Uint8Array> {
  const response = await fetch(url).catch((error: Error) => {
    throw new Error(`The MNIST file could not be loaded from ${url} (${error.message}).`);
  });
  if (!response.ok) throw new Error(`The MNIST file could not be loaded from ${url} (HTTP ${response.status}).`);
  return gunzipMnist(new Uint8Array(await response.arrayBuffer()), url);
}

export const browserData: DataProvider = {
  async mnist(options) {
    const bytes = (mnistBytes ??= fetchMnist(mnistUrl));
    try {
      return await decodeMnist(await bytes, options, mnistUrl);
    } catch (error) {
      // Forget a failed load or a file that failed its check, so that a second attempt fetches it again.
      if (mnistBytes === bytes) mnistBytes = undefined;
      throw error;
    }
  },
  synthetic: syntheticClassification,
};
