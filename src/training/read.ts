/**
 * Reading numbers back from tensors, asynchronously. tfjs's WebGPU backend has no real synchronous readback: its
 * `dataSync` copies through canvases and returned zeros in headless Chromium (SwiftShader, in a Web Worker), and is
 * slow everywhere. `data()` gives the same values as `dataSync()` on every backend (the same bits on wasm and cpu).
 */
import type * as TF from '@tensorflow/tfjs-core';

/** The first element of each tensor `make` returns (computed under `tf.tidy`); the tensors are disposed. */
export async function readScalars<K extends string>(tf: typeof TF, make: () => Record<K, TF.Tensor>): Promise<Record<K, number>> {
  const tensors = tf.tidy(make);
  const names = Object.keys(tensors) as K[];
  try {
    const values = await Promise.all(names.map((name) => tensors[name].data()));
    return Object.fromEntries(names.map((name, i) => [name, values[i][0]])) as Record<K, number>;
  } finally {
    tf.dispose(names.map((name) => tensors[name]));
  }
}

/** The first element of the tensor `make` returns (computed under `tf.tidy`); the tensor is disposed. */
export async function readScalar(tf: typeof TF, make: () => TF.Tensor): Promise<number> {
  return (await readScalars(tf, () => ({ value: make() }))).value;
}
