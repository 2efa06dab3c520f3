/** Messages between a page and the Web Workers that train its figures, one part of a sweep at a time. */
import type { Params, Progress } from '../figure/contract';
import type { ArtifactPins, PartResult } from '../figure/execute';
import type { BackendChoice } from './backends';

export type { BackendChoice } from './backends';

export type ToWorker =
  /**
   * `part` is a key of the figure's sweep, or "" for a figure that is one run; `artifacts` names the artifact pins
   * it reads (those the figure's current pin consumed).
   */
  | { type: 'run'; runId: number; figureId: string; part: string; params: Params; backend: BackendChoice; artifacts: ArtifactPins }
  | { type: 'cancel'; runId: number };

export type FromWorker =
  | { type: 'backend'; runId: number; backend: string; notes: string[] }
  | { type: 'progress'; runId: number; progress: Progress }
  | { type: 'done'; runId: number; result: PartResult; notes: string[] }
  | { type: 'error'; runId: number; name: string; message: string };
