/**
 * The port of scikit-learn's make_classification (src/data/synthetic) and of numpy's legacy RandomState
 * (src/random/mt19937, numpy-random-state) against reference values:
 *  - MT19937: the reference generator's first outputs for init_genrand(5489), and its 10,000th output
 *    4123659995 (the value the C++ standard requires of std::mt19937);
 *  - RandomState: values printed by numpy 2.4.6's RandomState (seeds 2020 and 0);
 *  - Figure 4's data set: the checksums of figure-specs §4A (scikit-learn 1.2.1), and the SHA-256 of the
 *    float32 X and int32 y computed by the same algorithm in numpy 2.4.6 (which matched those checksums);
 *  - the other branches (tracking selection, reservoir sampling, more than 30 informative bits, polytope,
 *    drawn shift and scale, completed and over-full weights): SHA-256 of float32 X and int32 y from numpy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticClassification, type SyntheticClassification } from '../../src/data/synthetic/fig4-dataset';
import {
  fusedMultiplyAdd,
  makeClassification,
  type Classification,
  type MakeClassificationOptions,
} from '../../src/data/synthetic/make-classification';
import { sha256Hex } from '../../src/pins/sha256';
import { loadPin, readLock } from '../../src/pins/store';
import { MT19937 } from '../../src/random/mt19937';
import { NumpyRandomState } from '../../src/random/numpy-random-state';

const FIG4: MakeClassificationOptions = {
  nSamples: 1000,
  nFeatures: 100,
  nInformative: 4,
  nRedundant: 10,
  nRepeated: 10,
  nClasses: 2,
  nClustersPerClass: 2,
  flipY: 0.01,
  classSep: 1.0,
  randomState: 2020,
};

/** SHA-256 of X cast to float32 followed by y as int32, both little-endian. */
function float32Sha(X: Float64Array, y: Int32Array): Promise<string> {
  const bytes = new Uint8Array(4 * (X.length + y.length));
  const view = new DataView(bytes.buffer);
  X.forEach((v, i) => view.setFloat32(4 * i, v, true));
  y.forEach((v, i) => view.setInt32(4 * (X.length + i), v, true));
  return sha256Hex(bytes);
}

function draws(n: number, draw: () => number): number[] {
  return Array.from({ length: n }, draw);
}

describe('MT19937', () => {
  it('gives the reference outputs for init_genrand(5489)', () => {
    const mt = new MT19937(5489);
    const outputs = draws(10000, () => mt.genrand_int32());
    expect(outputs.slice(0, 5)).toEqual([3499211612, 581869302, 3890346734, 3586334585, 545404204]);
    expect(outputs[9999]).toBe(4123659995);
  });

  it("gives numpy RandomState(2020)'s raw 32-bit outputs", () => {
    const mt = new MT19937(2020);
    expect(draws(3, () => mt.genrand_int32())).toEqual([4236026720, 639299976, 3751189827]);
  });

  it('refuses seeds outside [0, 2^32 - 1]', () => {
    expect(() => new MT19937(2 ** 32)).toThrow(/between 0 and 2\*\*32 - 1/);
    expect(() => new MT19937(-1)).toThrow(/between 0 and 2\*\*32 - 1/);
  });
});

describe('NumpyRandomState (numpy 2.4.6 legacy RandomState)', () => {
  it('random_sample', () => {
    const g = new NumpyRandomState(2020);
    expect(draws(3, () => g.randomSample())).toEqual([0.9862768288615988, 0.8733919458206546, 0.5097455249715815]);
  });

  it('uniform(-2, 3)', () => {
    const g = new NumpyRandomState(2020);
    expect(draws(3, () => g.uniform(-2, 3))).toEqual([2.9313841443079944, 2.3669597291032733, 0.5487276248579076]);
  });

  it('standard_normal, and its kept value survives a uniform draw in between', () => {
    const g = new NumpyRandomState(2020);
    expect(draws(5, () => g.standardNormal())).toEqual([
      -1.7688457055759508, 0.07555227120810952, -1.1306297028053423, -0.6514301669047348, -0.8931156263199002,
    ]);
    const h = new NumpyRandomState(2020);
    expect([h.standardNormal(), h.uniform(), h.standardNormal()]).toEqual([
      -1.7688457055759508, 0.33691872774596354, 0.07555227120810952,
    ]);
  });

  it('randint, with randint(1) drawing nothing', () => {
    const g = new NumpyRandomState(2020);
    expect(draws(8, () => g.randint(10))).toEqual([0, 8, 3, 6, 3, 3, 7, 8]);
    const h = new NumpyRandomState(0);
    expect(draws(6, () => h.randint(5))).toEqual([4, 0, 3, 3, 3, 1]);
    expect(draws(3, () => h.randint(1000))).toEqual([723, 277, 754]);
    const k = new NumpyRandomState(2020);
    expect(k.randint(1)).toBe(0);
    expect(k.randomSample()).toBe(0.9862768288615988);
  });

  it('permutation', () => {
    expect(Array.from(new NumpyRandomState(2020).permutation(10))).toEqual([2, 4, 9, 1, 5, 7, 6, 3, 8, 0]);
  });
});

