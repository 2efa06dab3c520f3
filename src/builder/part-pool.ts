/**
 * The Node builder's pool of worker threads, one per core: the parts of a sweep are trained side by side. Each
 * thread has its own tfjs, so the series are the same bits as in one thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Params, Progress } from '../figure/contract';
import type { ArtifactPins, PartResult, PartRunner } from '../figure/execute';

export type PartRequest =
  | { type: 'run'; id: number; figureId: string; key: string; params: Params; artifacts: ArtifactPins }
  | { type: 'cancel'; id: number };

export type PartReply =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'done'; id: number; result: PartResult }
  | { type: 'error'; id: number; name: string; message: string };

export interface PartPool {
  size: number;
  /** Parts of the figure `figureId`, reading the artifact pins `artifacts` names. */
  runner(figureId: string, artifacts?: ArtifactPins): PartRunner;
  close(): Promise<void>;
}

export function partPool(size = availableParallelism()): PartPool {
  const idle: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  const all: Worker[] = [];
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./part-worker.ts', import.meta.url));
    all.push(worker);
    idle.push(worker);
  }
  const acquire = () => new Promise<Worker>((resolve) => (idle.length ? resolve(idle.pop()!) : waiting.push(resolve)));
  const release = (w: Worker) => (waiting.length ? waiting.shift()!(w) : idle.push(w));
  let nextId = 1;
  return {
    size,
    runner: (figureId, artifacts = {}) => async (key, params, onProgress, signal) => {
      const worker = await acquire();
      const id = nextId++;
      try {
        return await new Promise<PartResult>((resolve, reject) => {
          const cancel = () => worker.postMessage({ type: 'cancel', id } satisfies PartRequest);
          signal.addEventListener('abort', cancel);
          const listen = (reply: PartReply) => {
            if (reply.id !== id) return;
            if (reply.type === 'progress') return onProgress(reply.progress);
            worker.off('message', listen);
            signal.removeEventListener('abort', cancel);
            if (reply.type === 'done') resolve(reply.result);
            else reject(Object.assign(new Error(reply.message), { name: reply.name }));
          };
          worker.on('message', listen);
          worker.postMessage({ type: 'run', id, figureId, key, params, artifacts } satisfies PartRequest);
        });
      } finally {
        release(worker);
      }
    },
    close: async () => {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
