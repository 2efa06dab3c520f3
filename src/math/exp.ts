/**
 * Exponential function in plain IEEE-754 double arithmetic: a port of fdlibm's `__ieee754_exp` (e_exp.c 1.6
 * 04/04/22, Sun Microsystems; the same code as V8's base::ieee754::exp and FreeBSD msun), returning the same
 * bits for every argument.
 *
 * Why: Math.exp is implementation-defined in JavaScript, while + - * / are correctly rounded in every engine,
 * so this function returns the same bits in Node and in every browser (the sigmoid of the mean-field models
 * calls it). Companion of src/random/log.ts.
 *
 * Method:
 *   1. Argument reduction: x = k ln2 + r, |r| <= 0.5 ln2, with k = (int)(x/ln2 +- 1/2) and r = hi - lo, where
 *      ln2 = ln2HI + ln2LO and ln2HI has its low 32 bits zero, so that k ln2HI is exact for |k| < 2^20.
 *   2. exp(r) = 1 + 2r / (2 - R(r)) with R(r) = r - (P1 r^2 + ... + P5 r^10) a minimax polynomial (error below
 *      2^-59), evaluated as exp(r) = 1 - ((lo - r c / (2 - c)) - hi), c = R(r).
 *   3. exp(x) = 2^k exp(r): a product with a power of two, exact.
 * Special cases: exp(NaN) = NaN, exp(+inf) = +inf, exp(-inf) = 0; overflow to +inf above 709.78, underflow to 0
 * below -745.13; exp(x) = 1 + x for |x| < 2^-28. Error below 1 ulp.
 *
 * Three changes from the C text, none changing a bit of any result, all for speed (about 2x in V8, where it
 * then runs as fast as Math.exp):
 *   - fdlibm tests hx, the high 32-bit word of |x|. Non-negative doubles are ordered like their bit patterns, so
 *     hx >= H is |x| >= [H, 0] (the double whose high word is H and low word 0), hx > H is |x| >= [H + 1, 0] and
 *     hx < H is |x| < [H, 0]; these four bounds are built once from their words below. NaN fails every
 *     comparison and is caught first; +-inf take the overflow and underflow branches, which return +inf and 0.
 *   - fdlibm multiplies by 2^k built from exponent bits; here 2^k comes from a table filled by exact doublings.
 *   - fdlibm's tables halF[xsb] = +-1/2, ln2HI[xsb] = +-ln2HI, ln2LO[xsb] = +-ln2LO become 1/2 - xsb and
 *     k ln2HI, k ln2LO with k = 1 - 2 xsb = +-1 (exact), xsb = +(x < 0) computed without a branch: the sign of
 *     the argument of a sigmoid is random, and a mispredicted branch costs as much as the polynomial.
 */

const o_threshold = 7.09782712893383973096e2; /* 0x40862E42, 0xFEFA39EF */
const u_threshold = -7.45133219101941108420e2; /* 0xc0874910, 0xD52D3051 */
const ln2HI = 6.93147180369123816490e-1; /* 0x3fe62e42, 0xfee00000 */
const ln2LO = 1.90821492927058770002e-10; /* 0x3dea39ef, 0x35793c76 */
const invln2 = 1.44269504088896338700e0; /* 0x3ff71547, 0x652b82fe */
const P1 = 1.66666666666666019037e-1; /* 0x3FC55555, 0x5555553E */
const P2 = -2.77777777770155933842e-3; /* 0xBF66C16C, 0x16BEBD93 */
const P3 = 6.61375632143793436117e-5; /* 0x3F11566A, 0xAF25DE2C */
const P4 = -1.65339022054652515390e-6; /* 0xBEBBBD41, 0xC5D26BF1 */
const P5 = 4.13813679705723846039e-8; /* 0x3E663769, 0x72BEA4D0 */
const twom1000 = 9.33263618503218878990e-302; /* 2^-1000 = 0x01700000, 0 */

/** The double [hi, 0]: high word hi, low word 0 (big-endian DataView, so independent of the platform). */
function highWord(hi: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, hi);
  return view.getFloat64(0);
}

const OVERFLOW_RANGE = highWord(0x40862e42); /* hx >= 0x40862e42: |x| >= 709.78... */
const HALF_LN2 = highWord(0x3fd62e43); /* hx > 0x3fd62e42: |x| > 0.5 ln2 */
const THREE_HALVES_LN2 = highWord(0x3ff0a2b2); /* hx < 0x3ff0a2b2: |x| < 1.5 ln2 */
const TWO_M28 = highWord(0x3e300000); /* hx < 0x3e300000: |x| < 2^-28 */

/** POW2[k + 1022] = 2^k for k = -1022, ..., 1023, by exact doublings and halvings of 1. */
const POW2 = new Float64Array(2046);
POW2[1022] = 1;
for (let i = 1023; i < 2046; i++) POW2[i] = POW2[i - 1] * 2;
for (let i = 1021; i >= 0; i--) POW2[i] = POW2[i + 1] / 2;

export function exp(x: number): number {
  const ax = Math.abs(x);

  /* filter out non-finite argument */
  if (!(ax < OVERFLOW_RANGE)) {
    if (x !== x) return x + x; /* NaN */
    if (x > o_threshold) return Infinity; /* overflow (fdlibm: huge * huge), and exp(+inf) = inf */
    if (x < u_threshold) return 0; /* underflow (fdlibm: twom1000 * twom1000), and exp(-inf) = 0 */
  }

  /* argument reduction */
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HALF_LN2) {
    const xsb = +(x < 0); /* sign bit of x (x is not +-0 or NaN here); a number, so no branch on it */
    if (ax < THREE_HALVES_LN2) {
      k = 1 - xsb - xsb;
      hi = x - k * ln2HI; /* x - ln2HI[xsb] */
      lo = k * ln2LO; /* ln2LO[xsb] */
    } else {
      k = (invln2 * x + (0.5 - xsb)) | 0; /* (int)(invln2 x + halF[xsb]); | 0 truncates toward zero like C */
      hi = x - k * ln2HI; /* k ln2HI is exact here */
      lo = k * ln2LO;
    }
    x = hi - lo;
  } else if (ax < TWO_M28) {
    return 1 + x;
  }

  /* x is now in primary range */
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * POW2[1023 + 1022];
    return y * POW2[k + 1022];
  }
  return y * POW2[k + 1000 + 1022] * twom1000;
}
