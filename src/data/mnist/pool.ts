/**
 * 2 x 2 average pooling of a 28 x 28 image of bytes to 14 x 14 values in [0, 1]:
 *   y[r][c] = (x[2r][2c] + x[2r][2c+1] + x[2r+1][2c] + x[2r+1][2c+1]) / (4 * 255),
 * the sum exact in integers, one division in double precision, then rounded to float32 on storing.
 */

export const POOLED_PIXELS = 196;

/** Pools the image at bytes[from .. from + 784) into out[to .. to + 196). */
export function pool2x2(bytes: Uint8Array, from: number, out: Float32Array, to: number): void {
  const x = (row: number, col: number) => bytes[from + 28 * row + col];
  for (let r = 0; r < 14; r++) {
    for (let c = 0; c < 14; c++) {
      const sum = x(2 * r, 2 * c) + x(2 * r, 2 * c + 1) + x(2 * r + 1, 2 * c) + x(2 * r + 1, 2 * c + 1);
      out[to + 14 * r + c] = sum / (4 * 255);
    }
  }
}
