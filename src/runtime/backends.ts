/**
 * The tfjs backends a reader can choose, and the order in which a choice is tried. Pure data, shared by the page
 * (the backend select, the URL), the worker and the tests; loading tfjs is src/runtime/browser-tf's job.
 */

/** What a reader can choose: `auto` tries the backends in `ORDER` and skips a GPU that is emulated in software. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type Backend = Exclude<BackendChoice, 'auto'>;

/** The fallback order: a real GPU first (WebGPU, then WebGL), then wasm, then cpu as the last resort. */
export const ORDER: readonly Backend[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The GPU backends: tolerance-checked against the pin, not bitwise, and rerun on wasm if they fail mid-run. */
export const GPU_BACKENDS: readonly Backend[] = ['webgpu', 'webgl'];

export function isBackendChoice(value: unknown): value is BackendChoice {
  return (BACKEND_CHOICES as readonly unknown[]).includes(value);
}

/** The backends to try for a choice: the chosen one first, then the rest of the fallback order after it. */
export function backendOrder(choice: BackendChoice): Backend[] {
  if (!isBackendChoice(choice)) throw new RangeError(`Unknown backend "${String(choice)}".`);
  return choice === 'auto' ? [...ORDER] : [choice, ...ORDER.slice(ORDER.indexOf(choice) + 1)];
}
