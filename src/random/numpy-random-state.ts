/**
 * numpy's legacy `numpy.random.RandomState`, the methods scikit-learn's generators use, drawing the same
 * bits as numpy (numpy/random/mtrand.pyx with numpy/random/src/distributions and src/legacy; these legacy
 * streams are frozen by numpy's compatibility policy, NEP 19). The core is MT19937 (./mt19937) seeded with
 * init_genrand(seed); a and b below are two consecutive 32-bit outputs, in that order.
 *
 *   randomSample():     ((a >>> 5) 2^26 + (b >>> 6)) / 2^53, a 53-bit double in [0, 1) (mt19937_next_double).
 *   uniform(low, high): low + (high - low) randomSample() (random_uniform); high - low must be finite.
 *   standardNormal():   legacy_gauss, Marsaglia's polar method: draw x1 = 2u - 1, then x2 = 2u - 1, until
 *                       0 < r2 = x1^2 + x2^2 < 1; f = sqrt(-2 log(r2) / r2); return f x2 and keep f x1, which
 *                       the next call returns without drawing. The kept value survives calls to the other
 *                       methods in between, as in numpy. log is ./log (fdlibm), the same bits in every engine.
 *                       numpy calls the C library's log instead, and libraries differ in the last bit: glibc
 *                       2.36 (x86-64, FMA) and fdlibm disagree on about 7% of the r2 met in Figure 4's data,
 *                       which changes about 3% of the normals by an ulp or so. The stream of 32-bit draws is
 *                       the same either way (log does not decide acceptance), and so is every other method.
 *   interval(max):      uniform on {0, ..., max} by masked rejection (random_interval, formerly rk_interval):
 *                       mask = the smallest 2^k - 1 >= max; draw a 32-bit output, AND it with mask, and draw
 *                       again while the result exceeds max. max = 0 returns 0 and draws nothing.
 *   randint(n):         uniform on {0, ..., n-1}: numpy's randint(n) (bounded masked uint32 on [0, n-1]),
 *                       the same draws as interval(n - 1); randint(1) draws nothing.
 *   shuffle(array):     in place, Fisher–Yates from the last index down: for i = n-1 .. 1, swap entries i and
 *                       j = interval(i).
 *   permutation(n):     shuffle of 0, 1, ..., n-1.
 * Ranges wider than 2^32 (where numpy switches to 64-bit draws) are not supported and throw.
 */
import { log } from './log';
import { MT19937 } from './mt19937';

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const MAX_UINT32 = 0xffffffff;

export class NumpyRandomState {
  private readonly bitgen: MT19937;
  private hasGauss = false;
  private gauss = 0;

  /** numpy.random.RandomState(seed) for an integer seed in [0, 2^32 - 1]. */
  constructor(seed: number) {
    this.bitgen = new MT19937(seed);
  }

  randomSample(): number {
    const a = this.bitgen.genrand_int32() >>> 5;
    const b = this.bitgen.genrand_int32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  uniform(low = 0, high = 1): number {
    const range = high - low;
    if (!Number.isFinite(range)) throw new Error(`uniform: range exceeds valid bounds (low ${low}, high ${high}).`);
    return low + range * this.randomSample();
  }

  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const kept = this.gauss;
      this.gauss = 0;
      return kept;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  interval(max: number): number {
    if (!Number.isInteger(max) || max < 0 || max > MAX_UINT32) {
      throw new Error(`interval: max must be an integer in [0, 2**32 - 1] (got ${max}); wider is not supported.`);
    }
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.bitgen.genrand_int32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  randint(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new Error(`randint: low >= high (randint(${n}) needs an integer n >= 1).`);
    return this.interval(n - 1);
  }

  shuffle(array: { length: number; [index: number]: number }): void {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
  }

  /** n: an integer in [0, 2^31 - 1]. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new Error(`permutation: n must be an integer in [0, 2**31 - 1] (got ${n}).`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }
}
