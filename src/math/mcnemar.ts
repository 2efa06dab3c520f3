/**
 * McNemar's test for two classifiers scored on the same test set (McNemar, Psychometrika 12(2), 1947; for
 * classifiers, Dietterich, Neural Computation 10(7), 1998). Let b be the number of test points that only the first
 * classifies correctly and c the number that only the second does; the points both get right, or both wrong, say
 * nothing about which is better. If the two are equally accurate, each of the b + c discordant points goes either
 * way with probability 1/2, so
 *
 *     z = (b - c) / sqrt(b + c)
 *
 * is approximately standard normal: the accuracy gap (b - c) / N on N test points, in standard errors.
 *
 * Two such pairs (1 and 2) on the same test set compare by the excess of the first gap over the second,
 *
 *     z = [(b1 - c1) - (b2 - c2)] / sqrt(b1 + c1 + b2 + c2),
 *
 * the variances of the two differences added as if their discordant points were independent. Where the same
 * points separate both pairs in the same direction the two gaps are positively correlated and this z is
 * conservative. Against a pair with no discordant point it is McNemar's z. With no discordant point at all, z = 0.
 */
export interface Discordant {
  /** Test points only the first classifier gets right. */
  b: number;
  /** Test points only the second classifier gets right. */
  c: number;
}

const NONE: Discordant = { b: 0, c: 0 };

function checkCounts({ b, c }: Discordant): void {
  if (![b, c].every((v) => Number.isInteger(v) && v >= 0)) {
    throw new Error(`McNemar's test needs counts of test points (got b = ${b}, c = ${c}).`);
  }
}

/** By how many standard errors the first pair's accuracy gap exceeds the second's. */
export function gapExcessZ(first: Discordant, second: Discordant): number {
  checkCounts(first);
  checkCounts(second);
  const discordant = first.b + first.c + second.b + second.c;
  return discordant === 0 ? 0 : (first.b - first.c - (second.b - second.c)) / Math.sqrt(discordant);
}

/** McNemar's z: the accuracy gap of one pair in standard errors. */
export function mcnemarZ(pair: Discordant): number {
  return gapExcessZ(pair, NONE);
}
