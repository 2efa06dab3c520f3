/**
 * The page's pool of rerun workers, shared by every figure on the page and kept between runs, so tfjs loads once
 * per worker. The parts of a sweep run side by side on wasm and cpu, one per core (at most four); on WebGPU and
 * WebGL they share one worker, since every context draws on the same GPU.
 */
import type { Params } from '../src/figure/contract';
import type { ArtifactPins, PartResult, PartRunner } from '../src/figure/execute';
import type { BackendChoice, FromWorker, ToWorker } from '../src/runtime/protocol';

const idle: Worker[] = [];
const all: Worker[] = [];
const waiting: ((w: Worker) => void)[] = [];
const listeners = new Map<number, (m: FromWorker) => void>();
let nextRunId = 1;
let limit = 1;

const runsOf = new Map<Worker, Set<number>>();

/**
 * The worker runs src/runtime/worker's chunk of this build, so it loads the very files the page loads (figures,
 * Plot, tfjs). `new Worker(new URL('…/worker.ts', import.meta.url))` would make Vite build the worker as a separate
 * bundle with a second copy of each.
 */
let workerScript: Promise<string> | undefined;

function workerScriptUrl(): Promise<string> {
  return (workerScript ??= import('../src/runtime/worker').then(
    (m) => m.workerScriptUrl,
    (error: Error) => {
      workerScript = undefined;
      throw new Error(`The training worker could not start (${error.message}).`);
    },
  ));
}

function spawn(script: string): Worker {
  const worker = new Worker(script, { type: 'module' });
  worker.onmessage = (event: MessageEvent<FromWorker>) => listeners.get(event.data.runId)?.(event.data);
  // A worker whose script cannot load (offline, say) fails its runs with a message instead of leaving them waiting.
  worker.onerror = (event) => {
    event.preventDefault();
    const message = `The training worker could not start (${event.message || 'its script did not load'}).`;
    for (const runId of runsOf.get(worker) ?? []) listeners.get(runId)?.({ type: 'error', runId, name: 'Error', message });
    all.splice(all.indexOf(worker), 1);
    worker.terminate();
  };
  runsOf.set(worker, new Set());
  all.push(worker);
  return worker;
}

async function acquire(): Promise<Worker> {
  const script = await workerScriptUrl();
  // Nothing awaits from here on, so two parts cannot both take the last free place.
  if (idle.length) return idle.pop()!;
  if (all.length < limit) return spawn(script);
  return new Promise((resolve) => waiting.push(resolve));
}

function release(worker: Worker) {
  if (!all.includes(worker)) return; // it failed and was removed
  if (waiting.length) waiting.shift()!(worker);
  else idle.push(worker);
}

/**
 * How many parts may run at once: one per core (at most four), but one on a GPU, whose contexts share it. For auto,
 * pass what auto resolves to here (src/runtime/gpu-probe `autoGpu`, else wasm), or it counts as a GPU.
 */
export function concurrencyFor(choice: BackendChoice, plainJs = false): number {
  const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4));
  return plainJs || choice === 'wasm' || choice === 'cpu' ? cores : 1;
}

/**
 * A part runner over the pool; `onBackend` hears which backend each part actually ran on, and why; `artifacts`
 * names the artifact pins the figure's runs read.
 */
export function poolRunner(
  figureId: string,
  choice: BackendChoice,
  onBackend: (backend: string, notes: string[]) => void,
  plainJs = false,
  concurrency = concurrencyFor(choice, plainJs),
  artifacts: ArtifactPins = {},
): PartRunner {
  limit = Math.max(limit, concurrency);
  return async (part: string, params: Params, onProgress, signal) => {
    const worker = await acquire();
    const runId = nextRunId++;
    runsOf.get(worker)?.add(runId);
    try {
      return await new Promise<PartResult>((resolve, reject) => {
        const cancel = () => worker.postMessage({ type: 'cancel', runId } satisfies ToWorker);
        if (signal.aborted) return reject(Object.assign(new Error('The run was cancelled.'), { name: 'CancelledError' }));
        signal.addEventListener('abort', cancel);
        listeners.set(runId, (message) => {
          if (message.type === 'backend') return onBackend(message.backend, message.notes);
          if (message.type === 'progress') return onProgress(message.progress);
          listeners.delete(runId);
          signal.removeEventListener('abort', cancel);
          if (message.type === 'done') {
            onBackend(message.result.backend, message.notes);
            resolve(message.result);
          } else reject(Object.assign(new Error(message.message), { name: message.name }));
        });
        worker.postMessage({ type: 'run', runId, figureId, part, params, backend: choice, artifacts } satisfies ToWorker);
      });
    } finally {
      runsOf.get(worker)?.delete(runId);
      release(worker);
    }
  };
}
