/**
 * The VAE of neurons (src/neurons/vae): its hand-written gradients against central finite differences of its loss,
 * for every parameter, on a small VAE with the noise eps held fixed; and the host decoder
 * (src/neurons/vae-decoder) against the tfjs one.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { generator } from '../../src/random/generator';
import { decode, initialVae, vaeLossAndGradients, type VaeParams } from '../../src/neurons/vae';
import { vaeDecoder } from '../../src/neurons/vae-decoder';

const shape = { d: 7, H: 6, k: 3 };
const B = 5;

function setUp() {
  const rng = generator(3, 'test/vae');
  const p = initialVae(tf, rng, shape);
  // A larger encoder than the initialisation, so that the KL term matters beside the reconstruction.
  const params = Object.fromEntries(Object.entries(p).map(([name, t]) => [name, tf.mul(t, ['W1e', 'We2', 'be2'].includes(name) ? 4 : 1)])) as VaeParams;
  tf.dispose(Object.values(p));
  const x = tf.tensor2d(rng.normals(B * shape.d, 0.3), [B, shape.d]);
  const eps = tf.tensor2d(rng.normals(B * shape.k), [B, shape.k]);
  return { params, x, xT: tf.transpose(x) as tf.Tensor2D, eps };
}

/** Central differences of the loss in each entry of parameter `name`, beside the analytic gradient. */
function differences(setup: ReturnType<typeof setUp>, name: keyof VaeParams) {
  const { params, x, xT, eps } = setup;
  const lossAt = (values: Float32Array) => {
    const changed = { ...params, [name]: tf.tensor(values, params[name].shape) } as VaeParams;
    const out = vaeLossAndGradients(tf, changed, x, xT, eps);
    const v = out.loss.dataSync()[0];
    tf.dispose([out.loss, out.reconstruction, out.kl, ...Object.values(out.grads), changed[name]]);
    return v;
  };
  const h = 1e-2;
  const base = params[name].dataSync() as Float32Array;
  return Array.from(base, (_, i) => {
    const up = base.slice(), down = base.slice();
    up[i] += h;
    down[i] -= h;
    return (lossAt(up) - lossAt(down)) / (2 * h);
  });
}

/** max_i |numeric_i - analytic_i| / max_i |numeric_i|. */
function relativeError(numeric: number[], analytic: ArrayLike<number>) {
  const scale = Math.max(...numeric.map(Math.abs));
  expect(scale).toBeGreaterThan(1e-3);
  return Math.max(...numeric.map((g, i) => Math.abs(g - analytic[i]))) / scale;
}

describe('VAE loss gradients', () => {
  it('match central finite differences for every parameter', async () => {
    await tf.setBackend('cpu');
    const setup = setUp();
    const { loss, reconstruction, kl, grads } = vaeLossAndGradients(tf, setup.params, setup.x, setup.xT, setup.eps);
    expect((await kl.data())[0]).toBeGreaterThan(0.05 * (await reconstruction.data())[0]); // both terms count
    for (const name of Object.keys(setup.params) as (keyof VaeParams)[]) {
      expect(relativeError(differences(setup, name), grads[name].dataSync()), name).toBeLessThan(5e-3);
    }
    tf.dispose([loss, reconstruction, kl, ...Object.values(grads), ...Object.values(setup.params), setup.x, setup.xT, setup.eps]);
  });

  it('the check fails for a gradient without its KL part', async () => {
    await tf.setBackend('cpu');
    const setup = setUp();
    const { loss, reconstruction, kl, grads } = vaeLossAndGradients(tf, setup.params, setup.x, setup.xT, setup.eps);
    // The KL term's share of d/d(be2) for the log-variance entries: sum_i (e^{lv_ic} - 1) / (2B).
    const lv = tf.tidy(() => tf.slice(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(setup.x, setup.params.W1e), setup.params.b1e)), setup.params.We2), setup.params.be2), [0, shape.k], [B, shape.k]));
    const klPart = tf.tidy(() => tf.sum(tf.div(tf.sub(tf.exp(lv), 1), 2 * B), 0)).dataSync();
    const wrong = Float32Array.from(grads.be2.dataSync());
    for (let c = 0; c < shape.k; c++) wrong[shape.k + c] -= klPart[c];
    expect(relativeError(differences(setup, 'be2'), wrong)).toBeGreaterThan(5e-2);
    tf.dispose([lv, loss, reconstruction, kl, ...Object.values(grads), ...Object.values(setup.params), setup.x, setup.xT, setup.eps]);
  });
});

describe('host decoder', () => {
  it('agrees with the tfjs decoder and sets each sample\'s norm', async () => {
    await tf.setBackend('cpu');
    const { params, x, xT, eps } = setUp();
    const payloads = {
      W1: params.W1.dataSync() as Float32Array, b1: params.b1.dataSync() as Float32Array,
      W2: params.W2.dataSync() as Float32Array, b2: params.b2.dataSync() as Float32Array, norms: Float32Array.from([2]),
    };
    const decoder = vaeDecoder({ payloads, shapes: { W1: [3, 6], b1: [6], W2: [6, 7], b2: [7], norms: [1] } });
    const z = [0.3, -1.2, 0.7];
    const host = decoder.decode(z);
    const device = decode(tf, params, tf.tensor2d([z])).dataSync();
    host.forEach((v, i) => expect(Math.abs(v - device[i])).toBeLessThan(1e-5 * (1 + Math.abs(v))));
    tf.dispose([...Object.values(params), x, xT, eps]);
  });
});
