/**
 * The project's seeded generator: every random number comes from here (never Math.random or tf.random), so
 * Node and every browser draw identical bits. It wraps xoshiro128** (./xoshiro128), seeded from an integer
 * seed and a stream name; different names give unrelated sequences for the same seed.
 *
 *   uniform:     u = ((a >>> 5) 2^26 + (b >>> 6)) / 2^53 from two consecutive outputs a, b: a 53-bit double
 *                in [0, 1).
 *   integer(n):  uniform on {0, ..., n-1} by bitmask rejection: draw r = output AND m, with m = 2^k - 1 the
 *                smallest such mask >= n - 1, until r < n (unbiased; fewer than 2 draws on average).
 *   normal:      Marsaglia's polar method (Marsaglia and Bray, SIAM Review 6(3), 1964): draw
 *                x1 = 2u - 1, then x2 = 2u - 1, until 0 < s = x1^2 + x2^2 < 1; with f = sqrt(-2 log(s) / s),
 *                f x1 and f x2 are independent standard normals. The call returns f x2 and keeps f x1,
 *                which the next call returns without drawing. log is ./log, identical in every engine.
 *   permutation: Fisher–Yates (Durstenfeld, CACM 7(7), 1964): for i = n-1 down to 1, swap entries i and
 *                j = integer(i + 1), starting from the identity.
 */
import { log } from './log';
import { Xoshiro128 } from './xoshiro128';

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

export class Generator {
  private readonly core: Xoshiro128;
  private spare: number | null = null;

  /** seed: an integer in [0, 2^53 - 1]; stream: any name, e.g. "<figure id>/init". */
  constructor(seed: number, stream: string) {
    this.core = Xoshiro128.fromSeed(seed, stream);
  }

  nextUint32(): number {
    return this.core.next();
  }

  uniform(): number {
    const a = this.core.next() >>> 5;
    const b = this.core.next() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** For integer n with 1 <= n <= 2^32. */
  integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
      throw new Error(`integer(n) needs an integer n between 1 and 2^32 (got ${n}).`);
    }
    const mask = n === 1 ? 0 : 0xffffffff >>> Math.clz32(n - 1);
    let r: number;
    do r = (this.core.next() & mask) >>> 0;
    while (r >= n);
    return r;
  }

  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    let x1: number, x2: number, s: number;
    do {
      x1 = 2 * this.uniform() - 1;
      x2 = 2 * this.uniform() - 1;
      s = x1 * x1 + x2 * x2;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * log(s)) / s);
    this.spare = f * x1;
    return f * x2;
  }

  /** n standard normals times std, rounded to float32. */
  normals(n: number, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * std;
    return out;
  }

  /** A uniformly random permutation of 0, ..., n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

export function generator(seed: number, stream: string): Generator {
  return new Generator(seed, stream);
}
