/**
 * Datasets in the browser: the MNIST file is served by this site (same origin) gzipped, decompressed here and
 * verified by its SHA-256 on load. A failed load or a bad file is an error that names the file; the next run
 * fetches it again.
 */
import type { Artifact, DataProvider } from '../figure/contract';
import { readPin } from '../pins/pin';
import { artifactFromPin, payloadUrl } from '../pins/payloads';
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

/** An artifact's pin and payloads from this site (same origin), each checked by its SHA-256. */
async function fetchArtifact(id: string, pinId: string): Promise<Artifact> {
  const bytesAt = async (url: string) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const pinUrl = `/pins/${id}/${pinId}.json`;
  const pinBytes = await bytesAt(pinUrl).catch((error: Error) => {
    throw new Error(`The pin ${pinId.slice(0, 12)} of the artifact ${id} could not be loaded from ${pinUrl} (${error.message}).`);
  });
  const pin = await readPin(pinBytes, pinId, pinUrl);
  return artifactFromPin(pin, pinId, (r) => bytesAt(payloadUrl(id, r.sha256)), (r) => payloadUrl(id, r.sha256));
}

/** Verified artifacts by "<id>/<pin>", kept for the worker's next run; their arrays must not be written to. */
const artifacts = new Map<string, Promise<Artifact>>();

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
  artifact(id, pin) {
    const key = `${id}/${pin}`;
    if (!artifacts.has(key)) artifacts.set(key, fetchArtifact(id, pin).catch((error) => (artifacts.delete(key), Promise.reject(error))));
    return artifacts.get(key)!;
  },
};
