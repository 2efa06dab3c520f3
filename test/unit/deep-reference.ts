/**
 * A float64 reference of the deep network of src/models/deep/network.ts, written out loop by loop for the tests:
 * g^k = c_k W^k a^{k-1}, a^k = a g^k + b |g^k|, f = g^L, with W^kT stored m_{k-1} x m_k row-major.
 */
export interface ReferenceNet {
  sizes: number[];
  weightsT: ArrayLike<number>[];
  multipliers: number[];
  a: number;
  b: number;
}

/** Every layer's pre-activations at one input x, float64. */
export function referencePreActivations(net: ReferenceNet, x: ArrayLike<number>): number[][] {
  const g: number[][] = [];
  let input = Array.from(x);
  net.weightsT.forEach((W, k) => {
    const [fanIn, fanOut] = [net.sizes[k], net.sizes[k + 1]];
    const out = Array.from({ length: fanOut }, (_, j) => {
      let s = 0;
      for (let i = 0; i < fanIn; i++) s += W[i * fanOut + j] * input[i];
      return net.multipliers[k] * s;
    });
    g.push(out);
    input = out.map((s) => net.a * s + net.b * Math.abs(s));
  });
  return g;
}

export const referenceOutput = (net: ReferenceNet, x: ArrayLike<number>) => referencePreActivations(net, x).at(-1)![0];

/** The Jacobian of f at each row of X (n x d) with respect to every weight, by central differences: n x P. */
export function finiteDifferenceJacobian(net: ReferenceNet, X: ArrayLike<number>, eps = 1e-6): number[][] {
  const d = net.sizes[0];
  const n = X.length / d;
  const weights = net.weightsT.map((W) => Float64Array.from(W));
  const probe: ReferenceNet = { ...net, weightsT: weights };
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (const W of weights) {
    for (let e = 0; e < W.length; e++) {
      const w = W[e];
      for (let i = 0; i < n; i++) {
        const x = Array.from({ length: d }, (_, l) => X[i * d + l]);
        W[e] = w + eps;
        const up = referenceOutput(probe, x);
        W[e] = w - eps;
        const down = referenceOutput(probe, x);
        W[e] = w;
        rows[i].push((up - down) / (2 * eps));
      }
    }
  }
  return rows;
}
