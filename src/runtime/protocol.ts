/** Messages between a page's figure and the Web Worker that trains it. */
import type { Params, Progress } from '../figure/contract';
import type { Execution } from '../figure/execute';

export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';

export type ToWorker =
  | { type: 'run'; runId: number; figureId: string; params: Params; backend: BackendChoice }
  | { type: 'cancel'; runId: number };

export type FromWorker =
  | { type: 'backend'; runId: number; backend: string; notes: string[] }
  | { type: 'progress'; runId: number; progress: Progress }
  | { type: 'done'; runId: number; execution: Execution; notes: string[] }
  | { type: 'error'; runId: number; name: string; message: string };
