/**
 * scikit-learn's `make_classification` (sklearn/datasets/_samples_generator.py as released in scikit-learn
 * 1.2.1, with `sample_without_replacement` from sklearn/utils/_random.pyx), ported to draw the same numbers:
 * every draw goes through ../../random/numpy-random-state, numpy's legacy RandomState, in scikit-learn's order.
 * The design is Guyon's, for the NIPS 2003 "Madelon" set (I. Guyon, "Design of experiments for the NIPS 2003
 * variable selection benchmark", 2003). With G the generator and n_inf, n_red, n_rep the feature counts:
 *
 *  1. Checks: n_inf + n_red + n_rep <= n_features and n_classes n_clusters_per_class <= 2^n_inf.
 *  2. Weights w: 1/n_classes each if absent; a list one short is completed with 1 - (sum, left to right).
 *  3. Cluster k of the n_clusters = n_classes n_clusters_per_class gets trunc(n_samples w[k mod n_classes] /
 *     n_clusters_per_class) samples; the remainder goes one by one to clusters 0, 1, 2, ... cyclically.
 *  4. Centroids: n_clusters distinct integers of n_inf bits (sampleWithoutReplacement; beyond 30 bits the
 *     leading bits are G.randint(2) draws, cluster by cluster, taken first), read most significant bit first;
 *     a bit b becomes (b 2 class_sep) - class_sep. If not hypercube, multiply by G.uniform() per cluster, then
 *     by G.uniform() per informative feature.
 *  5. X[:, :n_inf] = standard normals, row by row.
 *  6. Per cluster, in order (rows laid out contiguously): label k mod n_classes; A = 2 G.uniform(n_inf x n_inf)
 *     - 1; the cluster's rows X_k become X_k A; then add the centroid.
 *  7. B = 2 G.uniform(n_inf x n_red) - 1; X[:, n_inf : n_inf + n_red] = X[:, :n_inf] B.
 *  8. With n = n_inf + n_red, column n + j copies column trunc((n - 1) G.uniform() + 0.5), j < n_rep.
 *  9. The last n_features - n - n_rep columns are standard normals, row by row.
 * 10. Each sample draws G.uniform(); where it is < flip_y, the label is replaced by G.randint(n_classes), in
 *     sample order (so a flipped label may keep its class).
 * 11. X += shift (G-drawn if null: (2 G.uniform() - 1) class_sep per feature); then X *= scale (if null:
 *     1 + 100 G.uniform() per feature).
 * 12. If shuffle: reorder the rows (X and y together) by G.shuffle(0 .. n_samples-1), then the columns by
 *     G.shuffle(0 .. n_features-1).
 *
 * The products in steps 6 and 7 are np.dot, whose rounding is whatever the BLAS does. On x86-64 with FMA
 * (numpy's OpenBLAS, Haswell kernels and later) each entry is a fused multiply-add chain over k from 0,
 *   acc = 0;  acc = fma(x_k, a_kc, acc),  k = 0, 1, ..., n_inf - 1,
 * which is what is computed here, with fma emulated exactly (fusedMultiplyAdd); numpy's other BLAS kernels
 * (a cluster of a single row, n_redundant = 1, larger n_inf) may round differently, by an ulp or so.
 *
 * Bits. Checked against this algorithm run in numpy 2.4.6 (OpenBLAS 0.3.31, glibc 2.36, x86-64 with FMA) on
 * the Figure 4 call: every 32-bit draw, label and product agrees, and X agrees bit for bit once cast to
 * float32 (how the authors used it). In float64, about 3% of X's entries differ by an ulp or so, all from
 * the log inside standard normals (see ../../random/numpy-random-state); with glibc's log values swapped in,
 * the float64 X is identical too.
 *
 * Arguments are checked as scikit-learn 1.2.1 checks them (its messages), plus the ranges that scikit-learn
 * declares from 1.3 on; inputs numpy would mishandle (negative weights) or that need numpy's global generator
 * (random_state None) are refused with an error rather than answered differently.
 */
import { NumpyRandomState } from '../../random/numpy-random-state';

