/**
 * A Web Worker that trains figures (or one part of a sweep), so training never blocks the page. It loads tfjs on
 * its first run and keeps it (a second run starts at once), reports progress with the series so far, stops at
 * Cancel, and if a GPU backend (WebGPU or WebGL) fails during a run (a lost device or context, say) it runs again on
 * wasm and says so.
 *
 * The worker's script is this module's chunk of the page's own build (components/worker-pool imports it for
 * `workerScriptUrl`, which starts nothing in a page), not a separate worker bundle: Vite builds a worker entry as
 * a second, separate bundle with its own copies of everything it imports (the figures, Observable Plot, tfjs), so a
 * rerun fetched each of them twice. Run from the page's chunks, the worker and the page share every file.
 */
/// <reference lib="webworker" />
import { CancelledError, DivergedError, type Params } from '../figure/contract';
import { localPartRunner, type ArtifactPins, type PartResult } from '../figure/execute';
import { loadFigure } from '../figure/registry';
import { browserData } from './browser-data';
import { browserTf } from './browser-tf';
import { GPU_BACKENDS, type Backend } from './backends';
import type { BackendChoice, FromWorker, ToWorker } from './protocol';

/** The URL of the chunk that holds this module: what the page starts its workers on. */
export const workerScriptUrl = import.meta.url;

declare const self: DedicatedWorkerGlobalScope;
const post = (message: FromWorker) => self.postMessage(message);
const running = new Map<number, AbortController>();

async function run(runId: number, figureId: string, part: string, params: Params, choice: BackendChoice, artifacts: ArtifactPins) {
  const controller = new AbortController();
  running.set(runId, controller);
  try {
    const figure = await loadFigure(figureId);
    if (figure.plainJs) {
      const notes = ['this figure is computed in plain JavaScript, the same on every backend'];
      post({ type: 'backend', runId, backend: 'js', notes });
      const result = await localPartRunner(figure, undefined, browserData, artifacts)(part, params, (progress) => post({ type: 'progress', runId, progress }), controller.signal);
      post({ type: 'done', runId, result, notes });
      return;
    }
    let { tf, notes } = await browserTf(choice);
    post({ type: 'backend', runId, backend: tf.getBackend(), notes });
    const attempt = () =>
      localPartRunner(figure, tf, browserData, artifacts)(part, params, (progress) => post({ type: 'progress', runId, progress }), controller.signal);
    let result: PartResult;
    try {
      result = await attempt();
    } catch (error) {
      const expected = error instanceof CancelledError || error instanceof DivergedError || error instanceof RangeError;
      const failed = tf.getBackend();
      if (expected || !GPU_BACKENDS.includes(failed as Backend)) throw error;
      const label = failed === 'webgpu' ? 'WebGPU' : 'WebGL';
      notes = [...notes, `${label} failed during the run (${(error as Error).message}); it was run again on wasm`];
      ({ tf } = await browserTf('wasm'));
      post({ type: 'backend', runId, backend: tf.getBackend(), notes });
      result = await attempt();
    }
    post({ type: 'done', runId, result, notes });
  } catch (error) {
    const e = error as Error;
    post({ type: 'error', runId, name: e.name, message: e.message });
  } finally {
    running.delete(runId);
  }
}

// Only in a worker: imported by the page, this module defines its functions and does nothing else.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  self.onmessage = (event: MessageEvent<ToWorker>) => {
    const message = event.data;
    if (message.type === 'cancel') running.get(message.runId)?.abort();
    else void run(message.runId, message.figureId, message.part, message.params, message.backend, message.artifacts);
  };
}
