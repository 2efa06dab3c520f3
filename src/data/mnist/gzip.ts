/**
 * The site serves the MNIST file gzipped (mnist-10k.bin.gz, made by ./build); this undoes the gzip with the
 * platform's DecompressionStream (every browser's workers, and Node 22). What it returns is not trusted yet:
 * decodeMnist (./dataset) checks its SHA-256 against the recorded one before using it.
 */
import { MNIST_SHA256 } from './identity';

/** Every gzip stream starts with these two bytes; the MNIST file itself starts with a blank pixel, 0. */
const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * The decompressed bytes of the MNIST file `source` (a path or URL, named in errors). Bytes that are not gzip
 * are returned as they are: a server that sent the file with `Content-Encoding: gzip` has had the browser undo the
 * gzip already, and the hash check decides either way. A truncated or altered gzip stream is refused here.
 */
export async function gunzipMnist(bytes: Uint8Array, source: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    // Node's DecompressionStream throws a TypeError with no message and zlib's reason as its cause.
    const e = error as Error & { cause?: Error };
    const reason = e.message || e.cause?.message || e.name;
    throw new Error(
      `The MNIST file ${source} is corrupt or tampered with: it is not a whole gzip stream ` +
        `(${reason}), so its contents cannot match the recorded SHA-256 ${MNIST_SHA256}.`,
    );
  }
}
