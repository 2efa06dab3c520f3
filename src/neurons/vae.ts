/**
 * A variational autoencoder of neurons (Kingma & Welling 2014; the review's Section VI fits one to trained rows
 * to sample the learned distribution rho). Unconditional, with one hidden layer of H ReLU units each way and a
 * latent dimension k:
 *
 *     encoder   a1 = x W1e + b1e,  h1 = relu(a1),  [mu, lv] = h1 We2 + be2       (B x H, B x 2k)
 *     sample    z = mu + exp(lv / 2) eps,  eps ~ N(0, I_k) from the project's generator
 *     decoder   a2 = z W1 + b1,  h2 = relu(a2),  xhat = h2 W2 + b2               (B x H, B x d)
 *
 * The loss of a batch of B rows x (scaled to a common norm by the caller) is the negative ELBO with a unit-variance
 * Gaussian likelihood, as the authors' `vae.py` writes it (sum of squared errors plus KL, mean over the batch):
 *
 *     L = (1/B) sum_i [ ||xhat_i - x_i||^2 + (1/2) sum_c (mu_ic^2 + e^{lv_ic} - 1 - lv_ic) ]
 *
 * Gradients by hand (backpropagation; test/unit/vae.test.ts checks them against finite differences):
 *
 *     g_xhat = 2 (xhat - x) / B;    dW2 = h2^T g_xhat,  db2 = sum_i g_xhat
 *     g_a2 = (g_xhat W2^T) * [a2 > 0];    dW1 = z^T g_a2,  db1 = sum_i g_a2;    g_z = g_a2 W1^T
 *     g_mu = g_z + mu / B;    g_lv = g_z * eps * exp(lv / 2) / 2 + (e^{lv} - 1) / (2B)
 *     g_e2 = [g_mu, g_lv];    dWe2 = h1^T g_e2,  dbe2 = sum_i g_e2
 *     g_a1 = (g_e2 We2^T) * [a1 > 0];    dW1e = x^T g_a1,  db1e = sum_i g_a1
 *
 * Every product is a plain matMul of explicitly transposed operands (wasm's fast path; see src/models/two-layer).
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Generator } from '../random/generator';

export type VaeParams = {
  W1e: TF.Tensor2D; // d x H
  b1e: TF.Tensor1D; // H
  We2: TF.Tensor2D; // H x 2k: the mean's columns, then the log-variance's
  be2: TF.Tensor1D; // 2k
  W1: TF.Tensor2D; // k x H   (decoder)
  b1: TF.Tensor1D; // H
  W2: TF.Tensor2D; // H x d
  b2: TF.Tensor1D; // d
};

export interface VaeShape {
  d: number;
  H: number;
  k: number;
}

/**
 * PyTorch's `Linear` initialisation, U(+-1/sqrt(fan_in)) for weights and biases alike, layer by layer in the
 * order of VaeParams.
 */
export function initialVae(tf: typeof TF, rng: Generator, { d, H, k }: VaeShape): VaeParams {
  const u = (n: number, fanIn: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (2 * rng.uniform() - 1) / Math.sqrt(fanIn);
    return out;
  };
  return {
    W1e: tf.tensor2d(u(d * H, d), [d, H]),
    b1e: tf.tensor1d(u(H, d)),
    We2: tf.tensor2d(u(H * 2 * k, H), [H, 2 * k]),
    be2: tf.tensor1d(u(2 * k, H)),
    W1: tf.tensor2d(u(k * H, k), [k, H]),
    b1: tf.tensor1d(u(H, k)),
    W2: tf.tensor2d(u(H * d, H), [H, d]),
    b2: tf.tensor1d(u(d, H)),
  };
}

/** The decoder's mean output xhat for latent vectors z (B x k). */
export function decode(tf: typeof TF, p: VaeParams, z: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(z, p.W1), p.b1)), p.W2), p.b2) as TF.Tensor2D);
}

/**
 * The loss of eq. (above) on rows x (B x d, with xT = x^T, d x B) for the noise eps (B x k), its two terms, and
 * the gradient of the loss with respect to every parameter.
 */
export function vaeLossAndGradients(tf: typeof TF, p: VaeParams, x: TF.Tensor2D, xT: TF.Tensor2D, eps: TF.Tensor2D) {
  return tf.tidy(() => {
    const B = x.shape[0];
    const k = eps.shape[1];
    const T = (t: TF.Tensor2D) => tf.transpose(t) as TF.Tensor2D;
    const a1 = tf.add(tf.matMul(x, p.W1e), p.b1e) as TF.Tensor2D;
    const h1 = tf.relu(a1) as TF.Tensor2D;
    const e2 = tf.add(tf.matMul(h1, p.We2), p.be2) as TF.Tensor2D;
    const [mu, lv] = tf.split(e2, [k, k], 1) as [TF.Tensor2D, TF.Tensor2D];
    const s = tf.exp(tf.mul(lv, 0.5));
    const z = tf.add(mu, tf.mul(s, eps)) as TF.Tensor2D;
    const a2 = tf.add(tf.matMul(z, p.W1), p.b1) as TF.Tensor2D;
    const h2 = tf.relu(a2) as TF.Tensor2D;
    const xhat = tf.add(tf.matMul(h2, p.W2), p.b2) as TF.Tensor2D;
    const r = tf.sub(xhat, x);
    const reconstruction = tf.div(tf.sum(tf.square(r)), B);
    const expLv = tf.exp(lv);
    const kl = tf.div(tf.mul(tf.sum(tf.sub(tf.sub(tf.add(tf.square(mu), expLv), 1), lv)), 0.5), B);
    const loss = tf.add(reconstruction, kl);

    const gXhat = tf.mul(r, 2 / B) as TF.Tensor2D;
    const gA2 = tf.mul(tf.matMul(gXhat, T(p.W2)), tf.step(a2)) as TF.Tensor2D;
    const gZ = tf.matMul(gA2, T(p.W1)) as TF.Tensor2D;
    const gMu = tf.add(gZ, tf.div(mu, B));
    const gLv = tf.add(tf.mul(tf.mul(gZ, eps), tf.mul(s, 0.5)), tf.div(tf.sub(expLv, 1), 2 * B));
    const gE2 = tf.concat([gMu, gLv], 1) as TF.Tensor2D;
    const gA1 = tf.mul(tf.matMul(gE2, T(p.We2)), tf.step(a1)) as TF.Tensor2D;
    const grads: VaeParams = {
      W2: tf.matMul(T(h2), gXhat) as TF.Tensor2D,
      b2: tf.sum(gXhat, 0) as TF.Tensor1D,
      W1: tf.matMul(T(z), gA2) as TF.Tensor2D,
      b1: tf.sum(gA2, 0) as TF.Tensor1D,
      We2: tf.matMul(T(h1), gE2) as TF.Tensor2D,
      be2: tf.sum(gE2, 0) as TF.Tensor1D,
      W1e: tf.matMul(xT, gA1) as TF.Tensor2D,
      b1e: tf.sum(gA1, 0) as TF.Tensor1D,
    };
    return { loss: loss as TF.Scalar, reconstruction: reconstruction as TF.Scalar, kl: kl as TF.Scalar, grads };
  });
}
