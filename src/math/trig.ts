/**
 * sin, cos, asin and acos in plain IEEE-754 double arithmetic: ports of fdlibm's s_sin.c, s_cos.c, k_sin.c,
 * k_cos.c, e_rem_pio2.c (medium-size arguments), e_asin.c and e_acos.c (Sun Microsystems, 1993; the code of
 * V8's base::ieee754 before it moved sin and cos to llvm-libc), returning the same bits for every argument.
 *
 * Why: Math.sin, cos, asin and acos are implementation-defined in JavaScript, and engines differ in the last bit
 * (Node 22 and Debian's Chromium 156 disagree on about 5% of arguments), while + - * / and Math.sqrt are
 * correctly rounded everywhere. Companions of ./exp and ../random/log.
 *
 * sin and cos reduce x to y = x - n pi/2, |y| <= pi/4, held as y0 + y1 (e_rem_pio2: pi/2 in three 33-bit pieces,
 * 33 + 53 bits usually, more when the subtraction cancels), then evaluate the kernel of quadrant n mod 4:
 *     sin(y) ~ y + S1 y^3 + ... + S6 y^13,   cos(y) ~ 1 - y^2/2 + C1 y^4 + ... + C6 y^14   (errors below 2^-58).
 * fdlibm's reduction of |x| > 2^19 pi/2 (__kernel_rem_pio2, 2/pi to 1,584 bits) is not ported: such arguments
 * throw a RangeError. asin(x) = x + x^3 R(x^2) on |x| < 1/2, with R a rational minimax approximation (error
 * below 2^-58.75), and asin(x) = pi/2 - 2 asin(sqrt((1 - x)/2)) above; acos(x) = pi/2 - asin(x) the same way.
 * Errors below 1 ulp.
 */

const double = new Float64Array(1);
const words = new Int32Array(double.buffer);
double[0] = 1; // high word 0x3ff00000, low word 0
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

function highWord(x: number): number {
  double[0] = x;
  return words[HI];
}

/** x with its low 32 bits cleared. */
function clearLow(x: number): number {
  double[0] = x;
  words[LO] = 0;
  return double[0];
}

/* __kernel_sin(x, y, iy): sin(x + y) on [-pi/4, pi/4]; iy = 0 means y = 0. */
const S1 = -1.66666666666666324348e-1; /* 0xBFC55555, 0x55555549 */
const S2 = 8.33333333332248946124e-3; /* 0x3F811111, 0x1110F8A6 */
const S3 = -1.98412698298579493134e-4; /* 0xBF2A01A0, 0x19C161D5 */
const S4 = 2.75573137070700676789e-6; /* 0x3EC71DE3, 0x57B1FE7D */
const S5 = -2.50507602534068634195e-8; /* 0xBE5AE5E6, 0x8A2B9CEB */
const S6 = 1.58969099521155010221e-10; /* 0x3DE5D93A, 0x5ACFD57C */

function kernelSin(x: number, y: number, iy: number): number {
  if ((highWord(x) & 0x7fffffff) < 0x3e400000) return x; /* |x| < 2^-27 */
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

/* __kernel_cos(x, y): cos(x + y) on [-pi/4, pi/4]. */
const C1 = 4.16666666666666019037e-2; /* 0x3FA55555, 0x5555554C */
const C2 = -1.38888888888741095749e-3; /* 0xBF56C16C, 0x16C15177 */
const C3 = 2.48015872894767294178e-5; /* 0x3EFA01A0, 0x19CB1590 */
const C4 = -2.75573143513906633035e-7; /* 0xBE927E4F, 0x809C52AD */
const C5 = 2.08757232129817482790e-9; /* 0x3E21EE9E, 0xBDB4B1C4 */
const C6 = -1.13596475577881948265e-11; /* 0xBDA8FAE9, 0xBE8838D4 */

function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; /* |x| < 2^-27 */
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); /* |x| < 0.3 */
  let qx: number;
  if (ix > 0x3fe90000) {
    qx = 0.28125; /* |x| > 0.78125 */
  } else {
    words[HI] = ix - 0x00200000; /* |x|/4 with its low word cleared */
    words[LO] = 0;
    qx = double[0];
  }
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

