import type { Claim } from '../../src/figure/contract';
export const claims: Claim[] = [];
