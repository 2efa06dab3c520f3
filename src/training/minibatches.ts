/**
 * One epoch of minibatches: a fresh permutation of the n training indices from the run's seeded stream, cut
 * into consecutive batches; the last batch keeps the remainder (as PyTorch's DataLoader does by default).
 */
import type { Generator } from '../random/generator';

export function epochBatches(order: Generator, n: number, batchSize: number): Int32Array[] {
  const permutation = order.permutation(n);
  const batches: Int32Array[] = [];
  for (let start = 0; start < n; start += batchSize) batches.push(permutation.subarray(start, start + batchSize));
  return batches;
}
