/**
 * Decodes mnist-10k.bin (layout in ./build; the browser gets it gzipped and undoes that with ./gzip) into
 * training and test arrays, the same way in Node and in a browser Web Worker. The bytes are first checked against the recorded SHA-256 (WebCrypto, available in
 * both; in a browser it needs a secure context, https or localhost). Then, with the split of ./split,
 * training example i is image train[i] for i < nTrain and test example i is image test[i] for i < nTest;
 * pixels are p / 255 as float32, or 2 x 2 averages (./pool) when pooled.
 */
import { MNIST_PIXELS, MNIST_SHA256, MNIST_SIZE, MNIST_SOURCE } from './identity';
import { POOLED_PIXELS, pool2x2 } from './pool';
import { MNIST_SPLIT, MNIST_TEST, MNIST_TRAIN, mnistSplit } from './split';

export interface MnistOptions {
  pooled: boolean;
  /** The first nTrain training images, 1 to 8000; 8000 if absent. */
  nTrain?: number;
  /** The first nTest test images, 1 to 2000; 2000 if absent. */
  nTest?: number;
}

export interface MnistDataset {
  /** nTrain x d, row-major. */
  xTrain: Float32Array;
  yTrain: Uint8Array;
  /** nTest x d, row-major. */
  xTest: Float32Array;
  yTest: Uint8Array;
  d: 196 | 784;
  nTrain: number;
  nTest: number;
  identity: {
    name: string;
    sha256: string;
    split: string;
    pooled: boolean;
    nTrain: number;
    nTest: number;
  };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // WebCrypto reads views of ordinary (not shared) ArrayBuffers, which is what file and fetch bytes are.
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function checkCount(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`MNIST: ${name} must be an integer from 1 to ${max} (got ${value}).`);
  }
  return value;
}

/** `source` names the file the bytes came from (a path or URL) in the error a wrong hash gives. */
export async function decodeMnist(bytes: Uint8Array, options: MnistOptions, source?: string): Promise<MnistDataset> {
  const nTrain = checkCount('nTrain', options.nTrain ?? MNIST_TRAIN, MNIST_TRAIN);
  const nTest = checkCount('nTest', options.nTest ?? MNIST_TEST, MNIST_TEST);
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== MNIST_SHA256) {
    throw new Error(
      `The MNIST file${source ? ` ${source}` : ''} is corrupt or tampered with: its SHA-256 does not match the ` +
        `recorded one (expected ${MNIST_SHA256}, got ${sha256}).`,
    );
  }

  const pooled = options.pooled;
  const d = pooled ? POOLED_PIXELS : MNIST_PIXELS;
  const labels = bytes.subarray(MNIST_SIZE * MNIST_PIXELS);
  const take = (indices: Int32Array) => {
    const x = new Float32Array(indices.length * d);
    const y = new Uint8Array(indices.length);
    indices.forEach((image, i) => {
      const from = image * MNIST_PIXELS;
      if (pooled) pool2x2(bytes, from, x, i * d);
      else for (let j = 0; j < MNIST_PIXELS; j++) x[i * d + j] = bytes[from + j] / 255;
      y[i] = labels[image];
    });
    return { x, y };
  };

  const split = mnistSplit();
  const train = take(split.train.subarray(0, nTrain));
  const test = take(split.test.subarray(0, nTest));
  return {
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    d,
    nTrain,
    nTest,
    identity: { name: MNIST_SOURCE.name, sha256, split: MNIST_SPLIT, pooled, nTrain, nTest },
  };
}
