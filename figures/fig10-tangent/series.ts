/**
 * Figure 10's parameters and the names of its series, shared by the run (./figure), the panels (./plot) and the
 * claims (./claims): each part (a source of theta~) records trainLoss, trainAccuracy, loss and accuracy per epoch as
 * e.g. "accuracy[vae]".
 */
import type { NeuronSource } from '../../src/neurons/generators';

export type Fig10Params = { tangent: string; m: number; n: number; epochs: number; lr: number; batch: number; artifacts: string; seed: number };

/** The sources of the expansion point theta~, in the order of the legend. */
export const TANGENT_SOURCES: { id: NeuronSource; label: string }[] = [
  { id: 'gaussian', label: 'random θ̃: N(0, I)' },
  { id: 'vae', label: 'generated θ̃: VAE of trained neurons' },
  { id: 'pixel-variance', label: 'scale only: the bank’s per-pixel variance' },
  { id: 'isotropic', label: 'scale only: N(0, s²I), the bank’s norm' },
];

/** A recorded quantity of one part, e.g. "accuracy[vae]". */
export const key = (quantity: string, source: NeuronSource) => `${quantity}[${source}]`;
