/** The table-driven exp of the mean-field sigmoid (src/math/exp-table) against the fdlibm port (src/math/exp). */
import { describe, expect, it } from 'vitest';
import { exp } from '../../src/math/exp';
import { expTable } from '../../src/math/exp-table';

const bits = new BigInt64Array(1);
const view = new Float64Array(bits.buffer);
/** Distance in units in the last place between two finite positive doubles. */
function ulps(a: number, b: number): number {
  view[0] = a;
  const x = bits[0];
  view[0] = b;
  return Math.abs(Number(x - bits[0]));
}

describe('expTable', () => {
  it('is within 2 ulp of the fdlibm exp on 2 million arguments in (-708, 708), and exact at 0', () => {
    let worst = 0;
    for (let i = 0; i < 2_000_000; i++) {
      const x = -708 + (1416 * (i + 0.5)) / 2_000_000;
      worst = Math.max(worst, ulps(expTable(x), exp(x)));
    }
    // Also small arguments, where r is the whole of x.
    for (let i = -2000; i <= 2000; i++) worst = Math.max(worst, ulps(expTable(i * 1e-5), exp(i * 1e-5)));
    expect(worst).toBeLessThanOrEqual(2);
    expect(expTable(0)).toBe(1);
    expect(expTable(1)).toBeCloseTo(Math.E, 15);
  });

  it('passes overflow, underflow, infinities and NaN to the fdlibm exp', () => {
    for (const x of [708, -708, 709.7, 710, -744, -746, Infinity, -Infinity]) expect(expTable(x)).toBe(exp(x));
    expect(expTable(NaN)).toBeNaN();
  });
});
