/**
 * A bank of trained neurons: K independently initialised two-layer tanh networks (the review's Section VI prepares
 * such pre-trained networks with m = 100 and reads their hidden rows theta_j as samples of the learned
 * distribution rho). Each network k is, in PyTorch's parametrisation (no alpha / m; the Repopulation scripts'
 * `Linear` layers, figure-specs.md §Fig 8),
 *
 *     f_k(x) = W_k tanh(Theta_k x) + b_k,    Theta_k: m x d (no hidden bias),  W_k: 10 x m,  b_k in R^10,
 *
 * initialised as PyTorch's `Linear` does, Theta_k ~ U(+-1/sqrt(d)), W_k, b_k ~ U(+-1/sqrt(m)) (a small start:
 * from N(0, 1) the rows stay noise), and trained on the softmax cross-entropy with Adam and coupled L2.
 *
 * The K networks are trained side by side on the same minibatches: their hidden layers form one d x (K m) matrix
 * Theta^T (columns k m .. k m + m - 1 are network k's theta_j), so z = x Theta^T is one plain matMul, and the
 * loss is sum_k CE_k, so that each network's gradient is its own. Adam and L2 act entry by entry, so this is
 * exactly K separate runs that share their data order. Gradients, by hand (shapes on the right):
 *
 *     z = x Theta^T, h = tanh z                           B x Km, seen per network as h_k: K x B x m
 *     f_k = h_k W_k^T + b_k                               K x B x 10
 *     g_f = (softmax(f_k) - Y) / B                        K x B x 10
 *     dW_k^T = h_k^T g_f,  db_k = sum_i g_f               K x m x 10, K x 1 x 10
 *     g_z = (g_f W_k) * (1 - h^2)                         B x Km
 *     dTheta^T = x^T g_z                                  d x Km
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { RunContext } from '../figure/contract';
import { tanh } from '../models/tanh';
import { Adam } from '../training/adam';
import { disposeBatch, makeBatch, type HostSet } from '../training/batch';
import { checkNotDiverged } from '../training/divergence';
import { epochBatches } from '../training/minibatches';
import type { Generator } from '../random/generator';

const CLASSES = 10;

export interface BankRecipe {
  /** Number of networks. */
  K: number;
  /** Width of each. */
  m: number;
  epochs: number;
  batch: number;
  lr: number;
  weightDecay: number;
}

export type Bank = {
  /** Theta^T, d x Km: column k m + j is theta_j of network k. */
  thetaT: TF.Tensor2D;
  /** W_k^T for every k: K x m x 10. */
  wT: TF.Tensor3D;
  /** b_k for every k: K x 1 x 10. */
  b: TF.Tensor3D;
};

/** U(-bound, bound) entries, rounded to float32. */
function uniform(rng: Generator, n: number, bound: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng.uniform() - 1) * bound;
  return out;
}

/** PyTorch's `Linear` initialisation of each network in turn: Theta_k (row by row), then W_k, then b_k. */
export function initialBank(tf: typeof TF, rng: Generator, K: number, m: number, d: number): Bank {
  const thetaT = new Float32Array(d * K * m);
  const wT = new Float32Array(K * m * CLASSES);
  const b = new Float32Array(K * CLASSES);
  for (let k = 0; k < K; k++) {
    const theta = uniform(rng, m * d, 1 / Math.sqrt(d));
    for (let j = 0; j < m; j++) for (let l = 0; l < d; l++) thetaT[l * K * m + k * m + j] = theta[j * d + l];
    const w = uniform(rng, CLASSES * m, 1 / Math.sqrt(m));
    for (let c = 0; c < CLASSES; c++) for (let j = 0; j < m; j++) wT[(k * m + j) * CLASSES + c] = w[c * m + j];
    b.set(uniform(rng, CLASSES, 1 / Math.sqrt(m)), k * CLASSES);
  }
  return { thetaT: tf.tensor2d(thetaT, [d, K * m]), wT: tf.tensor3d(wT, [K, m, CLASSES]), b: tf.tensor3d(b, [K, 1, CLASSES]) };
}

/** h_k for every network (K x B x m) from z or h laid out B x Km, and back. */
const perNet = (tf: typeof TF, t: TF.Tensor2D, K: number) => tf.transpose(tf.reshape(t, [t.shape[0], K, -1]), [1, 0, 2]) as TF.Tensor3D;
const sideBySide = (tf: typeof TF, t: TF.Tensor3D) => tf.reshape(tf.transpose(t, [1, 0, 2]), [t.shape[1], -1]) as TF.Tensor2D;