/* __ieee754_rem_pio2(x): n and y0 + y1 = x - n pi/2, for |x| <= 2^19 pi/2. */
const invpio2 = 6.36619772367581382433e-1; /* 0x3FE45F30, 0x6DC9C883: 53 bits of 2/pi */
const pio2_1 = 1.57079632673412561417; /* 0x3FF921FB, 0x54400000: first 33 bits of pi/2 */
const pio2_1t = 6.07710050650619224932e-11; /* 0x3DD0B461, 0x1A626331: pi/2 - pio2_1 */
const pio2_2 = 6.07710050630396597660e-11; /* 0x3DD0B461, 0x1A600000: second 33 bits of pi/2 */
const pio2_2t = 2.02226624879595063154e-21; /* 0x3BA3198A, 0x2E037073: pi/2 - (pio2_1 + pio2_2) */
const pio2_3 = 2.02226624871116645580e-21; /* 0x3BA3198A, 0x2E000000: third 33 bits of pi/2 */
const pio2_3t = 8.47842766036889956997e-32; /* 0x397B839A, 0x252049C1: pi/2 - (pio2_1 + pio2_2 + pio2_3) */
/* High words of n pi/2, n = 1, ..., 32: when the high word of x is one of them, the first subtraction may cancel. */
const npio2_hw = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a,
  0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a,
  0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac,
  0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/** The reduced argument of the last call: y0 + y1. */
let y0 = 0;
let y1 = 0;

function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    /* |x| < 3pi/4 (and > pi/4 here): n = +-1 */
    if (hx > 0) {
      let z = x - pio2_1;
      if (ix !== 0x3ff921fb) {
        y0 = z - pio2_1t; /* 33 + 53 bits of pi are enough */
        y1 = z - y0 - pio2_1t;
      } else {
        z -= pio2_2; /* near pi/2: 33 + 33 + 53 bits */
        y0 = z - pio2_2t;
        y1 = z - y0 - pio2_2t;
      }
      return 1;
    }
    let z = x + pio2_1;
    if (ix !== 0x3ff921fb) {
      y0 = z + pio2_1t;
      y1 = z - y0 + pio2_1t;
    } else {
      z += pio2_2;
      y0 = z + pio2_2t;
      y1 = z - y0 + pio2_2t;
    }
    return -1;
  }
  if (ix > 0x413921fb) throw new RangeError(`trig: |x| = ${Math.abs(x)} is beyond 2^19 pi/2, which is not supported.`);
  /* medium size */
  const t0 = Math.abs(x);
  const n = (t0 * invpio2 + 0.5) | 0; /* (int32) truncation, n >= 0 */
  const fn = n;
  let r = t0 - fn * pio2_1;
  let w = fn * pio2_1t; /* first round, good to 85 bits */
  if (n < 32 && ix !== npio2_hw[n - 1]) {
    y0 = r - w; /* no cancellation */
  } else {
    const j = ix >> 20;
    y0 = r - w;
    let i = j - ((highWord(y0) >> 20) & 0x7ff);
    if (i > 16) {
      /* second round, good to 118 bits */
      let t = r;
      w = fn * pio2_2;
      r = t - w;
      w = fn * pio2_2t - (t - r - w);
      y0 = r - w;
      i = j - ((highWord(y0) >> 20) & 0x7ff);
      if (i > 49) {
        /* third round, 151 bits, covers every case */
        t = r;
        w = fn * pio2_3;
        r = t - w;
        w = fn * pio2_3t - (t - r - w);
        y0 = r - w;
      }
    }
  }
  y1 = r - y0 - w;
  if (hx < 0) {
    y0 = -y0;
    y1 = -y1;
    return -n;
  }
  return n;
}

export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0); /* |x| <= pi/4 */
  if (ix >= 0x7ff00000) return x - x; /* NaN */
  switch (remPio2(x) & 3) {
    case 0:
      return kernelSin(y0, y1, 1);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, 1);
    default:
      return -kernelCos(y0, y1);
  }
}

export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0); /* |x| <= pi/4 */
  if (ix >= 0x7ff00000) return x - x; /* NaN */
  switch (remPio2(x) & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, 1);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, 1);
  }
}

