/** Static routes for every pin: one per figure and pin id. */
import type { Pin } from '../pins/pin';
import { allPins } from './figure-data';

export async function pinPaths() {
  return (await allPins()).map(({ figureId, id, pin, current }) => ({
    params: { figure: figureId, pin: id },
    props: { pin, current },
  }));
}

export interface PinProps {
  pin: Pin;
  current: boolean;
}