/** Hidden activations (B x Km) and every network's outputs (K x B x 10) for inputs x (B x d). */
export function bankForward(tf: typeof TF, bank: Bank, x: TF.Tensor2D): { h: TF.Tensor2D; f: TF.Tensor3D } {
  return tf.tidy(() => {
    const h = tanh(tf, tf.matMul(x, bank.thetaT) as TF.Tensor2D);
    const f = tf.add(tf.matMul(perNet(tf, h, bank.wT.shape[0]), bank.wT), bank.b) as TF.Tensor3D;
    return { h, f };
  });
}

/** Each network's mean cross-entropy (a K-vector) of outputs f (K x B x 10) against one-hot Y (B x 10). */
function crossEntropies(tf: typeof TF, f: TF.Tensor3D, Y: TF.Tensor2D): TF.Tensor1D {
  return tf.tidy(() => tf.mean(tf.sub(tf.logSumExp(f, 2), tf.sum(tf.mul(Y, f), 2)), 1) as TF.Tensor1D);
}

function lossesAndGradients(tf: typeof TF, bank: Bank, { x, xT, Y }: { x: TF.Tensor2D; xT: TF.Tensor2D; Y: TF.Tensor2D }) {
  return tf.tidy(() => {
    const K = bank.wT.shape[0];
    const { h, f } = bankForward(tf, bank, x);
    const losses = crossEntropies(tf, f, Y);
    const gF = tf.div(tf.sub(tf.softmax(f), Y), x.shape[0]) as TF.Tensor3D;
    const wT = tf.matMul(perNet(tf, h, K), gF, true, false) as TF.Tensor3D; // h_k^T g_f: K x m x 10, small
    const b = tf.sum(gF, 1, true) as TF.Tensor3D;
    const gZ = tf.mul(sideBySide(tf, tf.matMul(gF, bank.wT, false, true) as TF.Tensor3D), tf.sub(1, tf.square(h))) as TF.Tensor2D;
    const thetaT = tf.matMul(xT, gZ) as TF.Tensor2D;
    return { losses, grads: { thetaT, wT, b } };
  });
}

/** Each network's test accuracy (a K-vector). */
export async function bankAccuracies(tf: typeof TF, bank: Bank, x: TF.Tensor2D, labels: TF.Tensor1D): Promise<number[]> {
  const acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(bankForward(tf, bank, x).f, 2), labels), 'float32'), 1));
  try {
    return Array.from(await acc.data());
  } finally {
    acc.dispose();
  }
}

export interface EpochReport {
  epoch: number;
  /** Each network's mean minibatch loss over the epoch. */
  trainLoss: number[];
  /** Each network's accuracy on the test set after the epoch. */
  testAccuracy: number[];
}

/**
 * Trains the bank from `initial` (which it takes over) and returns the trained one; `onEpoch` hears each epoch.
 * Stops with DivergedError if any network's epoch loss is not finite or far above its untrained loss.
 */
export async function trainBank(
  tf: typeof TF,
  initial: Bank,
  train: HostSet,
  test: { x: TF.Tensor2D; labels: TF.Tensor1D },
  recipe: BankRecipe,
  order: Generator,
  ctx: Pick<RunContext, 'checkpoint'>,
  onEpoch: (report: EpochReport) => void,
): Promise<Bank> {
  const n = train.labels.length;
  const adam = new Adam(tf, { lr: recipe.lr, weightDecay: recipe.weightDecay });
  let bank = initial;
  try {
    const whole = makeBatch(tf, train);
    const untrained = tf.tidy(() => crossEntropies(tf, bankForward(tf, bank, whole.x).f, whole.Y));
    const initialLoss = Array.from(await untrained.data());
    tf.dispose(untrained);
    disposeBatch(tf, whole);
    for (let epoch = 1; epoch <= recipe.epochs; epoch++) {
      const batches = epochBatches(order, n, recipe.batch);
      let lossSum = tf.zeros([recipe.K]);
      try {
        for (const indices of batches) {
          const batch = makeBatch(tf, train, indices);
          const { losses, grads } = lossesAndGradients(tf, bank, batch);
          bank = adam.step(bank, grads);
          const sum = tf.add(lossSum, losses);
          disposeBatch(tf, batch);
          tf.dispose([losses, lossSum]);
          lossSum = sum;
          await ctx.checkpoint();
        }
        const trainLoss = Array.from(await lossSum.data(), (s) => s / batches.length);
        trainLoss.forEach((loss, k) => checkNotDiverged(loss, initialLoss[k], `network ${k + 1}, epoch ${epoch}`));
        onEpoch({ epoch, trainLoss, testAccuracy: await bankAccuracies(tf, bank, test.x, test.labels) });
      } finally {
        lossSum.dispose();
      }
    }
  } catch (error) {
    tf.dispose([bank.thetaT, bank.wT, bank.b]);
    throw error;
  } finally {
    adam.dispose();
  }
  return bank;
}
