/** The backend choices, their fallback order (src/runtime/backends), and the choice read from a page URL. */
import { describe, expect, it } from 'vitest';
import { BACKEND_CHOICES, backendOrder, isBackendChoice } from '../../src/runtime/backends';
import { backendFromUrl } from '../../components/controls';

describe('backendOrder', () => {
  it('auto tries WebGPU, then WebGL, then wasm, then cpu', () => {
    expect(backendOrder('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('an explicit choice comes first, then the rest of the order after it', () => {
    expect(backendOrder('webgpu')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendOrder('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('wasm')).toEqual(['wasm', 'cpu']);
    expect(backendOrder('cpu')).toEqual(['cpu']);
  });

  it('returns a fresh array (callers may change it) and refuses an unknown choice', () => {
    backendOrder('auto').pop();
    expect(backendOrder('auto')).toHaveLength(4);
    expect(() => backendOrder('gpu' as never)).toThrow(/Unknown backend "gpu"/);
  });

  it('knows every choice a reader can make, and nothing else', () => {
    expect([...BACKEND_CHOICES]).toEqual(['auto', 'webgpu', 'webgl', 'wasm', 'cpu']);
    for (const c of BACKEND_CHOICES) expect(isBackendChoice(c)).toBe(true);
    for (const c of ['', 'WebGPU', 'gpu', 'js', undefined, 3]) expect(isBackendChoice(c)).toBe(false);
  });
});

describe('backendFromUrl', () => {
  it('no value is auto, without a message', () => {
    expect(backendFromUrl(undefined)).toEqual({ choice: 'auto', message: '' });
  });

  it.each(['auto', 'webgpu', 'webgl', 'wasm', 'cpu'])('"%s" is taken as it is', (value) => {
    expect(backendFromUrl(value)).toEqual({ choice: value, message: '' });
  });

  it.each(['gpu', 'WebGL', '', 'wasm '])('a bad value "%s" falls back to auto with a message naming it and the choices', (value) => {
    const { choice, message } = backendFromUrl(value);
    expect(choice).toBe('auto');
    expect(message).toContain(`"${value}"`);
    expect(message).toContain('auto, webgpu, webgl, wasm, cpu');
    expect(message).toMatch(/auto is used/);
  });
});
