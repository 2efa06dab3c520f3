/**
 * The portable sin, cos, asin and acos (src/math/trig): the IEEE special values, and bit-for-bit equality with
 * Node's Math functions, which are fdlibm's (V8's base::ieee754 in Node 22), on doubles of every kind the code
 * branches on. Every draw is seeded.
 */
import { describe, expect, it } from 'vitest';
import { acos, asin, cos, sin } from '../../src/math/trig';
import { generator } from '../../src/random/generator';

const view = new DataView(new ArrayBuffer(8));
const fromWords = (hi: number, lo: number) => {
  view.setUint32(0, hi); // big-endian: the high word first
  view.setUint32(4, lo);
  return view.getFloat64(0);
};
/** x moved by k ulps. */
const ulps = (x: number, k: number) => x + k * Math.abs(x) * 2 ** -52;
const mismatches = (xs: number[], f: (x: number) => number, F: (x: number) => number) =>
  xs.filter((x) => !Object.is(f(x), F(x))).slice(0, 5).map((x) => [x, f(x), F(x)]);

describe('sin and cos', () => {
  it('have the IEEE special values and refuse arguments beyond 2^19 pi/2', () => {
    expect(Object.is(sin(0), 0)).toBe(true);
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(cos(0)).toBe(1);
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(sin(v)).toBeNaN();
      expect(cos(v)).toBeNaN();
    }
    expect(() => sin(2 ** 21)).toThrow(RangeError);
    expect(() => cos(-(2 ** 21))).toThrow(RangeError);
  });

  it("equal Node's Math.sin and Math.cos bit for bit on 200,000 doubles of every kind", () => {
    const gen = generator(1, 'trig-test/sin-cos');
    const sign = () => (gen.integer(2) ? -1 : 1);
    const kinds: (() => number)[] = [
      () => sign() * 2 ** (gen.uniform() * 40 - 30), // tiny to 2^10, through the kernels' 2^-27 bound
      () => (2 * gen.uniform() - 1) * 8 * Math.PI, // the quadrants of a few turns
      () => sign() * gen.uniform() * 2 ** 19 * (Math.PI / 2), // the whole medium range
      () => sign() * ulps((gen.integer(200) + 1) * (Math.PI / 2), gen.integer(9) - 4), // near n pi/2: cancellation
      () => sign() * ulps([0.3, 0.78125, Math.PI / 4, (3 * Math.PI) / 4][gen.integer(4)], gen.integer(9) - 4),
      () => sign() * fromWords(0x3e400000 + gen.integer(0x413921fb - 0x3e400000), gen.nextUint32()), // any high word
    ];
    const xs = Array.from({ length: 200_000 }, () => kinds[gen.integer(kinds.length)]());
    expect(mismatches(xs, sin, Math.sin)).toEqual([]);
    expect(mismatches(xs, cos, Math.cos)).toEqual([]);
  });
});

describe('asin and acos', () => {
  it('have the IEEE special values', () => {
    expect(Object.is(asin(0), 0)).toBe(true);
    expect(Object.is(asin(-0), -0)).toBe(true);
    expect(asin(1)).toBe(Math.PI / 2);
    expect(acos(1)).toBe(0);
    expect(acos(-1)).toBe(Math.PI);
    for (const v of [NaN, 1.0000000000000002, -2, Infinity]) {
      expect(asin(v)).toBeNaN();
      expect(acos(v)).toBeNaN();
    }
  });

  it("equal Node's Math.asin and Math.acos bit for bit on 200,000 doubles of every kind", () => {
    const gen = generator(1, 'trig-test/asin-acos');
    const sign = () => (gen.integer(2) ? -1 : 1);
    const kinds: (() => number)[] = [
      () => 2 * gen.uniform() - 1,
      () => sign() * 2 ** -(gen.integer(70) + gen.uniform()), // tiny, through the 2^-27 and 2^-57 bounds
      () => sign() * (1 - 2 ** -(gen.integer(52) + 1) * gen.uniform()), // near +-1
      () => sign() * ulps([0.5, 0.975, fromWords(0x3fef3333, 0)][gen.integer(3)], gen.integer(9) - 4),
    ];
    const xs = Array.from({ length: 200_000 }, () => kinds[gen.integer(kinds.length)]());
    expect(mismatches(xs, asin, Math.asin)).toEqual([]);
    expect(mismatches(xs, acos, Math.acos)).toEqual([]);
  });
});
