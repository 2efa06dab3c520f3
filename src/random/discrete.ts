/**
 * Independent draws from a discrete distribution p over 0..n-1 (with replacement, as numpy's
 * `random.choice(n, size, p=p)`): each draw takes a uniform u in [0, 1) from the project's generator and returns
 * the smallest j with p_0 + ... + p_j > u (p_0 + ... + p_(n-1)), found by bisection on the cumulative sums
 * (float64, summed in index order, so every engine gives the same draws). An entry with p_j = 0 is never drawn.
 */
import type { Generator } from './generator';

export function drawWithReplacement(random: Generator, p: ArrayLike<number>, count: number): Int32Array {
  const cumulative = new Float64Array(p.length);
  let sum = 0;
  for (let j = 0; j < p.length; j++) cumulative[j] = sum += p[j];
  if (!(sum > 0)) throw new Error('A discrete distribution needs a positive total weight.');
  return Int32Array.from({ length: count }, () => {
    const target = random.uniform() * sum;
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  });
}
