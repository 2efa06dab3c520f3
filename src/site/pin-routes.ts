/** Static routes for every pin: one per figure and pin id. */
import type { Pin } from '../pins/pin';
import { allPins } from './figure-data';

export async function pinPaths() {
  return (await allPins()).map(({ figureId, id, pin, current, latest }) => ({
    params: { figure: figureId, pin: id },
    props: { pin, current, latest },
  }));
}

export interface PinProps {
  pin: Pin;
  current: boolean;
  /** The current pin of this pin's variant (itself when it is current). */
  latest: string;
}
