/**
 * Figure 9's parameters and the names of its series, shared by the run (./figure), the panels (./plot) and the
 * claims: each part (source, m) records trainLoss, loss and accuracy per epoch as e.g. "accuracy[vae, m=200]".
 */
import type { NeuronSource } from '../../src/neurons/generators';

export type Fig9Params = { widths: string; n: number; epochs: number; lr: number; batch: number; artifacts: string; seed: number };

/** The sources of the frozen rows theta~_j, in the order of the legend. */
export const FEATURE_SOURCES: { id: NeuronSource; label: string }[] = [
  { id: 'gaussian', label: 'random: N(0, I)' },
  { id: 'vae', label: 'generated: VAE of trained neurons' },
  { id: 'full-covariance', label: 'Gaussian with the bank’s mean and covariance' },
  { id: 'pixel-variance', label: 'scale only: the bank’s per-pixel variance' },
  { id: 'isotropic', label: 'scale only: N(0, s²I), the bank’s norm' },
];

export const widthsOf = (p: Fig9Params) => p.widths.split(',').map(Number);

/** A recorded quantity of one part, e.g. "accuracy[vae, m=200]". */
export const key = (quantity: string, source: NeuronSource, m: number) => `${quantity}[${source}, m=${m}]`;
