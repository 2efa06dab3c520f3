/** Figure 11's parameters and the names of its per-draw series (shared by the run and the panels). */
import type { Sampler } from './samplers';

export type Fig11Params = {
  m: number;
  pretraining: string;
  weightDecay: number;
  n: number;
  draws: number;
  readoutLr: number;
  readoutEpochs: number;
  seed: number;
};

/** A readout's series, e.g. "accuracy[importance, draw=3]". */
export const key = (quantity: string, sampler: Sampler, draw: number) => `${quantity}[${sampler}, draw=${draw}]`;

export const drawsOf = (p: Fig11Params) => Array.from({ length: p.draws }, (_, r) => r + 1);
