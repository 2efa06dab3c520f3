/**
 * When is a run diverging? When an epoch's mean training loss is not finite, or is more than ten times the loss
 * of the untrained network: plain SGD at a workable learning rate never ends an epoch that far above where it
 * started. (With tanh features and a stable log-sum-exp, a too-large step makes the loss explode into the hundreds
 * or thousands rather than overflow to NaN, so checking for NaN alone would let such runs go on.)
 */
import { DivergedError } from '../figure/contract';

export const DIVERGENCE_FACTOR = 10;

export function checkNotDiverged(epochLoss: number, initialLoss: number, where: string): void {
  if (!Number.isFinite(epochLoss)) throw new DivergedError(where, 'the training loss became NaN or infinite');
  if (epochLoss > DIVERGENCE_FACTOR * initialLoss) {
    throw new DivergedError(
      where,
      `the mean training loss rose to ${epochLoss.toPrecision(3)}, over ${DIVERGENCE_FACTOR} times the untrained ` +
        `network's ${initialLoss.toPrecision(3)}`,
    );
  }
}
