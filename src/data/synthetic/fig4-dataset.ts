/**
 * The synthetic data set of the review's Figure 4, row 2 (authors' NTK/ntk_approx.ipynb, cells 2–10;
 * figure-specs §4A): scikit-learn 1.2.1's make_classification (./make-classification) with the arguments
 * below and random_state 2020, cast to float32 as the authors did; the first 500 rows train, the last 500
 * test; labels 0/1 as float32. No scaling or standardisation.
 *
 * The identity's sha256 is over the float32 X (1000 x 100, row-major) followed by the int32 y, both
 * little-endian, computed with Web Crypto so that Node and a browser Web Worker give the same answer.
 */
import { sha256Hex } from '../../pins/sha256';
import { makeClassification } from './make-classification';

const N_SAMPLES = 1000;
const N_FEATURES = 100;
const N_TRAIN = 500;
const N_TEST = 500;

const ARGUMENTS =
  'make_classification(n_samples=1000, n_features=100, n_informative=4, n_redundant=10, n_repeated=10, ' +
  'n_classes=2, n_clusters_per_class=2, flip_y=0.01, class_sep=1.0, random_state=2020)';

export interface SyntheticClassification {
  /** 500 x 100, row-major. */
  xTrain: Float32Array;
  /** 0 or 1. */
  yTrain: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
  d: 100;
  nTrain: 500;
  nTest: 500;
  identity: { name: 'sklearn-make_classification-1.2.1'; sha256: string; arguments: string; nTrain: number; nTest: number };
}

let made: Promise<SyntheticClassification> | undefined;

/** The data set, made once per thread. */
export function syntheticClassification(): Promise<SyntheticClassification> {
  made ??= make();
  return made;
}

async function make(): Promise<SyntheticClassification> {
  const { X, y } = makeClassification({
    nSamples: N_SAMPLES,
    nFeatures: N_FEATURES,
    nInformative: 4,
    nRedundant: 10,
    nRepeated: 10,
    nClasses: 2,
    nClustersPerClass: 2,
    flipY: 0.01,
    classSep: 1.0,
    randomState: 2020,
  });
  const x32 = Float32Array.from(X);

  const bytes = new Uint8Array(4 * (x32.length + y.length));
  const view = new DataView(bytes.buffer);
  x32.forEach((v, i) => view.setFloat32(4 * i, v, true));
  y.forEach((v, i) => view.setInt32(4 * (x32.length + i), v, true));

  const split = N_TRAIN * N_FEATURES;
  return {
    xTrain: x32.slice(0, split),
    yTrain: Float32Array.from(y.subarray(0, N_TRAIN)),
    xTest: x32.slice(split),
    yTest: Float32Array.from(y.subarray(N_TRAIN)),
    d: N_FEATURES,
    nTrain: N_TRAIN,
    nTest: N_TEST,
    identity: { name: 'sklearn-make_classification-1.2.1', sha256: await sha256Hex(bytes), arguments: ARGUMENTS, nTrain: N_TRAIN, nTest: N_TEST },
  };
}