describe('fusedMultiplyAdd', () => {
  it('rounds a b + c once', () => {
    // a b = 1 - 2^-104 exactly: the separate product rounds to 1 and loses it.
    expect(fusedMultiplyAdd(1 + 2 ** -52, 1 - 2 ** -52, -1)).toBe(-(2 ** -104));
    // The exact value lies just below a tie; rounding the low parts to nearest first would land on the tie
    // and round up to 1 + 2^-51 (the case that needs rounding to odd).
    const a = 1 + 2 ** -30;
    const b = 2 ** -53 - 2 ** -83;
    const c = 1 + 2 ** -52;
    expect(a * b + c).toBe(1 + 2 ** -51);
    expect(fusedMultiplyAdd(a, b, c)).toBe(1 + 2 ** -52);
  });
});

describe('Figure 4 row 2 data set', () => {
  let data: Classification;
  let fig4: SyntheticClassification;
  beforeAll(async () => {
    data = makeClassification(FIG4);
    fig4 = await syntheticClassification();
  });

  it('matches the figure-specs checksums', () => {
    const { X, y } = data;
    expect(X.length).toBe(100_000);
    const sumX = X.reduce((s, v) => s + v, 0);
    expect(Math.abs(sumX - 239.7078545793) / 239.7078545793).toBeLessThan(1e-9);
    expect(y.reduce((s, v) => s + v, 0)).toBe(499);
    [-0.663631, -0.048924, -0.772241, -0.141231].forEach((v, j) => expect(X[j]).toBeCloseTo(v, 6));
    expect(Array.from(y.subarray(0, 10))).toEqual([1, 0, 0, 0, 0, 1, 1, 1, 1, 0]);
  });

  it("equals numpy's X[0, :4] in float64", () => {
    expect(Array.from(data.X.subarray(0, 4))).toEqual([
      -0.6636309943784817, -0.04892428025581112, -0.7722406171205041, -0.14123099888031562,
    ]);
  });

  it("rounds its products as numpy's np.dot does (a fused multiply-add chain)", () => {
    // Row 0, columns 9, 22, 23 (the first entries where separately rounded products give other bits:
    // -0.14668668579513622, 1.6597560898407322, 0.44864615015309084).
    expect([data.X[9], data.X[22], data.X[23]]).toEqual([-0.1466866857951361, 1.659756089840732, 0.4486461501530909]);
  });

  it('splits 500 / 500 with 247 and 252 samples of class 1, as float32', () => {
    expect([fig4.d, fig4.nTrain, fig4.nTest]).toEqual([100, 500, 500]);
    expect([fig4.xTrain.length, fig4.xTest.length, fig4.yTrain.length, fig4.yTest.length]).toEqual([
      50_000, 50_000, 500, 500,
    ]);
    expect(fig4.yTrain.reduce((s, v) => s + v, 0)).toBe(247);
    expect(fig4.yTest.reduce((s, v) => s + v, 0)).toBe(252);
    expect(fig4.xTrain[0]).toBe(Math.fround(data.X[0]));
    expect(fig4.xTest[50_000 - 1]).toBe(Math.fround(data.X[100_000 - 1]));
    expect(fig4.yTest[499]).toBe(data.y[999]);
  });

  it("has numpy's float32 bytes: the identity", () => {
    expect(fig4.identity.name).toBe('sklearn-make_classification-1.2.1');
    expect(fig4.identity.sha256).toBe('94293a342fcd7df02fc437a3aab99f164f0be0d6602b0f78bc6ff871c2432bcd');
    expect(fig4.identity.arguments).toContain('random_state=2020');
  });

  it("is named in Figure 4's current pin, as the data provider records it", async () => {
    const lock = await readLock();
    const pin = await loadPin('fig4-linearisation', lock['fig4-linearisation'].default);
    expect(pin.manifest.datasets).toContainEqual(fig4.identity);
  });
});

