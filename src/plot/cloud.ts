/**
 * A point cloud drawn as one SVG path: every point a disc of radius r, written as a line of length zero with round
 * caps ("M x,y h0", stroked 2r wide), a quarter of the bytes of two half-circle arcs for the same picture.
 *
 * Plot's dot mark makes one <circle> per point. A scatter of hundreds of particles that a rerun redraws several
 * times a second (the mean-field figures) costs less to build, lay out and paint as a single element, and
 * overlapping discs then share one fill instead of stacking their opacities.
 *
 * It is a functional mark: it adds no channels, so the plot must fix the x and y domains, and it is not clipped,
 * so points whose centre falls outside the frame are left out.
 */
import type { RenderFunction } from '@observablehq/plot';

export interface CloudOptions {
  r?: number;
  fill?: string;
  fillOpacity?: number;
}

export function cloud(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { r = 1.5, fill = 'currentColor', fillOpacity = 1 }: CloudOptions = {},
): RenderFunction {
  return (_index, scales, _values, { width, height, marginTop, marginRight, marginBottom, marginLeft }, context) => {
    const toX = scales.x!;
    const toY = scales.y!;
    const parts: string[] = [];
    for (let i = 0; i < x.length; i++) {
      const px = toX(x[i]);
      const py = toY(y[i]);
      if (!(px >= marginLeft && px <= width - marginRight && py >= marginTop && py <= height - marginBottom)) continue;
      parts.push(`M${px.toFixed(1)},${py.toFixed(1)}h0`);
    }
    const path = context.document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', parts.join(''));
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', fill);
    path.setAttribute('stroke-width', String(2 * r));
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-opacity', String(fillOpacity));
    return path;
  };
}
