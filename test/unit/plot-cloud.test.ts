/**
 * The point-cloud mark (src/plot/cloud): one SVG path holding a disc per point, at the positions Plot's scales
 * give, leaving out points whose centre lies outside the frame.
 */
import { describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { cloud } from '../../src/plot/cloud';

/** A 220 × 220 plot whose frame spans [20, 200] in pixels for the data domain [0, 9] on both axes. */
function draw(x: number[], y: number[]) {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: 220,
    height: 220,
    margin: 20,
    x: { domain: [0, 9], axis: null },
    y: { domain: [0, 9], axis: null },
    marks: [cloud(x, y, { r: 2, fill: 'steelblue', fillOpacity: 0.5 })],
  }) as unknown as Element;
  return [...svg.querySelectorAll('path')];
}

describe('cloud', () => {
  it('draws every point as one disc of one path, at its scaled position', () => {
    const paths = draw([0, 4.5, 9], [0, 4.5, 9]);
    expect(paths).toHaveLength(1);
    const d = paths[0].getAttribute('d')!;
    // x = 0 -> 20 px, 4.5 -> 110, 9 -> 200; y is flipped (0 -> 200). Each disc is a zero-length line with round caps.
    expect(d.match(/M[^M]+/g)).toEqual(['M20.0,200.0h0', 'M110.0,110.0h0', 'M200.0,20.0h0']);
    expect(paths[0].getAttribute('fill')).toBe('none');
    expect(paths[0].getAttribute('stroke')).toBe('steelblue');
    expect(paths[0].getAttribute('stroke-width')).toBe('4');
    expect(paths[0].getAttribute('stroke-linecap')).toBe('round');
    expect(paths[0].getAttribute('stroke-opacity')).toBe('0.5');
  });

  it('leaves out points outside the frame, and draws an empty path for no points', () => {
    expect(draw([-1, 4.5, 10, 4.5], [4.5, 4.5, 4.5, 9.5])[0].getAttribute('d')!.match(/M/g)).toHaveLength(1);
    expect(draw([], [])[0].getAttribute('d')).toBe('');
  });
});