/* R(z) = p(z)/q(z), the rational approximation of (asin(x) - x)/x^3 in z = x^2 shared by asin and acos. */
const pS0 = 1.66666666666666657415e-1; /* 0x3FC55555, 0x55555555 */
const pS1 = -3.25565818622400915405e-1; /* 0xBFD4D612, 0x03EB6F7D */
const pS2 = 2.01212532134862925881e-1; /* 0x3FC9C155, 0x0E884455 */
const pS3 = -4.00555345006794114027e-2; /* 0xBFA48228, 0xB5688F3B */
const pS4 = 7.91534994289814532176e-4; /* 0x3F49EFE0, 0x7501B288 */
const pS5 = 3.47933107596021167570e-5; /* 0x3F023DE1, 0x0DFDF709 */
const qS1 = -2.40339491173441421878; /* 0xC0033A27, 0x1C8A2D4B */
const qS2 = 2.02094576023350569471; /* 0x40002AE5, 0x9C598AC8 */
const qS3 = -6.88283971605453293030e-1; /* 0xBFE6066C, 0x1B8D0159 */
const qS4 = 7.70381505559019352791e-2; /* 0x3FB3B8C5, 0xB12E9282 */
const p = (z: number) => z * (pS0 + z * (pS1 + z * (pS2 + z * (pS3 + z * (pS4 + z * pS5)))));
const q = (z: number) => 1 + z * (qS1 + z * (qS2 + z * (qS3 + z * qS4)));

const pi = 3.14159265358979311600; /* 0x400921FB, 0x54442D18 */
const pio2_hi = 1.57079632679489655800; /* 0x3FF921FB, 0x54442D18 */
const pio2_lo = 6.12323399573676603587e-17; /* 0x3C91A626, 0x33145C07 */
const pio4_hi = 7.85398163397448278999e-1; /* 0x3FE921FB, 0x54442D18 */

export function asin(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    /* |x| >= 1 */
    if (Math.abs(x) === 1) return x * pio2_hi + x * pio2_lo; /* asin(+-1) = +-pi/2 */
    return NaN; /* |x| > 1, or NaN */
  }
  if (ix < 0x3fe00000) {
    /* |x| < 0.5 */
    if (ix < 0x3e400000) return x; /* |x| < 2^-27 */
    const t = x * x;
    return x + x * (p(t) / q(t));
  }
  /* 0.5 <= |x| < 1 */
  const t = (1 - Math.abs(x)) * 0.5;
  const s = Math.sqrt(t);
  let result: number;
  if (ix >= 0x3fef3333) {
    /* |x| > 0.975 */
    result = pio2_hi - (2 * (s + s * (p(t) / q(t))) - pio2_lo);
  } else {
    const f = clearLow(s);
    const c = (t - f * f) / (s + f); /* f + c ~ sqrt(t) */
    const r = p(t) / q(t);
    result = pio4_hi - (2 * s * r - (pio2_lo - 2 * c) - (pio4_hi - 2 * f));
  }
  return hx > 0 ? result : -result;
}

export function acos(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    /* |x| >= 1 */
    if (x === 1) return 0;
    if (x === -1) return pi + 2 * pio2_lo;
    return NaN; /* |x| > 1, or NaN */
  }
  if (ix < 0x3fe00000) {
    /* |x| < 0.5 */
    if (ix <= 0x3c600000) return pio2_hi + pio2_lo; /* |x| < 2^-57 */
    const z = x * x;
    return pio2_hi - (x - (pio2_lo - x * (p(z) / q(z))));
  }
  if (hx < 0) {
    /* x < -0.5 */
    const z = (1 + x) * 0.5;
    const s = Math.sqrt(z);
    const w = (p(z) / q(z)) * s - pio2_lo;
    return pi - 2 * (s + w);
  }
  /* x > 0.5 */
  const z = (1 - x) * 0.5;
  const s = Math.sqrt(z);
  const f = clearLow(s);
  const c = (z - f * f) / (s + f);
  const w = (p(z) / q(z)) * s + c;
  return 2 * (f + w);
}
