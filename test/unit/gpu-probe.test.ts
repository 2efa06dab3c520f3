/**
 * The software-GPU classification of src/runtime/gpu-probe on names real browsers report, and what auto and an
 * explicit choice do with each kind of probe. No browser here: the probes themselves run in test/browser/backends.
 */
import { describe, expect, it } from 'vitest';
import { classifyWebGlRenderer, classifyWebGpuAdapter, gpuDecision, isSoftwareName, type GpuProbe } from '../../src/runtime/gpu-probe';

describe('classifyWebGpuAdapter', () => {
  it.each([
    [{ vendor: 'google', architecture: 'swiftshader' }, 'google swiftshader'], // headless Chromium here
    [{ vendor: 'mesa', architecture: 'llvmpipe', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, 'mesa llvmpipe'],
    [{ vendor: 'mesa', architecture: '', device: 'lavapipe' }, 'mesa lavapipe'],
    [{ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }, 'microsoft'],
    [{ vendor: '', description: 'Software Adapter' }, 'Software'],
  ])('%o is software', (info, name) => {
    const result = classifyWebGpuAdapter(info);
    expect(result.software).toBe(true);
    expect(result.name).toContain(name);
  });

  it.each([
    [{ vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3070' }],
    [{ vendor: 'apple', architecture: 'metal-3' }],
    [{ vendor: 'intel', architecture: 'gen-12lp' }],
    [{ vendor: 'amd', architecture: 'rdna-2' }],
    [{ vendor: 'qualcomm', architecture: 'adreno-7xx' }],
  ])('%o is hardware', (info) => {
    expect(classifyWebGpuAdapter(info).software).toBe(false);
  });

  it('a fallback adapter is software whatever its names (on the adapter or in its info)', () => {
    expect(classifyWebGpuAdapter({ vendor: 'nvidia', architecture: 'ampere' }, true).software).toBe(true);
    expect(classifyWebGpuAdapter({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: true }).software).toBe(true);
    expect(classifyWebGpuAdapter({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false }).software).toBe(false);
  });

  it('an adapter with no names is named so, and not taken for software', () => {
    expect(classifyWebGpuAdapter({})).toEqual({ name: 'unnamed adapter', software: false });
  });
});

describe('classifyWebGlRenderer', () => {
  it.each([
    'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', // Chromium here
    'Google SwiftShader',
    'llvmpipe (LLVM 15.0.6, 256 bits)',
    'Mesa OffScreen / softpipe',
    'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'Software Rasterizer',
  ])('"%s" is software', (renderer) => {
    expect(classifyWebGlRenderer(renderer).software).toBe(true);
    expect(isSoftwareName(renderer)).toBe(true);
  });

  it.each([
    'ANGLE (NVIDIA, NVIDIA GeForce RTX 3070 Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
    'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
    'AMD Radeon RX 6800 XT (radeonsi, navi21, LLVM 15.0.7, DRM 3.49)', // "LLVM" alone is not llvmpipe
    'Adreno (TM) 730',
  ])('"%s" is hardware', (renderer) => {
    expect(classifyWebGlRenderer(renderer).software).toBe(false);
  });
});

describe('gpuDecision', () => {
  const probe = (over: Partial<GpuProbe>): GpuProbe => ({ backend: 'webgpu', available: true, name: 'x', software: false, ...over });

  it('auto uses a hardware GPU, without a note', () => {
    expect(gpuDecision(probe({}), false)).toEqual({ use: true });
  });

  it('auto skips a software GPU, naming it and saying why', () => {
    const webgpu = gpuDecision(probe({ software: true, name: 'google swiftshader' }), false);
    expect(webgpu.use).toBe(false);
    expect(webgpu.note).toMatch(/auto skipped WebGPU.*google swiftshader.*software.*slower.*wasm/);
    const webgl = gpuDecision(probe({ backend: 'webgl', software: true, name: 'llvmpipe' }), false);
    expect(webgl.use).toBe(false);
    expect(webgl.note).toMatch(/auto skipped WebGL.*renderer.*llvmpipe/);
  });

  it('auto skips a missing GPU and says so', () => {
    const d = gpuDecision(probe({ available: false, reason: 'no adapter' }), false);
    expect(d).toEqual({ use: false, note: 'WebGPU is not available in this browser (no adapter)' });
  });

  it('an explicit choice uses a software GPU, and says it is emulated', () => {
    const d = gpuDecision(probe({ software: true, name: 'google swiftshader' }), true);
    expect(d.use).toBe(true);
    expect(d.note).toMatch(/software adapter \(google swiftshader\).*emulated/);
  });

  it('an explicit choice still asks tfjs when the probe found nothing (tfjs reports its own failure)', () => {
    expect(gpuDecision(probe({ available: false }), true)).toEqual({ use: true });
  });
});
