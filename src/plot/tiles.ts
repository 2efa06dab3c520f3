/**
 * A neuron theta in R^784 drawn as a 28 x 28 tile with a symmetric colour scale of its own: 0 is the panel's
 * neutral grey-white, +max|theta| full vermilion, -max|theta| full blue (the palette's first two hues), linear in
 * between; as a PNG data URL for Plot's image mark.
 */
import { CATEGORICAL } from './palette';
import { pngDataUrl } from './png';

const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const ZERO = [246, 246, 243];
const POSITIVE = rgbOf(CATEGORICAL[1]);
const NEGATIVE = rgbOf(CATEGORICAL[0]);

export function tileUrl(row: ArrayLike<number>, side = 28): string {
  let max = 0;
  for (let p = 0; p < side * side; p++) max = Math.max(max, Math.abs(row[p]));
  const rgb = new Uint8Array(side * side * 3);
  for (let p = 0; p < side * side; p++) {
    const t = max > 0 ? row[p] / max : 0;
    const end = t >= 0 ? POSITIVE : NEGATIVE;
    for (let c = 0; c < 3; c++) rgb[3 * p + c] = Math.round(ZERO[c] + Math.abs(t) * (end[c] - ZERO[c]));
  }
  return pngDataUrl(side, side, rgb);
}
