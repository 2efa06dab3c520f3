/**
 * tfjs in Node, on the backends that agree bit for bit with the browser: `wasm` (SIMD, single-threaded, the same
 * binary Chromium runs) and `cpu`. tfjs-node is not used: it needs a native download and differs numerically.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

export async function nodeTf(backend: NodeBackend): Promise<typeof tf> {
  // A browser page without cross-origin isolation cannot use wasm threads; keep Node on the same binary.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`The ${backend} backend could not be initialised in Node (got ${tf.getBackend()}).`);
  }
  return tf;
}
