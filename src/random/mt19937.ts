/**
 * MT19937, the Mersenne Twister (M. Matsumoto and T. Nishimura, "Mersenne Twister: a 623-dimensionally
 * equidistributed uniform pseudo-random number generator", ACM TOMACS 8(1), 1998; reference code mt19937ar.c,
 * 2002), exactly as numpy's legacy RandomState runs it (numpy/random/src/mt19937/mt19937.c).
 *
 * State: N = 624 words of 32 bits and a position. Seeding from an integer seed (init_genrand):
 *   mt[0] = seed;  mt[i] = 1812433253 (mt[i-1] XOR (mt[i-1] >> 30)) + i  (mod 2^32),  i = 1 .. 623,
 * which is what numpy's RandomState(seed) does for an integer seed in [0, 2^32 - 1].
 * Each time the position reaches N, the whole state is regenerated at once (M = 397, matrix A = 0x9908b0df):
 *   y = (mt[k] AND 0x80000000) OR (mt[k+1 mod N] AND 0x7fffffff);  mt[k] = mt[k+M mod N] XOR (y >> 1) XOR (A if y odd).
 * An output is the next word, tempered:
 *   y ^= y >> 11;  y ^= (y << 7) AND 0x9d2c5680;  y ^= (y << 15) AND 0xefc60000;  y ^= y >> 18.
 * Products are taken modulo 2^32 with Math.imul, and words are kept unsigned with >>> 0.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MT19937 {
  private readonly mt = new Uint32Array(N);
  private mti = N;

  /** seed: an integer in [0, 2^32 - 1]. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`MT19937: the seed must be an integer between 0 and 2**32 - 1 (got ${seed}).`);
    }
    this.init_genrand(seed);
  }

  private init_genrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.mti = N;
  }

  /** Regenerates all N words (numpy's mt19937_gen). */
  private generate(): void {
    const mt = this.mt;
    for (let kk = 0; kk < N; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
      mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.mti = 0;
  }

  /** The next 32-bit output, an integer in [0, 2^32 - 1] (genrand_int32). */
  genrand_int32(): number {
    if (this.mti >= N) this.generate();
    let y = this.mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
