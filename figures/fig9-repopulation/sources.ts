// TEMPORARY stand-in until src/neurons/generators.ts lands from the art branch.
import type { RunContext } from '../../src/figure/contract';
import type { Generator } from '../../src/random/generator';

export type NeuronSource = 'gaussian' | 'vae' | 'full-covariance' | 'pixel-variance' | 'isotropic';
export const SOURCES: { id: NeuronSource; label: string }[] = [
  { id: 'gaussian', label: 'random, N(0, I)' },
  { id: 'isotropic', label: 'isotropic, norm 2.7' },
];
export async function neuronRows(source: NeuronSource, m: number, rng: Generator, _ctx: RunContext): Promise<Float32Array> {
  const std = source === 'gaussian' ? 1 : Number(process.env.ISO_NORM ?? 2.7) / 28;
  return rng.normals(m * 784, std);
}
