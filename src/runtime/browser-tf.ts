/**
 * tfjs in the browser, loaded only when a run starts. Backends are tried in order (auto: WebGL, then wasm, then
 * cpu); a backend that cannot start is reported in words and the next one is used. `tf.setBackend` returns false
 * instead of throwing, so its result and `tf.getBackend()` are both checked.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { BackendChoice } from './protocol';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

type Backend = 'webgl' | 'wasm' | 'cpu';
const ORDER: Backend[] = ['webgl', 'wasm', 'cpu'];

let core: Promise<typeof TF> | undefined;
const registered = new Set<Backend>();

async function register(tf: typeof TF, backend: Backend): Promise<void> {
  if (registered.has(backend)) return;
  if (backend === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    // The same single-threaded SIMD binary as in Node, so that wasm runs agree bit for bit.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  registered.add(backend);
}

/** The backends to try for a choice: the chosen one first, then the rest of the fallback order after it. */
export function backendOrder(choice: BackendChoice): Backend[] {
  return choice === 'auto' ? ORDER : [choice, ...ORDER.slice(ORDER.indexOf(choice) + 1)];
}

export async function browserTf(choice: BackendChoice): Promise<{ tf: typeof TF; notes: string[] }> {
  core ??= import('@tensorflow/tfjs-core');
  const tf = await core;
  const notes: string[] = [];
  for (const backend of backendOrder(choice)) {
    try {
      await register(tf, backend);
      if ((await tf.setBackend(backend)) && tf.getBackend() === backend) {
        await tf.ready();
        return { tf, notes };
      }
      notes.push(`${backend} is not available in this browser`);
    } catch (error) {
      notes.push(`${backend} could not start (${(error as Error).message})`);
    }
  }
  throw new Error(`No tfjs backend could start here: ${notes.join('; ')}.`);
}
