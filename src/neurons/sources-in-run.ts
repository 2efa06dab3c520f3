/**
 * What sampling neurons from some sources needs, read in a run through its context: the neuron-bank artifact's rows
 * for every source but 'gaussian', and the neuron-vae artifact's decoder for 'vae' (./generators). By default the
 * pinned artifacts; with `rebuild`, each is made afresh in this run (`ctx.artifact(id, { rebuild: true })`).
 */
import type { RunContext } from '../figure/contract';
import type { NeuronArtifacts, NeuronSource } from './generators';
import { vaeDecoder } from './vae-decoder';

export const BANK = 'neuron-bank';
export const VAE = 'neuron-vae';

/** The artifact ids a figure sampling from `sources` must declare in `uses`. */
export function artifactsFor(sources: NeuronSource[]): string[] {
  return [...(sources.some((s) => s !== 'gaussian') ? [BANK] : []), ...(sources.includes('vae') ? [VAE] : [])];
}

export async function neuronArtifacts(ctx: RunContext, sources: NeuronSource[], rebuild = false): Promise<NeuronArtifacts> {
  const needed = artifactsFor(sources);
  const bank = needed.includes(BANK) ? (await ctx.artifact(BANK, { rebuild })).payloads.theta : new Float32Array(0);
  const vae = needed.includes(VAE) ? vaeDecoder(await ctx.artifact(VAE, { rebuild })) : undefined;
  return { bank, ...(vae && { vae }) };
}
