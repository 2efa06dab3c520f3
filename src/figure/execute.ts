/**
 * Runs a figure: validates the parameters, records which datasets the run asked for, times it, checks that the
 * series are finite and that no tensor outlived the run. The Node builder, the tests and the browser all run
 * figures through `execute`. A sweep's parts go to a `PartRunner`: in this thread by default, or to a pool of
 * workers (src/builder/part-pool.ts in Node, components/worker-pool.ts in the page) that call `runPart` there.
 */
import type * as TF from '@tensorflow/tfjs-core';
import {
  type Artifact,
  CancelledError,
  type DataProvider,
  type DatasetIdentity,
  type FigureDefinition,
  type Params,
  type Payload,
  type Progress,
  type RunContext,
  type Series,
} from './contract';
import type { ArtifactUse } from '../pins/payloads';
import { validParams } from './params';

/** Which pin of each artifact a run reads (artifact id -> pin id): those its figure's pin consumed. */
export type ArtifactPins = Record<string, string>;

export interface PartResult {
  series: Series;
  backend: string;
  datasets: DatasetIdentity[];
  seconds: number;
  tensorsBefore: number;
  tensorsAfter: number;
  /** An artifact's run: the payloads it emitted (`ctx.payload`). */
  payloads?: Record<string, Payload>;
  /** The artifacts the run read (`ctx.artifact`). */
  artifacts?: ArtifactUse[];
}

export interface Execution extends PartResult {
  params: Params;
}

/** Trains one part of a sweep (or, with key "", a whole figure that is not a sweep). */
export type PartRunner = (
  key: string,
  params: Params,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
) => Promise<PartResult>;

