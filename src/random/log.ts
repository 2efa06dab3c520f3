/**
 * Natural logarithm in plain IEEE-754 double arithmetic: a line-by-line port of fdlibm's `__ieee754_log`
 * (e_log.c 1.3 95/01/18, Sun Microsystems; the same code as V8's base::ieee754::log and FreeBSD msun).
 *
 * Why: Math.log is implementation-defined in JavaScript, while + - * / are correctly rounded in every engine,
 * so this function returns the same bits in Node and in every browser.
 *
 * Method: write x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2). With s = f / (2 + f),
 *   log(1 + f) = 2s + 2/3 s^3 + 2/5 s^5 + ... = f - s (f - R(z)),  z = s^2,
 * where R(z) = Lg1 z + ... + Lg7 z^7 is a minimax polynomial (error below 2^-58.45), evaluated in two halves
 * t1 (even) and t2 (odd); and log(x) = k ln2_hi + (log(1 + f) + k ln2_lo), where ln2_hi has its low 21 bits
 * zero so that k ln2_hi is exact for |k| < 2000. Subnormal x is first scaled by 2^54. Error below 1 ulp.
 *
 * The high and low 32-bit words of a double are read and written through one shared buffer; the word order
 * is detected once, so the code does not depend on the platform's endianness.
 */

const ln2_hi = 6.93147180369123816490e-1; /* 3fe62e42 fee00000 */
const ln2_lo = 1.90821492927058770002e-10; /* 3dea39ef 35793c76 */
const two54 = 1.8014398509481984e16; /* 43500000 00000000 */
const Lg1 = 6.666666666666735130e-1; /* 3FE55555 55555593 */
const Lg2 = 3.999999999940941908e-1; /* 3FD99999 9997FA04 */
const Lg3 = 2.857142874366239149e-1; /* 3FD24924 94229359 */
const Lg4 = 2.222219843214978396e-1; /* 3FCC71C5 1D8E78AF */
const Lg5 = 1.818357216161805012e-1; /* 3FC74664 96CB03DE */
const Lg6 = 1.531383769920937332e-1; /* 3FC39A09 D078C69F */
const Lg7 = 1.479819860511658591e-1; /* 3FC2F112 DF3E5244 */

const double = new Float64Array(1);
const words = new Int32Array(double.buffer);
double[0] = 1; // high word 0x3ff00000, low word 0
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

export function log(x: number): number {
  double[0] = x;
  let hx = words[HI];
  const lx = words[LO];

  let k = 0;
  if (hx < 0x00100000) {
    /* x < 2^-1022 */
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; /* log(+-0) = -inf */
    if (hx < 0) return NaN; /* log(-#) = NaN */
    k -= 54;
    x *= two54; /* subnormal number, scale up x */
    double[0] = x;
    hx = words[HI];
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  words[HI] = hx | (i ^ 0x3ff00000); /* normalize x or x/2 */
  x = double[0];
  k += i >> 20;
  const f = x - 1.0;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    /* -2^-20 <= f < 2^-20 */
    if (f === 0) return k === 0 ? 0 : dk * ln2_hi + dk * ln2_lo;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * ln2_hi - (R - dk * ln2_lo - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * ln2_hi - (hfsq - (s * (hfsq + R) + dk * ln2_lo) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * ln2_hi - (s * (f - R) - dk * ln2_lo - f);
}