export interface MakeClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nRepeated?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  weights?: ArrayLike<number> | null;
  flipY?: number;
  classSep?: number;
  hypercube?: boolean;
  shift?: number | ArrayLike<number> | null;
  scale?: number | ArrayLike<number> | null;
  shuffle?: boolean;
  /** An integer seed in [0, 2^32 - 1] (numpy RandomState(seed)), or a generator to draw from. Required. */
  randomState: number | NumpyRandomState;
}

export interface Classification {
  /** nSamples x nFeatures, row-major. */
  X: Float64Array;
  y: Int32Array;
}

function fail(message: string): never {
  throw new Error(`makeClassification: ${message}`);
}

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) fail(`${name} must be an integer >= ${min} (got ${value}).`);
  return value;
}

/** shift or scale as one value per feature: a number broadcast, or an array of nFeatures finite values. */
function perFeature(name: string, value: number | ArrayLike<number>, nFeatures: number, positive: boolean) {
  const values = typeof value === 'number' ? new Float64Array(nFeatures).fill(value) : Float64Array.from(value);
  if (values.length !== nFeatures) {
    fail(`${name} must be a number or have one entry per feature (${nFeatures}); got ${values.length} entries.`);
  }
  if (values.some((v) => !Number.isFinite(v) || (positive && v <= 0))) {
    fail(`${name} must be finite${positive ? ' and > 0' : ''} (got ${Array.from(values).join(', ')}).`);
  }
  return values;
}

function classWeights(weights: ArrayLike<number> | null, nClasses: number): number[] {
  if (weights === null) return new Array<number>(nClasses).fill(1.0 / nClasses);
  if (weights.length !== nClasses && weights.length !== nClasses - 1) {
    fail('Weights specified but incompatible with number of classes.');
  }
  const w = Array.from(weights);
  if (w.length === nClasses - 1) w.push(1.0 - w.reduce((sum, v) => sum + v, 0));
  if (w.some((v) => !Number.isFinite(v) || v < 0)) {
    fail(`class weights must be finite and >= 0 (got ${w.join(', ')}); negative weights are not supported.`);
  }
  return w;
}

/**
 * n_samples distinct integers from [0, n_population), as scikit-learn's sample_without_replacement with
 * method "auto": for 0.01 < ratio < 0.99 (ratio = n_samples / n_population) the first n_samples entries of
 * G.permutation(n_population); otherwise, for ratio < 0.2, tracking selection (G.randint(n_population), drawn
 * again while already chosen); otherwise reservoir sampling (out = 0 .. n_samples-1, then for each
 * i = n_samples .. n_population-1, j = G.randint(i + 1) and out[j] = i if j < n_samples).
 */
function sampleWithoutReplacement(nPopulation: number, nSamples: number, rng: NumpyRandomState): Int32Array {
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1.0;
  if (ratio > 0.01 && ratio < 0.99) return rng.permutation(nPopulation).subarray(0, nSamples);
  const out = new Int32Array(nSamples);
  if (ratio < 0.2) {
    const selected = new Set<number>();
    for (let i = 0; i < nSamples; i++) {
      let j = rng.randint(nPopulation);
      while (selected.has(j)) j = rng.randint(nPopulation);
      selected.add(j);
      out[i] = j;
    }
  } else {
    for (let i = 0; i < nSamples; i++) out[i] = i;
    for (let i = nSamples; i < nPopulation; i++) {
      const j = rng.randint(i + 1);
      if (j < nSamples) out[j] = i;
    }
  }
  return out;
}

/** scikit-learn's _generate_hypercube: `samples` distinct rows of `dimensions` bits (step 4), row-major. */
function generateHypercube(samples: number, dimensions: number, rng: NumpyRandomState): Uint8Array {
  const out = new Uint8Array(samples * dimensions);
  if (dimensions > 30) {
    const lead = dimensions - 30;
    for (let i = 0; i < samples; i++) for (let j = 0; j < lead; j++) out[i * dimensions + j] = rng.randint(2);
    const tail = generateHypercube(samples, 30, rng);
    for (let i = 0; i < samples; i++) out.set(tail.subarray(i * 30, (i + 1) * 30), i * dimensions + lead);
    return out;
  }
  const vertices = sampleWithoutReplacement(2 ** dimensions, samples, rng);
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < dimensions; j++) out[i * dimensions + j] = (vertices[i] >>> (dimensions - 1 - j)) & 1;
  }
  return out;
}

