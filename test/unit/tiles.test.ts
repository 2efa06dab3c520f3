/**
 * Tiles of neurons (src/plot/tiles, src/plot/png): the PNG is well formed (signature, chunk CRCs checked with
 * node:zlib's crc32, a zlib stream that node:zlib inflates) and holds the pixels given; a tile's colour scale is
 * symmetric, with 0 neutral and the largest |entry| at full colour.
 */
import { describe, expect, it } from 'vitest';
import { crc32, inflateSync } from 'node:zlib';
import { pngDataUrl } from '../../src/plot/png';
import { tileUrl } from '../../src/plot/tiles';

function decodePng(url: string) {
  const bytes = Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks: Record<string, Buffer> = {};
  for (let i = 8; i < bytes.length; ) {
    const n = bytes.readUInt32BE(i);
    const type = bytes.subarray(i + 4, i + 8).toString('latin1');
    expect(crc32(bytes.subarray(i + 4, i + 8 + n)), type).toBe(bytes.readUInt32BE(i + 8 + n));
    chunks[type] = bytes.subarray(i + 8, i + 8 + n);
    i += 12 + n;
  }
  const width = chunks.IHDR.readUInt32BE(0);
  const height = chunks.IHDR.readUInt32BE(4);
  const raw = inflateSync(chunks.IDAT);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + 3 * width)]).toBe(0); // filter: none
    rgb.set(raw.subarray(y * (1 + 3 * width) + 1, (y + 1) * (1 + 3 * width)), y * 3 * width);
  }
  return { width, height, rgb, end: 'IEND' in chunks };
}

describe('PNG tiles', () => {
  it('encode the pixels given, in a well-formed PNG', () => {
    const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const png = decodePng(pngDataUrl(5, 3, rgb));
    expect(png).toMatchObject({ width: 5, height: 3, end: true });
    expect([...png.rgb]).toEqual([...rgb]);
  });

  it('span more than one stored deflate block', () => {
    const rgb = Uint8Array.from({ length: 200 * 120 * 3 }, (_, i) => i % 251);
    expect([...decodePng(pngDataUrl(200, 120, rgb)).rgb]).toEqual([...rgb]);
  });

  it('colour a neuron symmetrically: 0 neutral, +-max|theta| at the two full colours', () => {
    const row = new Float32Array(784);
    row[0] = 2; // full positive
    row[1] = -2; // full negative
    row[2] = 1; // half way
    const { rgb } = decodePng(tileUrl(row));
    const pixel = (p: number) => [...rgb.subarray(3 * p, 3 * p + 3)];
    expect(pixel(0)).toEqual([0xc5, 0x5c, 0x43]);
    expect(pixel(1)).toEqual([0x40, 0x81, 0xd2]);
    expect(pixel(3)).toEqual([246, 246, 243]);
    expect(pixel(2)).toEqual([0, 1, 2].map((c) => Math.round(([246, 246, 243][c] + [0xc5, 0x5c, 0x43][c]) / 2)));
    // The same picture for the row times any positive number.
    expect(tileUrl(row.map((v) => 7 * v))).toBe(tileUrl(row));
  });
});
