/**
 * The deep network (src/models/deep) in its three parameterisations, on tfjs's `cpu` backend. Oracles: a float64
 * loop-by-loop reference (./deep-reference.ts); the identities between the parameterisations at initialisation
 * (standard = ntk as functions, mup = ntk / sqrt(m_{L-1})); the edge-of-chaos constants by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { ABS, RELU, dphi, nonLinearShare, phi, sigmaW2 } from '../../src/models/deep/activation';
import { disposeNetwork, forward, sizesOf, type DeepNetwork } from '../../src/models/deep/network';
import {
  drawStandardNormals,
  initialise,
  learningRateScale,
  ntkMultipliers,
  parameterise,
  type Parameterisation,
} from '../../src/models/deep/parameterisation';
import { generator } from '../../src/random/generator';
import { nodeTf } from '../../src/runtime/node-tf';
import { referencePreActivations } from './deep-reference';

let tf: typeof TF;
beforeAll(async () => {
  tf = await nodeTf('cpu');
});

const PARAMETERISATIONS: Parameterisation[] = ['ntk', 'standard', 'mup'];

async function outputsOf(net: DeepNetwork, X: Float32Array, n: number): Promise<number[][]> {
  const x = tf.tensor2d(X, [n, sizesOf(net)[0]]);
  const pass = forward(tf, net, x);
  const g = await Promise.all(pass.g.map(async (t) => Array.from(await t.data())));
  tf.dispose([x, ...pass.g, ...pass.a]);
  return g;
}

describe('edge-of-chaos activations', () => {
  it('phi(s) = a s + b|s| is exactly ReLU for a = b = 1/2 and |s| for a = 0, b = 1; phi\' is a + b sign(s)', async () => {
    const s = [-3.5, -1e-3, -0, 0, 2e-7, 1, 17.25].map(Math.fround);
    const g = tf.tensor2d(s, [1, s.length]);
    const read = async (t: TF.Tensor) => {
      const v = Array.from(await t.data());
      t.dispose();
      return v;
    };
    expect(await read(phi(tf, RELU, g))).toEqual(s.map((v) => Math.max(v, 0)));
    expect(await read(phi(tf, ABS, g))).toEqual(s.map(Math.abs));
    expect(await read(dphi(tf, RELU, g))).toEqual(s.map((v) => (v > 0 ? 1 : v < 0 ? 0 : 0.5)));
    expect(await read(dphi(tf, ABS, g))).toEqual(s.map((v) => Math.sign(v) || 0));
    g.dispose();
  });

  it('sigma_w^2 = 1/(a^2 + b^2) and Delta = b^2/(a^2 + b^2): 2 and 1/2 for ReLU, 1 and 1 for |s|', () => {
    expect([sigmaW2(RELU), nonLinearShare(RELU)]).toEqual([2, 0.5]);
    expect([sigmaW2(ABS), nonLinearShare(ABS)]).toEqual([1, 1]);
  });
});

describe('the forward pass', () => {
  const sizes = [4, 6, 5, 1];
  const n = 3;

  for (const activation of [RELU, ABS]) {
    for (const p of PARAMETERISATIONS) {
      it(`${p}, ${activation.label}: every layer matches the float64 reference`, async () => {
        const g = generator(7, 'test/deep-forward');
        const Z = drawStandardNormals(g, sizes);
        const X = g.normals(n * sizes[0]);
        const { weightsT, multipliers } = parameterise(p, sizes, Z, activation);
        const net = initialise(tf, generator(7, 'test/deep-forward'), p, sizes, activation);
        expect(net.multipliers).toEqual(multipliers);
        const got = await outputsOf(net, X, n);
        disposeNetwork(tf, net);
        for (let i = 0; i < n; i++) {
          const ref = referencePreActivations({ sizes, weightsT, multipliers, ...activation }, X.subarray(i * 4, i * 4 + 4));
          ref.forEach((layer, k) =>
            layer.forEach((v, j) => expect(Math.abs(got[k][i * sizes[k + 1] + j] - v)).toBeLessThan(1e-5 * (1 + Math.abs(v)))),
          );
        }
      });
    }
  }

  it('ntk multipliers are 1/sqrt(d), then sigma_w/sqrt(fan-in); mup changes only the last to sigma_w/m', () => {
    ntkMultipliers([9, 8, 2, 1], RELU).forEach((c, k) => expect(c).toBeCloseTo([1 / 3, 0.5, 1][k], 15));
    const Z = drawStandardNormals(generator(1, 'x'), [9, 8, 2, 1]);
    parameterise('mup', [9, 8, 2, 1], Z, ABS).multipliers.forEach((c, k) => expect(c).toBeCloseTo([1 / 3, Math.sqrt(1 / 8), 1 / 2][k], 15));
    expect(parameterise('standard', [9, 8, 2, 1], Z, ABS).multipliers).toEqual([1, 1, 1]);
    expect([learningRateScale('mup', [9, 8, 2, 1]), learningRateScale('ntk', [9, 8, 2, 1]), learningRateScale('standard', [9, 8, 2, 1])]).toEqual([2, 1, 1]);
  });
});

describe('the parameterisations at initialisation', () => {
  const d = 10;
  const m = 256;
  const sizes = [d, m, m, 1];
  const n = 16;

  for (const activation of [RELU, ABS]) {
    it(`${activation.label}: standard (He) is the same function as ntk at every layer; mup is ntk / sqrt(m)`, async () => {
      const X = generator(3, 'test/deep-inputs').normals(n * d);
      const g = Object.fromEntries(
        await Promise.all(
          PARAMETERISATIONS.map(async (p) => {
            const net = initialise(tf, generator(3, 'test/deep-init'), p, sizes, activation);
            const out = await outputsOf(net, X, n);
            disposeNetwork(tf, net);
            return [p, out];
          }),
        ),
      ) as Record<Parameterisation, number[][]>;
      for (let k = 0; k < sizes.length - 1; k++) {
        const scale = Math.max(...g.ntk[k].map(Math.abs));
        g.ntk[k].forEach((v, e) => expect(Math.abs(g.standard[k][e] - v)).toBeLessThan(1e-5 * scale));
      }
      // The hidden layers of mup are those of ntk, bit for bit; only the output is divided by sqrt(m).
      for (let k = 0; k < sizes.length - 2; k++) expect(g.mup[k]).toEqual(g.ntk[k]);
      g.ntk[2].forEach((f, i) => expect(Math.abs(g.mup[2][i] * Math.sqrt(m) - f)).toBeLessThan(1e-6 * (1 + Math.abs(f))));
    });
  }

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const net = initialise(tf, generator(1, 't'), 'ntk', [3, 4, 1], RELU);
    await outputsOf(net, new Float32Array(6), 2);
    disposeNetwork(tf, net);
    expect(tf.memory().numTensors).toBe(before);
  });
});