const scratch = new Float64Array(1);
const scratchBits = new BigInt64Array(scratch.buffer);

/** RO(x + y): x + y rounded to odd (exact if representable, else the neighbour whose last bit is 1). */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const e = x - (s - bb) + (y - bb);
  if (e === 0) return s;
  scratch[0] = s;
  if ((scratchBits[0] & 1n) === 1n) return s;
  scratchBits[0] += s > 0 === e > 0 ? 1n : -1n;
  return scratch[0];
}

/**
 * a b + c with one rounding, in plain double arithmetic: S. Boldo and G. Melquiond, "Emulation of FMA and
 * correctly rounded sums: proved algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008:
 * uh + ul = a b exactly (Dekker's product with Veltkamp's split), th + tl = c + uh exactly (Knuth's TwoSum),
 * result RN(th + RO(tl + ul)). Exact for finite operands whose product neither overflows (|a|, |b| < 2^995)
 * nor loses bits to underflow.
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const uh = a * b;
  const ca = 134217729 * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = 134217729 * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const ul = al * bl - (uh - ah * bh - al * bh - ah * bl);
  const th = c + uh;
  const bv = th - c;
  const tl = c - (th - bv) + (uh - bv);
  return th + addRoundToOdd(tl, ul);
}

export function makeClassification(options: MakeClassificationOptions): Classification {
  const nSamples = count('nSamples (n_samples)', options.nSamples ?? 100, 1);
  const nFeatures = count('nFeatures (n_features)', options.nFeatures ?? 20, 1);
  const nInformative = count('nInformative (n_informative)', options.nInformative ?? 2, 1);
  const nRedundant = count('nRedundant (n_redundant)', options.nRedundant ?? 2, 0);
  const nRepeated = count('nRepeated (n_repeated)', options.nRepeated ?? 0, 0);
  const nClasses = count('nClasses (n_classes)', options.nClasses ?? 2, 1);
  const nClustersPerClass = count('nClustersPerClass (n_clusters_per_class)', options.nClustersPerClass ?? 2, 1);
  const flipY = options.flipY ?? 0.01;
  const classSep = options.classSep ?? 1.0;
  const hypercube = options.hypercube ?? true;
  const shuffle = options.shuffle ?? true;
  if (!(flipY >= 0 && flipY <= 1)) fail(`flipY (flip_y) must be in [0, 1] (got ${flipY}).`);
  if (!(Number.isFinite(classSep) && classSep > 0)) {
    fail(`classSep (class_sep) must be finite and > 0 (got ${classSep}).`);
  }
  if (options.randomState === undefined) fail('randomState is required (this port has no global unseeded generator).');
  const shift = options.shift === undefined ? 0.0 : options.shift;
  const scale = options.scale === undefined ? 1.0 : options.scale;
  const shiftOf = shift === null ? null : perFeature('shift', shift, nFeatures, false);
  const scaleOf = scale === null ? null : perFeature('scale', scale, nFeatures, true);

  if (nInformative + nRedundant + nRepeated > nFeatures) {
    fail('Number of informative, redundant and repeated features must sum to less than the number of total features');
  }
  if (nClasses * nClustersPerClass > 2 ** nInformative) {
    fail(
      `n_classes(${nClasses}) * n_clusters_per_class(${nClustersPerClass}) must be smaller or equal ` +
        `2**n_informative(${nInformative})=${2 ** nInformative}`,
    );
  }
  const weights = classWeights(options.weights ?? null, nClasses);
  const generator =
    typeof options.randomState === 'number' ? new NumpyRandomState(options.randomState) : options.randomState;

  const nUseless = nFeatures - nInformative - nRedundant - nRepeated;
  const nClusters = nClasses * nClustersPerClass;
  const perCluster: number[] = [];
  for (let k = 0; k < nClusters; k++) {
    perCluster.push(Math.trunc((nSamples * weights[k % nClasses]) / nClustersPerClass));
  }
  const assigned = perCluster.reduce((sum, v) => sum + v, 0);
  for (let i = 0; i < nSamples - assigned; i++) perCluster[i % nClusters] += 1;

  const F = nFeatures;
  const X = new Float64Array(nSamples * F);
  const y = new Int32Array(nSamples);

  const bits = generateHypercube(nClusters, nInformative, generator);
  const centroids = Float64Array.from(bits, (b) => b * (2 * classSep) - classSep);
  if (!hypercube) {
    const perClusterFactor = Array.from({ length: nClusters }, () => generator.uniform());
    const perFeatureFactor = Array.from({ length: nInformative }, () => generator.uniform());
    for (let k = 0; k < nClusters; k++) {
      for (let j = 0; j < nInformative; j++) {
        centroids[k * nInformative + j] = centroids[k * nInformative + j] * perClusterFactor[k] * perFeatureFactor[j];
      }
    }
  }

  for (let i = 0; i < nSamples; i++) for (let j = 0; j < nInformative; j++) X[i * F + j] = generator.standardNormal();

  // X[rows, columns from..] = X[rows, :n_inf] M, M an n_inf x width matrix, row-major (np.dot, see above).
  const product = (rowStart: number, rowStop: number, M: Float64Array, width: number, from: number) => {
    const row = new Float64Array(width);
    for (let i = rowStart; i < rowStop; i++) {
      for (let c = 0; c < width; c++) {
        let acc = 0;
        for (let k = 0; k < nInformative; k++) acc = fusedMultiplyAdd(X[i * F + k], M[k * width + c], acc);
        row[c] = acc;
      }
      X.set(row, i * F + from);
    }
  };
  const uniformMatrix = (width: number) =>
    Float64Array.from({ length: nInformative * width }, () => 2 * generator.uniform() - 1);

  let stop = 0;
  for (let k = 0; k < nClusters; k++) {
    // numpy slicing: a cluster past the last sample (weights summing above 1) is cut short or empty.
    const start = Math.min(stop, nSamples);
    stop += perCluster[k];
    const end = Math.min(stop, nSamples);
    y.fill(k % nClasses, start, end);
    const A = uniformMatrix(nInformative);
    product(start, end, A, nInformative, 0);
    for (let i = start; i < end; i++) {
      for (let j = 0; j < nInformative; j++) X[i * F + j] += centroids[k * nInformative + j];
    }
  }

  if (nRedundant > 0) product(0, nSamples, uniformMatrix(nRedundant), nRedundant, nInformative);

  if (nRepeated > 0) {
    const n = nInformative + nRedundant;
    const indices = Array.from({ length: nRepeated }, () => Math.trunc((n - 1) * generator.uniform() + 0.5));
    for (let i = 0; i < nSamples; i++) {
      for (let j = 0; j < nRepeated; j++) X[i * F + n + j] = X[i * F + indices[j]];
    }
  }

  for (let i = 0; i < nSamples; i++) {
    for (let j = F - nUseless; j < F; j++) X[i * F + j] = generator.standardNormal();
  }

  const flip = Array.from({ length: nSamples }, () => generator.uniform() < flipY);
  for (let i = 0; i < nSamples; i++) if (flip[i]) y[i] = generator.randint(nClasses);

  const shiftBy = shiftOf ?? Float64Array.from({ length: F }, () => (2 * generator.uniform() - 1) * classSep);
  for (let i = 0; i < X.length; i++) X[i] += shiftBy[i % F];
  const scaleBy = scaleOf ?? Float64Array.from({ length: F }, () => 1 + 100 * generator.uniform());
  for (let i = 0; i < X.length; i++) X[i] *= scaleBy[i % F];

  if (!shuffle) return { X, y };
  const rows = generator.permutation(nSamples);
  const columns = generator.permutation(F);
  const shuffledX = new Float64Array(X.length);
  const shuffledY = new Int32Array(nSamples);
  for (let r = 0; r < nSamples; r++) {
    shuffledY[r] = y[rows[r]];
    for (let c = 0; c < F; c++) shuffledX[r * F + c] = X[rows[r] * F + columns[c]];
  }
  return { X: shuffledX, y: shuffledY };
}
