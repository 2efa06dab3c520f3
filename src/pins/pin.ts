/**
 * A pinned figure build: one JSON document, a manifest of exactly how it was made plus its series.
 *
 * Canonical bytes are RFC 8785 (JSON Canonicalization Scheme): keys sorted, no whitespace, numbers in the
 * ECMAScript shortest round-trip form, which every JS engine formats identically. The pin's id is the SHA-256 of
 * those bytes, and the file `figures/<id>/pins/<pin id>.json` holds exactly those bytes, so anyone can check a
 * pin with `sha256sum`.
 */
import canonicalize from 'canonicalize';
import type { DatasetIdentity, Params, Series } from '../figure/contract';
import type { ArtifactUse, PayloadRecord } from './payloads';
import { sha256Hex } from './sha256';

export const PIN_FORMAT = 'overparameterized-live/pin/1';

export interface ClaimResult {
  id: string;
  statement: string;
  pass: boolean;
  detail: string;
}

export interface Manifest {
  format: typeof PIN_FORMAT;
  figure: { id: string; version: number; title: string; reproduces: string; chapter: string };
  /** "default", or the name of one of the figure's variants. */
  variant: string;
  params: Params;
  /** Named random streams: generator(params.seed, "<figure>/<name>"). */
  seeds: Record<string, string>;
  datasets: DatasetIdentity[];
  backend: string;
  versions: { project: string; tfjs: string; runtime: string };
  /** SHA-256 over the figure's source and every project file it imports. */
  codeHash: string;
  createdAt: string;
  /** Wall-clock seconds of the run that made the pin (informative only). */
  seconds: number;
  claims: ClaimResult[];
  /** An artifact's pin: its payloads (src/pins/payloads.ts), in the order the run emitted them. */
  payloads?: PayloadRecord[];
  /** The artifact pins the run consumed (`uses` in the figure's definition). */
  artifacts?: ArtifactUse[];
}

export interface Pin {
  manifest: Manifest;
  series: Series;
}

export class PinIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinIntegrityError';
  }
}

export function canonicalBytes(pin: Pin): Uint8Array {
  for (const [name, values] of Object.entries(pin.series)) {
    if (!values.every(Number.isFinite)) throw new PinIntegrityError(`Series "${name}" holds a non-finite number.`);
  }
  const text = canonicalize(pin);
  if (text === undefined) throw new PinIntegrityError('The pin cannot be canonicalised.');
  return new TextEncoder().encode(text);
}

export async function pinId(pin: Pin): Promise<string> {
  return sha256Hex(canonicalBytes(pin));
}

/**
 * Parse a pin file and prove it is the pin it claims to be: its bytes hash to `expectedId` and are canonical.
 * Anything else (an edited value, reformatted JSON, a renamed file) is an error, never a warning.
 */
export async function readPin(bytes: Uint8Array, expectedId: string, source = `pin ${expectedId}`): Promise<Pin> {
  const actual = await sha256Hex(bytes);
  if (actual !== expectedId) {
    throw new PinIntegrityError(
      `${source} is corrupt or has been tampered with: its SHA-256 is ${actual}, but its id is ${expectedId}. ` +
        'Pins are never edited; restore the file from version control or rebuild with `npm run figures`.',
    );
  }
  let pin: Pin;
  try {
    pin = JSON.parse(new TextDecoder().decode(bytes)) as Pin;
  } catch (error) {
    throw new PinIntegrityError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (pin?.manifest?.format !== PIN_FORMAT) {
    throw new PinIntegrityError(`${source} is not a pin of format ${PIN_FORMAT}.`);
  }
  const canonical = canonicalBytes(pin);
  if (canonical.length !== bytes.length || canonical.some((b, i) => b !== bytes[i])) {
    throw new PinIntegrityError(`${source} is not in canonical form (RFC 8785).`);
  }
  return pin;
}
