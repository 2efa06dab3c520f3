/**
 * The tangent model the authors' code trains for the review's Figure 10 (`main_cuda_ntk.py`; figure-specs.md,
 * Figure 10): around fixed rows theta~_j, with s_j(x) = h'(theta~_j . x) = 1 - tanh^2(theta~_j . x),
 *
 *     f(x) = sum_j s_j(x) (A_j x + beta_j) + V z~(x) + c,        z~(x) = theta~ x (the pre-activations),
 *
 * trained in A_j (k x d, one full matrix per neuron), beta_j (k), V (k x m) and c (k). Against eq. (8)
 * (./tangent) it has a full matrix A_j where eq. (8) has the rank-1 u~_j (theta_j - theta~_j)^T, a direction
 * beta_j per neuron, and a linear term V z~ on the pre-activations where eq. (8) has u h(z~). It is 21 d m
 * multiply-adds per example and step, against eq. (8)'s 3 d m.
 *
 * Storage: A is one d x (m k) matrix, column j k + c holding row c of A_j, so that P = x A (B x m k) gives every
 * (A_j x)_c in one plain matMul; beta and V are m x k (row j is beta_j, column j of V). On a batch x (B x d):
 *
 *     z~ = x theta~^T,  s = 1 - tanh^2(z~)                               (B x m)
 *     f  = sum_j s_ij P_i,jk + s beta + z~ V + c                         (B x k)
 *
 * and for the softmax cross-entropy of eq. (2), g_f = (softmax(f) - Y) / B:
 *
 *     dphi/dA    = x^T G,   G_i,jk = s_ij g_f,ik                         (d x m k)
 *     dphi/dbeta = s^T g_f,   dphi/dV = z~^T g_f,   dphi/dc = sum_i g_f,i
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Batch } from '../training/batch';
import { crossEntropy } from './two-layer';
import { tanh } from './tanh';

/** The trained parameters (a type, not an interface: a record of named tensors for src/training/adam). */
export type TangentFull = {
  /** A, d x (m k): column j k + c is row c of A_j. */
  A: TF.Tensor2D;
  /** beta, m x k: row j is beta_j. */
  beta: TF.Tensor2D;
  /** V, m x k: row j is V's column j. */
  V: TF.Tensor2D;
  /** c, k: the output bias. */
  c: TF.Tensor1D;
};

function pass(tf: typeof TF, model: TangentFull, thetaTildeT: TF.Tensor2D, x: TF.Tensor2D) {
  const [B] = x.shape;
  const [m, k] = model.beta.shape;
  const z = tf.matMul(x, thetaTildeT) as TF.Tensor2D;
  const s = tf.sub(1, tf.square(tanh(tf, z))) as TF.Tensor2D;
  const P = tf.reshape(tf.matMul(x, model.A), [B, m, k]);
  const sAx = tf.sum(tf.mul(P, tf.reshape(s, [B, m, 1])), 1) as TF.Tensor2D; // sum_j s_j (A_j x)
  const f = tf.add(tf.add(tf.add(sAx, tf.matMul(s, model.beta)), tf.matMul(z, model.V)), model.c) as TF.Tensor2D;
  return { z, s, f };
}

/** The outputs f(x) (B x k) for inputs x (B x d); theta~^T is d x m. */
export function forward(tf: typeof TF, model: TangentFull, thetaTildeT: TF.Tensor2D, x: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => pass(tf, model, thetaTildeT, x).f);
}

/** The loss of eq. (2) on a batch and its gradients with respect to A, beta, V and c. */
export function lossAndGradients(
  tf: typeof TF,
  model: TangentFull,
  thetaTildeT: TF.Tensor2D,
  { x, xT, Y }: Batch,
): { loss: TF.Scalar; grads: TangentFull } {
  return tf.tidy(() => {
    const [B] = x.shape;
    const [m, k] = model.beta.shape;
    const { z, s, f } = pass(tf, model, thetaTildeT, x);
    const loss = crossEntropy(tf, f, Y);
    const gF = tf.div(tf.sub(tf.softmax(f), Y), B) as TF.Tensor2D;
    const G = tf.reshape(tf.mul(tf.reshape(s, [B, m, 1]), tf.reshape(gF, [B, 1, k])), [B, m * k]) as TF.Tensor2D;
    // The transposes are of small operands (B x m): a plain matMul after them is wasm's fast path.
    return {
      loss,
      grads: {
        A: tf.matMul(xT, G) as TF.Tensor2D,
        beta: tf.matMul(tf.transpose(s), gF) as TF.Tensor2D,
        V: tf.matMul(tf.transpose(z), gF) as TF.Tensor2D,
        c: tf.sum(gF, 0) as TF.Tensor1D,
      },
    };
  });
}

