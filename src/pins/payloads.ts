/**
 * Payloads of learned artifacts: named float32 arrays that an artifact's run emits (`ctx.payload`). Each is stored
 * as its raw little-endian bytes in `figures/<artifact id>/payloads/<sha256>.f32`, served by the site at
 * `/pins/<artifact id>/payloads/<sha256>.f32`, and recorded in the artifact's pin by name, shape and SHA-256, so
 * the pin's id covers the payload bytes. Loading one checks its bytes against that record, in Node and in a
 * browser alike (`artifactFromPin`).
 */
import canonicalize from 'canonicalize';
import type { Artifact } from '../figure/contract';
import type { Pin } from './pin';
import { PinIntegrityError } from './pin';
import { sha256Hex } from './sha256';

export interface PayloadRecord {
  name: string;
  shape: number[];
  sha256: string;
}

/** What a figure's pin records of an artifact it consumed. */
export interface ArtifactUse {
  id: string;
  pin: string;
  /** True when the run rebuilt the artifact from its pin's recipe instead of reading its payloads. */
  rebuilt?: boolean;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of a payload as stored: float32, little-endian. */
export function payloadBytes(values: Float32Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('Payloads are little-endian float32; this host is big-endian.');
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Whether two manifest entries (payload records, artifact uses; absent = none) say the same, key order aside. */
export function sameEntries(a: unknown[] | undefined, b: unknown[] | undefined): boolean {
  return canonicalize(a ?? []) === canonicalize(b ?? []);
}

export const payloadFileName = (sha256: string) => `${sha256}.f32`;
export const payloadUrl = (artifactId: string, sha256: string) => `/pins/${artifactId}/payloads/${payloadFileName(sha256)}`;

export async function payloadRecord(name: string, values: Float32Array, shape: number[]): Promise<PayloadRecord> {
  return { name, shape, sha256: await sha256Hex(payloadBytes(values)) };
}

/**
 * The artifact of a verified pin, its payloads read by `bytesOf` (from disk or the site) and checked against the
 * pin's records: a missing or altered payload is an error naming the file and the command that rebuilds it.
 */
export async function artifactFromPin(
  pin: Pin,
  pinId: string,
  bytesOf: (record: PayloadRecord) => Promise<Uint8Array>,
  where: (record: PayloadRecord) => string,
): Promise<Artifact> {
  const id = pin.manifest.figure.id;
  const records = pin.manifest.payloads;
  if (!records?.length) throw new PinIntegrityError(`Pin ${pinId} of ${id} records no payloads: it is not an artifact's pin.`);
  const rebuild = `Run \`npm run figures -- ${id}\` to rebuild it.`;
  const payloads: Record<string, Float32Array> = {};
  const shapes: Record<string, number[]> = {};
  for (const record of records) {
    let bytes: Uint8Array;
    try {
      bytes = await bytesOf(record);
    } catch (error) {
      throw new Error(`Payload "${record.name}" of artifact ${id} (pin ${pinId.slice(0, 12)}) is missing: ${where(record)} could not be read (${(error as Error).message}). ${rebuild}`);
    }
    const actual = await sha256Hex(bytes);
    const length = record.shape.reduce((a, b) => a * b, 1);
    if (actual !== record.sha256 || bytes.byteLength !== 4 * length) {
      throw new PinIntegrityError(
        `Payload "${record.name}" of artifact ${id} is corrupt or has been tampered with: ${where(record)} has SHA-256 ` +
          `${actual} (${bytes.byteLength} bytes), but pin ${pinId.slice(0, 12)} records ${record.sha256} ` +
          `(${4 * length} bytes). ${rebuild}`,
      );
    }
    payloads[record.name] = new Float32Array(bytes.slice().buffer); // an aligned copy of its own
    shapes[record.name] = record.shape;
  }
  const uses = Object.fromEntries((pin.manifest.artifacts ?? []).map((a) => [a.id, a.pin]));
  return { id, pin: pinId, payloads, shapes, rebuilt: false, params: pin.manifest.params, uses };
}
