/**
 * Statistics of neurons theta_j in R^784 seen as 28 x 28 images (rows of a row-major m x 784 array), computed on
 * the host in float64, in a fixed order:
 *
 *     norm          ||theta_j||
 *     smoothness    the neighbouring-pixel correlation of the image: with mu and s^2 its mean and variance over
 *                   the 784 pixels, the mean of (theta[p] - mu)(theta[q] - mu) / s^2 over the 2 * 28 * 27 pairs of
 *                   horizontally or vertically adjacent pixels p, q. About 0 (+-0.03) for N(0, I) rows, 1 for a
 *                   constant gradient.
 *     blank ratio   the rms of theta_j over the blank pixels (zero in every training digit) divided by its rms over
 *                   the others: 1 for rows that ignore the data, near 0 for rows shaped by it.
 */
export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

const rowOf = (rows: Float32Array, j: number) => rows.subarray(j * PIXELS, (j + 1) * PIXELS);

export function rowNorm(rows: Float32Array, j: number): number {
  const row = rowOf(rows, j);
  let s = 0;
  for (let p = 0; p < PIXELS; p++) s += row[p] * row[p];
  return Math.sqrt(s);
}

/** Mean of |theta_j[p]| over the 784 pixels. */
export function meanAbsEntry(rows: Float32Array, j: number): number {
  const row = rowOf(rows, j);
  let s = 0;
  for (let p = 0; p < PIXELS; p++) s += Math.abs(row[p]);
  return s / PIXELS;
}

export function smoothness(rows: Float32Array, j: number): number {
  const row = rowOf(rows, j);
  let mu = 0;
  for (let p = 0; p < PIXELS; p++) mu += row[p];
  mu /= PIXELS;
  let variance = 0;
  for (let p = 0; p < PIXELS; p++) variance += (row[p] - mu) ** 2;
  variance /= PIXELS;
  let c = 0;
  for (let r = 0; r < SIDE; r++) {
    for (let q = 0; q < SIDE; q++) {
      const p = r * SIDE + q;
      if (q + 1 < SIDE) c += (row[p] - mu) * (row[p + 1] - mu);
      if (r + 1 < SIDE) c += (row[p] - mu) * (row[p + SIDE] - mu);
    }
  }
  return c / (2 * SIDE * (SIDE - 1)) / variance;
}

/** The pixels that are 0 in every one of the n images x (n x 784, row-major). */
export function blankPixels(x: Float32Array, n: number): Uint8Array {
  const blank = new Uint8Array(PIXELS).fill(1);
  for (let i = 0; i < n; i++) for (let p = 0; p < PIXELS; p++) if (x[i * PIXELS + p] !== 0) blank[p] = 0;
  return blank;
}

export function blankRatio(rows: Float32Array, j: number, blank: Uint8Array): number {
  const row = rowOf(rows, j);
  let sb = 0, nb = 0, so = 0, no = 0;
  for (let p = 0; p < PIXELS; p++) {
    if (blank[p]) (sb += row[p] * row[p]), nb++;
    else (so += row[p] * row[p]), no++;
  }
  return Math.sqrt(sb / nb) / Math.sqrt(so / no);
}

/** The mean of a statistic over rows from..to-1. */
export function meanOver(from: number, to: number, stat: (j: number) => number): number {
  let s = 0;
  for (let j = from; j < to; j++) s += stat(j);
  return s / (to - from);
}
