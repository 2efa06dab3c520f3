/**
 * The decoder of the VAE of neurons (src/neurons/vae), run on the host from the neuron-vae artifact's payloads:
 *
 *     g(z) = W2^T relu(W1^T z + b1) + b2,     z ~ N(0, I_k),
 *     theta = r g(z) / ||g(z)||,              r a row norm of the bank's training rows, drawn uniformly,
 *
 * since the VAE is trained on rows scaled to a common norm (the norms of real rows vary, and without restoring
 * them the samples come out far too small). Plain float64 arithmetic (no transcendental function), rounded to
 * float32: the same bits in every engine. Per sample the generator draws z (k normals), then the norm's index.
 */
import type { Artifact } from '../figure/contract';
import type { Generator } from '../random/generator';

export interface VaeDecoder {
  /** Latent dimension k. */
  k: number;
  /** m neurons, m x d row-major. */
  sample(m: number, rng: Generator): Float32Array;
  /** g(z) for one latent vector (length k): the decoded direction, before its norm is set. */
  decode(z: ArrayLike<number>): Float64Array;
}

/** The decoder of a neuron-vae artifact (payloads W1: k x H, b1: H, W2: H x d, b2: d, norms: N). */
export function vaeDecoder(artifact: Pick<Artifact, 'payloads' | 'shapes'>): VaeDecoder {
  const { W1, b1, W2, b2, norms } = artifact.payloads;
  if (!W1 || !b1 || !W2 || !b2 || !norms) throw new Error('The neuron-vae artifact lacks one of its payloads W1, b1, W2, b2, norms.');
  const [k, H] = artifact.shapes.W1;
  const d = artifact.shapes.W2[1];
  const decode = (z: ArrayLike<number>) => {
    const h = new Float64Array(H);
    for (let a = 0; a < H; a++) h[a] = b1[a];
    for (let i = 0; i < k; i++) for (let a = 0; a < H; a++) h[a] += z[i] * W1[i * H + a];
    const g = new Float64Array(d);
    for (let p = 0; p < d; p++) g[p] = b2[p];
    for (let a = 0; a < H; a++) {
      const ha = h[a] > 0 ? h[a] : 0;
      if (ha === 0) continue;
      for (let p = 0; p < d; p++) g[p] += ha * W2[a * d + p];
    }
    return g;
  };
  return {
    k,
    decode,
    sample(m, rng) {
      const out = new Float32Array(m * d);
      const z = new Float64Array(k);
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < k; i++) z[i] = rng.normal();
        const g = decode(z);
        const r = norms[rng.integer(norms.length)];
        let s = 0;
        for (let p = 0; p < d; p++) s += g[p] * g[p];
        const scale = r / Math.sqrt(s);
        for (let p = 0; p < d; p++) out[j * d + p] = scale * g[p];
      }
      return out;
    },
  };
}