export interface ExecuteOptions {
  /** Needed unless every part goes to `runPart`. */
  tf?: typeof TF;
  data?: DataProvider;
  /** The artifact pins a run in this thread reads; a `runPart` is given its own. */
  artifacts?: ArtifactPins;
  runPart?: PartRunner;
  /** How many parts may run at once (with `runPart`). */
  concurrency?: number;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs one part of a figure in this thread, on the tfjs instance given (none for a `plainJs` figure), reading the
 * artifacts it uses from the pins `artifactPins` names.
 */
export function localPartRunner(
  figure: FigureDefinition<any>,
  tf: typeof TF | undefined,
  data: DataProvider,
  artifactPins: ArtifactPins = {},
): PartRunner {
  return async (key, params, onProgress, signal) => {
    const datasets: DatasetIdentity[] = [];
    const artifacts: ArtifactUse[] = [];
    const payloads: Record<string, Payload> = {};
    /** Notes a dataset the run asked for, so the pin can name it. */
    const recorded = <D extends { identity: DatasetIdentity }>(dataset: D) => {
      datasets.push(dataset.identity);
      return dataset;
    };
    let lastYield = Date.now();
    const backend = figure.plainJs || !tf ? 'js' : tf.getBackend();
    const tensors = () => (tf && !figure.plainJs ? tf.memory().numTensors : 0);
    const ctx: RunContext = {
      tf: tf as typeof TF,
      backend,
      data: {
        mnist: async (options) => recorded(await data.mnist(options)),
        synthetic: async () => recorded(await data.synthetic()),
        artifact: async () => {
          throw new Error(`Figure ${figure.id}: read artifacts with ctx.artifact(id), which records them in the pin.`);
        },
      },
      progress: onProgress,
      signal,
      async artifact(id, options) {
        if (!figure.uses?.includes(id)) throw new Error(`Figure ${figure.id} reads the artifact ${id} but does not declare it in \`uses\`.`);
        const pin = artifactPins[id];
        if (!pin) throw new Error(`Figure ${figure.id}: this run was given no pin of the artifact ${id}. Run \`npm run figures -- ${id}\`.`);
        const pinned = await data.artifact(id, pin);
        const artifact = options?.rebuild ? await rebuild(pinned, tf, data, onProgress, signal) : pinned;
        artifacts.push({ id, pin, ...(artifact.rebuilt && { rebuilt: true }) });
        return artifact;
      },
      payload(name, values, shape) {
        if (name in payloads) throw new Error(`Figure ${figure.id} emitted the payload "${name}" twice.`);
        if (shape.reduce((a, b) => a * b, 1) !== values.length) {
          throw new Error(`Figure ${figure.id}: payload "${name}" has ${values.length} values, not the ${shape.join(' x ')} of its shape.`);
        }
        if (!values.every(Number.isFinite)) throw new Error(`Figure ${figure.id}: payload "${name}" has non-finite values.`);
        payloads[name] = { values, shape };
      },
      // Yield to the event loop at most every 50 ms: often enough for Cancel, rarely enough to cost nothing.
      async checkpoint() {
        if (Date.now() - lastYield > 50) {
          await nextTask();
          lastYield = Date.now();
        }
        if (signal.aborted) throw new CancelledError();
      },
    };
    const tensorsBefore = tensors();
    const started = performance.now();
    const series = figure.sweep ? await figure.sweep.runPart(key, params, ctx) : await figure.run!(params, ctx);
    const seconds = (performance.now() - started) / 1000;
    return {
      series, backend, datasets, seconds, tensorsBefore, tensorsAfter: tensors(),
      ...(Object.keys(payloads).length && { payloads }),
      ...(artifacts.length && { artifacts: uniqueBy(artifacts) }),
    };
  };
}

/**
 * An artifact made afresh in this run: its own figure, run here on the same tfjs and data with its pin's
 * parameters (and the artifact pins that pin consumed), compared byte for byte with the pinned payloads.
 */
async function rebuild(
  pinned: Artifact,
  tf: typeof TF | undefined,
  data: DataProvider,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<Artifact> {
  const { loadFigure } = await import('./registry');
  const figure = await loadFigure(pinned.id);
  if (figure.sweep) throw new Error(`The artifact ${pinned.id} is a sweep; an artifact must be one run.`);
  const report = ({ partial: _, ...p }: Progress) => onProgress({ ...p, stage: `rebuilding ${pinned.id}: ${p.stage}` });
  const result = await localPartRunner(figure, tf, data, pinned.uses)('', pinned.params, report, signal);
  const payloads: Record<string, Float32Array> = {};
  const shapes: Record<string, number[]> = {};
  for (const [name, { values, shape }] of Object.entries(result.payloads ?? {})) {
    payloads[name] = values;
    shapes[name] = shape;
  }
  const same = (a: Float32Array, b: Float32Array | undefined) => !!b && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  const names = Object.keys(pinned.payloads);
  const matchesPin = names.length === Object.keys(payloads).length && names.every((n) => same(pinned.payloads[n], payloads[n]));
  return { ...pinned, payloads, shapes, rebuilt: true, matchesPin };
}

function uniqueBy<T>(all: T[]): T[] {
  const seen = new Map<string, T>();
  for (const d of all) seen.set(JSON.stringify(d), d);
  return [...seen.values()];
}

export async function execute(
  figure: FigureDefinition<any>,
  rawParams: Record<string, unknown>,
  { tf, data, artifacts, runPart, concurrency = 1, onProgress, signal = new AbortController().signal }: ExecuteOptions,
): Promise<Execution> {
  const params = validParams(figure.params, rawParams);
  if (!runPart && !((tf || figure.plainJs) && data)) throw new Error('execute needs tf and data, or a part runner.');
  const runner = runPart ?? localPartRunner(figure, tf, data!, artifacts);
  const started = performance.now();
  let result: PartResult;
  if (!figure.sweep) {
    result = await runner('', params, (p) => onProgress?.(p), signal);
  } else {
    const sweep = figure.sweep;
    const keys = [...new Set(sweep.parts(params))];
    const done: Record<string, Series> = {};
    const live: Record<string, Progress> = {};
    const report = (stage: string) => {
      const fractions = keys.map((k) => (k in done ? 1 : live[k] ? live[k].done / live[k].total : 0));
      const partial = { ...done };
      for (const [k, p] of Object.entries(live)) if (p.partial && !(k in done)) partial[k] = p.partial;
      onProgress?.({
        done: fractions.reduce((a, b) => a + b, 0),
        total: keys.length,
        stage,
        partial: sweep.combine(partial, params),
      });
    };
    const results: PartResult[] = [];
    const queue = [...keys];
    // The first part to fail (or a Cancel) stops the others.
    const stop = new AbortController();
    const cancel = () => stop.abort();
    signal.addEventListener('abort', cancel);
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined && !stop.signal.aborted; key = queue.shift()) {
        const k = key;
        const part = await runner(k, params, (p) => ((live[k] = p), report(p.stage)), stop.signal);
        done[k] = part.series;
        results.push(part);
        report(`${Object.keys(done).length} of ${keys.length} parts done`);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, keys.length)) }, worker));
    } catch (error) {
      stop.abort();
      throw error;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
    if (signal.aborted) throw new CancelledError();
    result = {
      series: sweep.combine(done, params),
      backend: results[0].backend,
      datasets: uniqueBy(results.flatMap((r) => r.datasets)),
      ...(results.some((r) => r.artifacts) && { artifacts: uniqueBy(results.flatMap((r) => r.artifacts ?? [])) }),
      seconds: 0,
      tensorsBefore: results.reduce((s, r) => s + r.tensorsBefore, 0),
      tensorsAfter: results.reduce((s, r) => s + r.tensorsAfter, 0),
    };
    if (results.some((r) => r.payloads)) throw new Error(`Figure ${figure.id}: a sweep's parts cannot emit payloads; an artifact must be one run.`);
    if (results.some((r) => r.backend !== result.backend)) {
      throw new Error(`Figure ${figure.id}: its parts ran on different backends (${results.map((r) => r.backend).join(', ')}).`);
    }
  }
  for (const [name, values] of Object.entries(result.series)) {
    if (!values.every(Number.isFinite)) throw new Error(`Figure ${figure.id}: series "${name}" has non-finite values.`);
  }
  return { ...result, params, seconds: (performance.now() - started) / 1000 };
}
