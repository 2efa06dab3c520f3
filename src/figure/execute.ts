/**
 * Runs a figure: validates the parameters, records which datasets the run asked for, times it, checks that the
 * series are finite and that no tensor outlived the run. The Node builder, the tests and the browser worker all
 * run figures through this one function.
 */
import type * as TF from '@tensorflow/tfjs-core';
import {
  CancelledError,
  type DataProvider,
  type DatasetIdentity,
  type FigureDefinition,
  type Params,
  type Progress,
  type Series,
} from './contract';
import { validParams } from './params';

export interface Execution {
  params: Params;
  series: Series;
  backend: string;
  datasets: DatasetIdentity[];
  seconds: number;
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface ExecuteOptions {
  tf: typeof TF;
  data: DataProvider;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function execute(
  figure: FigureDefinition<any>,
  rawParams: Record<string, unknown>,
  { tf, data, onProgress, signal = new AbortController().signal }: ExecuteOptions,
): Promise<Execution> {
  const params = validParams(figure.params, rawParams);
  const datasets: DatasetIdentity[] = [];
  const recordingData: DataProvider = {
    async mnist(options) {
      const dataset = await data.mnist(options);
      datasets.push(dataset.identity);
      return dataset;
    },
  };
  let lastYield = Date.now();
  const checkpoint = async () => {
    // Yield to the event loop at most every 50 ms: often enough for Cancel, rarely enough to cost nothing.
    if (Date.now() - lastYield > 50) {
      await nextTask();
      lastYield = Date.now();
    }
    if (signal.aborted) throw new CancelledError();
  };
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  const series = await figure.run(params, {
    tf,
    backend: tf.getBackend(),
    data: recordingData,
    progress: (p) => onProgress?.(p),
    signal,
    checkpoint,
  });
  const seconds = (performance.now() - started) / 1000;
  for (const [name, values] of Object.entries(series)) {
    if (!values.every(Number.isFinite)) throw new Error(`Figure ${figure.id}: series "${name}" has non-finite values.`);
  }
  return { params, series, backend: tf.getBackend(), datasets, seconds, tensorsBefore, tensorsAfter: tf.memory().numTensors };
}
