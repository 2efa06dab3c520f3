/**
 * tfjs in the browser, loaded only when a run starts. Backends are tried in order (src/runtime/backends: auto is
 * WebGPU, then WebGL, then wasm, then cpu); a backend that cannot start is reported in words and the next one is
 * used. `tf.setBackend` returns false instead of throwing, so its result and `tf.getBackend()` are both checked.
 * Under auto a GPU emulated in software is skipped (src/runtime/gpu-probe), and every backend must compute in
 * float32: one that works only in half precision is said so and not used.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { backendOrder, GPU_BACKENDS, type Backend, type BackendChoice } from './backends';
import { gpuDecision, probeGpu } from './gpu-probe';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export { backendOrder } from './backends';

let core: Promise<typeof TF> | undefined;
const registered = new Set<Backend>();

async function register(tf: typeof TF, backend: Backend): Promise<void> {
  if (registered.has(backend)) return;
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
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

/**
 * Does the current backend compute in float32? 1 + 2^-20 is exact in float32 (resolution 2^-23 at 1) and rounds to 1
 * in float16 (2^-10). 256 elements, so WebGL computes it on the GPU (it forwards ops under 128 elements to the CPU).
 * WebGPU's own `floatPrecision()` is asked too; WebGL's is not, since under SwiftShader it says 16 for real float32.
 * Read back with `data()`: WebGPU's `dataSync` is not reliable (src/training/read.ts).
 */
async function computesInFloat32(tf: typeof TF, backend: Backend): Promise<boolean> {
  if (backend === 'webgpu' && tf.backend().floatPrecision() !== 32) return false;
  const sum = tf.tidy(() => tf.add(tf.fill([256], 1), tf.fill([256], 2 ** -20)));
  try {
    return Array.from(await sum.data()).every((v) => v === 1 + 2 ** -20);
  } finally {
    sum.dispose();
  }
}

export async function browserTf(choice: BackendChoice): Promise<{ tf: typeof TF; notes: string[] }> {
  core ??= import('@tensorflow/tfjs-core');
  const tf = await core;
  const notes: string[] = [];
  for (const backend of backendOrder(choice)) {
    if (GPU_BACKENDS.includes(backend)) {
      const decision = gpuDecision(await probeGpu(backend as 'webgpu' | 'webgl'), backend === choice);
      if (decision.note) notes.push(decision.note);
      if (!decision.use) continue;
    }
    try {
      await register(tf, backend);
      if ((await tf.setBackend(backend)) && tf.getBackend() === backend) {
        await tf.ready();
        if (await computesInFloat32(tf, backend)) return { tf, notes };
        notes.push(`${backend} computes only in half precision (float16) here, not float32; it was not used`);
        continue;
      }
      notes.push(`${backend} is not available in this browser`);
    } catch (error) {
      notes.push(`${backend} could not start (${(error as Error).message})`);
    }
  }
  throw new Error(`No tfjs backend could start here: ${notes.join('; ')}.`);
}