describe("make_classification's other branches against numpy (float32 X and int32 y)", () => {
  const cases: [string, MakeClassificationOptions, string][] = [
    [
      'tracking selection, polytope, drawn shift and scale, weights completed',
      {
        nSamples: 60, nFeatures: 12, nInformative: 10, nRedundant: 1, nRepeated: 1, nClasses: 3,
        nClustersPerClass: 1, weights: [0.5, 0.3], flipY: 0.2, hypercube: false, shift: null, scale: null,
        randomState: 7,
      },
      '4493385b723ab6c23730e0693b610a370d18e4cd1c65080da11d2c7ee06ba61f',
    ],
    [
      'reservoir sampling, no shuffle',
      { nSamples: 50, nFeatures: 5, nInformative: 2, nRedundant: 1, nRepeated: 1, shuffle: false, randomState: 3 },
      '2ef9a8b47f33789885740615bd38d55869147c7031d9a56b5c8f14e6f4645840',
    ],
    [
      'more than 30 informative features',
      {
        nSamples: 20, nFeatures: 34, nInformative: 32, nRedundant: 1, nRepeated: 1, nClustersPerClass: 1,
        randomState: 11,
      },
      '23c0693fce136d2a5fe710b1982fbb962637e3d0ab3f6e6271273c464c104037',
    ],
    [
      'weights summing above 1, flip_y 0, shift per feature, largest seed',
      {
        nSamples: 40, nFeatures: 6, nInformative: 3, nRedundant: 1, nRepeated: 0, weights: [0.7, 0.6], flipY: 0,
        shift: [0.5, -1, 2, 0, 3, -0.25], scale: 2.5, randomState: 2 ** 32 - 1,
      },
      '70c34d65d735b807d39434f663ba4afe4a6fa5b3704a10be85e5d7c8074faa4d',
    ],
  ];
  it.each(cases)('%s', async (_, options, sha) => {
    const { X, y } = makeClassification(options);
    expect(await float32Sha(X, y)).toBe(sha);
  });
});

describe('argument checks', () => {
  const base: MakeClassificationOptions = { randomState: 0 };
  it.each<[Partial<MakeClassificationOptions>, RegExp]>([
    [
      { nFeatures: 5, nInformative: 2, nRedundant: 2, nRepeated: 2 },
      /informative, redundant and repeated features must sum to less than the number of total features/,
    ],
    [
      { nInformative: 1, nClasses: 2, nClustersPerClass: 2 },
      /n_classes\(2\) \* n_clusters_per_class\(2\) must be smaller or equal 2\*\*n_informative\(1\)=2/,
    ],
    [{ weights: [0.2, 0.3, 0.5] }, /Weights specified but incompatible with number of classes/],
    [{ weights: [1.5] }, /negative weights are not supported/],
    [{ nSamples: 0 }, /nSamples \(n_samples\) must be an integer >= 1/],
    [{ nRedundant: 1.5 }, /nRedundant \(n_redundant\) must be an integer >= 0/],
    [{ flipY: 1.5 }, /flipY \(flip_y\) must be in \[0, 1\]/],
    [{ classSep: 0 }, /classSep \(class_sep\) must be finite and > 0/],
    [{ shift: [1, 2] }, /shift must be a number or have one entry per feature \(20\); got 2 entries/],
    [{ scale: -1 }, /scale must be finite and > 0/],
    [{ randomState: 2 ** 32 }, /seed must be an integer between 0 and 2\*\*32 - 1/],
  ])('%o', (options, message) => {
    expect(() => makeClassification({ ...base, ...options })).toThrow(message);
  });
});
