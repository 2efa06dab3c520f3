/**
 * Nearest-neighbour distances between neurons compared by direction: each row is scaled to unit norm, and the
 * distance of a row to a set is min_i ||a / ||a|| - b_i / ||b_i|||| (between 0 and 2). A generator that memorised
 * its training rows would put its samples much nearer to them than rows it never saw are. Plain float64 loops in
 * a fixed order (the same bits in every engine).
 */
function unitRows(rows: Float32Array, d: number): Float64Array {
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length / d; j++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += rows[j * d + p] ** 2;
    const scale = 1 / Math.sqrt(s);
    for (let p = 0; p < d; p++) out[j * d + p] = rows[j * d + p] * scale;
  }
  return out;
}

/** For each row of `queries`, its distance to the nearest row of `reference` (both n x d, row-major). */
export function nearestDistances(queries: Float32Array, reference: Float32Array, d: number): number[] {
  const q = unitRows(queries, d);
  const r = unitRows(reference, d);
  const nRef = reference.length / d;
  return Array.from({ length: queries.length / d }, (_, j) => {
    let best = -Infinity;
    for (let i = 0; i < nRef; i++) {
      let dot = 0;
      for (let p = 0; p < d; p++) dot += q[j * d + p] * r[i * d + p];
      if (dot > best) best = dot;
    }
    return Math.sqrt(Math.max(0, 2 - 2 * best)); // ||a - b||^2 = 2 - 2 a.b for unit vectors
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
