/**
 * Is this browser's GPU a real one? WebGPU and WebGL both exist where the GPU is emulated on the CPU (SwiftShader,
 * llvmpipe, lavapipe: headless Chromium, virtual machines, servers), and there tfjs on them is about twice as slow as
 * wasm and only agrees within a tolerance. `auto` skips such a GPU and says why; an explicit choice still uses it.
 *
 * The classification is a pure function of the names the browser reports (unit-tested on sample strings); the
 * probes that read those names work in a window and in a Web Worker alike, and load no tfjs.
 */

/** Names of software rasterisers and emulated GPUs, as WebGPU adapters and WebGL renderers report them. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render driver/i;

export interface GpuProbe {
  backend: 'webgpu' | 'webgl';
  available: boolean;
  /** The adapter or renderer in the browser's words, e.g. "google swiftshader". */
  name: string;
  /** True where the GPU is emulated in software. */
  software: boolean;
  /** Why it is not available, when it is not. */
  reason?: string;
}

/** The fields of a `GPUAdapterInfo` (or of an adapter) that name it. */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export function isSoftwareName(text: string): boolean {
  return SOFTWARE.test(text);
}

/** A WebGPU adapter is software if it says it is a fallback adapter or any of its names is a software one. */
export function classifyWebGpuAdapter(info: AdapterInfoLike, isFallbackAdapter = false): { name: string; software: boolean } {
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((s): s is string => !!s?.trim());
  const name = [...new Set(parts)].join(' ') || 'unnamed adapter';
  return { name, software: isFallbackAdapter || info.isFallbackAdapter === true || parts.some(isSoftwareName) };
}

/** A WebGL renderer string (the unmasked one where the browser gives it) is software if it names a software renderer. */
export function classifyWebGlRenderer(renderer: string): { name: string; software: boolean } {
  const name = renderer.trim() || 'unnamed renderer';
  return { name, software: isSoftwareName(name) };
}

const LABEL = { webgpu: 'WebGPU', webgl: 'WebGL' } as const;

/**
 * Whether to try a GPU backend, and what to say about it. `explicit`: the reader chose this backend, so it is used
 * even when it is software (tests exercise it so), with a note; under `auto` a software or missing GPU is skipped.
 */
export function gpuDecision(probe: GpuProbe, explicit: boolean): { use: boolean; note?: string } {
  const label = LABEL[probe.backend];
  if (!probe.available) {
    // An explicit choice still asks tfjs, whose own failure is then reported.
    return explicit ? { use: true } : { use: false, note: `${label} is not available in this browser (${probe.reason ?? 'no adapter'})` };
  }
  if (!probe.software) return { use: true };
  const what = probe.backend === 'webgpu' ? 'adapter' : 'renderer';
  if (explicit) return { use: true, note: `${label} here is a software ${what} (${probe.name}): the GPU is emulated on the CPU` };
  return {
    use: false,
    note: `auto skipped ${label}: its ${what} (${probe.name}) emulates the GPU in software, which is slower here than wasm`,
  };
}

interface GpuLike {
  requestAdapter(options?: object): Promise<(AdapterInfoLike & { info?: AdapterInfoLike; requestAdapterInfo?(): Promise<AdapterInfoLike> }) | null>;
}

/** Asks for a WebGPU adapter (as tfjs will, high-performance) and reads its names. */
export async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  const none = (reason: string): GpuProbe => ({ backend: 'webgpu', available: false, name: '', software: false, reason });
  if (!gpu) return none('no navigator.gpu');
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return none('no adapter');
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    const { name, software } = classifyWebGpuAdapter(info, adapter.isFallbackAdapter === true);
    return { backend: 'webgpu', available: true, name, software };
  } catch (error) {
    return none((error as Error).message);
  }
}

const UNMASKED_RENDERER_WEBGL = 0x9246;

/** Opens a throw-away WebGL context (OffscreenCanvas where there is one, as in a worker) and reads its renderer. */
export function probeWebGl(): GpuProbe {
  const none = (reason: string): GpuProbe => ({ backend: 'webgl', available: false, name: '', software: false, reason });
  try {
    const canvas: OffscreenCanvas | HTMLCanvasElement | undefined =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : typeof document !== 'undefined'
          ? document.createElement('canvas')
          : undefined;
    if (!canvas) return none('no canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return none('no WebGL context');
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { backend: 'webgl', available: true, ...classifyWebGlRenderer(renderer) };
  } catch (error) {
    return none((error as Error).message);
  }
}

const probes = new Map<'webgpu' | 'webgl', Promise<GpuProbe>>();

/** The probe of one GPU backend, made once per page or worker (the hardware does not change under it). */
export function probeGpu(backend: 'webgpu' | 'webgl'): Promise<GpuProbe> {
  let probe = probes.get(backend);
  if (!probe) {
    probe = backend === 'webgpu' ? probeWebGpu() : Promise.resolve(probeWebGl());
    probes.set(backend, probe);
  }
  return probe;
}

/** The GPU backend `auto` would use here (the first that is available and not software), if any. */
export async function autoGpu(): Promise<'webgpu' | 'webgl' | undefined> {
  for (const backend of ['webgpu', 'webgl'] as const) {
    if (gpuDecision(await probeGpu(backend), false).use) return backend;
  }
  return undefined;
}
