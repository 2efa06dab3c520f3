/**
 * xoshiro128** 1.0 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021; reference C code at https://prng.di.unimi.it/xoshiro128starstar.c).
 *
 * State: four 32-bit words s0..s3, never all zero. One step returns rotl(s1 * 5, 7) * 9 and then
 *   t = s1 << 9;  s2 ^= s0;  s3 ^= s1;  s1 ^= s2;  s0 ^= s3;  s2 ^= t;  s3 = rotl(s3, 11),
 * with products modulo 2^32 (Math.imul) and words kept unsigned (>>> 0).
 *
 * Seeding from a seed (an integer in [0, 2^53 - 1]) and a stream name, all arithmetic modulo 2^64 (BigInt is
 * used here only):
 *   1. h = FNV-1a-64 of the UTF-8 bytes of the name: h = 0xcbf29ce484222325, then for each byte b,
 *      h = (h XOR b) * 0x100000001b3.
 *   2. key = mix(seed) XOR h, where mix is the SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014):
 *      z = (z XOR z >> 30) * 0xbf58476d1ce4e5b9;  z = (z XOR z >> 27) * 0x94d049bb133111eb;  z XOR z >> 31.
 *   3. Two SplitMix64 outputs from the key: o_i = mix(key + i * 0x9e3779b97f4a7c15) for i = 1, 2.
 *   4. s0 = low 32 bits of o_1, s1 = high 32 bits of o_1, s2 = low of o_2, s3 = high of o_2.
 * mix is a bijection with mix(0) = 0, and the two arguments in step 3 differ, so o_1 and o_2 are never both
 * zero: the all-zero state cannot arise (it is asserted all the same).
 */

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  return h;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Xoshiro128 {
  private constructor(
    private s0: number,
    private s1: number,
    private s2: number,
    private s3: number,
  ) {
    if ((s0 | s1 | s2 | s3) === 0) throw new Error('xoshiro128**: the all-zero state is not allowed.');
  }

  /** The raw state [s0, s1, s2, s3] as in the reference code, for checking against it. */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128 {
    for (const word of state) {
      if (!Number.isInteger(word) || word < 0 || word > 0xffffffff) {
        throw new Error(`xoshiro128**: state words must be integers in [0, 2^32 - 1], got ${word}.`);
      }
    }
    return new Xoshiro128(state[0], state[1], state[2], state[3]);
  }

  /** The seeding procedure of the file header. */
  static fromSeed(seed: number, stream: string): Xoshiro128 {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new Error(`The seed must be an integer between 0 and 2^53 - 1 (got ${seed}).`);
    }
    const key = mix64(BigInt(seed)) ^ fnv1a64(stream);
    const o1 = mix64((key + GOLDEN_GAMMA) & MASK64);
    const o2 = mix64((key + 2n * GOLDEN_GAMMA) & MASK64);
    const low = (o: bigint) => Number(o & 0xffffffffn);
    const high = (o: bigint) => Number(o >> 32n);
    return new Xoshiro128(low(o1), high(o1), low(o2), high(o2));
  }

  /** The next output, an integer in [0, 2^32 - 1]. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }
}
