import { describe, expect, it } from 'vitest';
import { gapExcessZ, mcnemarZ } from '../../src/math/mcnemar';

describe('mcnemarZ', () => {
  it('is (b - c) / sqrt(b + c)', () => {
    expect(mcnemarZ({ b: 30, c: 10 })).toBeCloseTo(20 / Math.sqrt(40), 14);
    expect(mcnemarZ({ b: 10, c: 30 })).toBeCloseTo(-20 / Math.sqrt(40), 14);
  });

  it('is the binomial z-score: under equal accuracy b ~ Bin(b + c, 1/2), mean (b + c)/2, sd sqrt(b + c)/2', () => {
    const [b, c] = [57, 21];
    const n = b + c;
    expect(mcnemarZ({ b, c })).toBeCloseTo((b - n / 2) / (Math.sqrt(n) / 2), 12);
  });

  it('is 0 when no test point separates the classifiers, or as many go each way', () => {
    expect(mcnemarZ({ b: 0, c: 0 })).toBe(0);
    expect(mcnemarZ({ b: 5, c: 5 })).toBe(0);
  });

  it('refuses anything that is not a count', () => {
    expect(() => mcnemarZ({ b: -1, c: 2 })).toThrow(/counts/);
    expect(() => mcnemarZ({ b: 1.5, c: 2 })).toThrow(/counts/);
  });
});

describe('gapExcessZ', () => {
  it('is the difference of the two gaps over the square root of all discordant points', () => {
    expect(gapExcessZ({ b: 48, c: 12 }, { b: 5, c: 1 })).toBeCloseTo((36 - 4) / Math.sqrt(66), 14);
  });

  it('is antisymmetric, and McNemar\'s z against a pair with no discordant point', () => {
    const [p, q] = [{ b: 22, c: 8 }, { b: 2, c: 1 }];
    expect(gapExcessZ(q, p)).toBeCloseTo(-gapExcessZ(p, q), 14);
    expect(gapExcessZ(p, { b: 0, c: 0 })).toBe(mcnemarZ(p));
  });

  it('divides by the exact standard deviation for independent pairs (by enumeration of two small binomials)', () => {
    // Pair 1 has 3 discordant points, pair 2 has 2, each going either way with probability 1/2: b1 - c1 = 2 k1 - 3,
    // b2 - c2 = 2 k2 - 2, so the difference has mean 0 and variance 3 + 2.
    const binom = (n: number, k: number): number => (k === 0 ? 1 : (binom(n, k - 1) * (n - k + 1)) / k);
    let variance = 0;
    for (let k1 = 0; k1 <= 3; k1++) {
      for (let k2 = 0; k2 <= 2; k2++) variance += ((binom(3, k1) * binom(2, k2)) / 32) * (2 * k1 - 3 - (2 * k2 - 2)) ** 2;
    }
    expect(variance).toBeCloseTo(5, 14);
    expect(gapExcessZ({ b: 3, c: 0 }, { b: 0, c: 2 })).toBeCloseTo((3 - -2) / Math.sqrt(variance), 14);
  });
});
