/**
 * The two-layer network linearised around its initialisation (u~, theta~), h = tanh, h' = 1 - h^2.
 *
 * Both storages of figure-specs.md §0.1 write the output layer as f = c W h + b:
 *     P-eq  (src/models/two-layer):      c = alpha/m, W = u,  no b;
 *     P-std (src/models/two-layer-std):  c = 1,       W = W2 = (alpha/m) u, optional output bias b.
 * With h0 = h(theta~ x) (B x m, the features at initialisation) and dz = (theta - theta~) x (B x m), there are
 * two linearisations:
 *
 *   'eq8', the review's eq. (8):
 *       f_lin(x) = c sum_j [ u~_j h(theta~_j.x) + (u_j - u~_j) h(theta~_j.x) + u~_j h'(theta~_j.x) (theta_j - theta~_j).x ]
 *                = c [ W h0 + W~ (h0' * dz) ] + b,
 *
 *   'authors', what the authors' code evaluates (figure-specs.md §0.2, `ntk_v3`): the current W in the tangent term,
 *       f_lin(x) = c [ W~ h0 + (W - W~) h0 + W (h0' * dz) ] + b
 *                = c [ W h0 + W  (h0' * dz) ] + b,
 *
 * (u~_j h0 + (u_j - u~_j) h0 = u_j h0: the first two terms are the features at initialisation with the current
 * output weights.) The two differ by the cross term c (W - W~)(h0' * dz), i.e. (u - u~)(theta - theta~). f is
 * linear in b, so both use the current b, as the authors' code does. At (u, theta) = (u~, theta~) both give
 * the network exactly; away from it the network differs from either by O(|u - u~| |theta - theta~| + |theta - theta~|^2).
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { TwoLayer } from './two-layer';
import { outputLoss, type TwoLayerStd } from './two-layer-std';
import { tanh } from './tanh';

export type Variant = 'eq8' | 'authors';

/** A two-layer tanh network in either storage. */
export type Network = TwoLayer | TwoLayerStd;

/** The network at initialisation and now; both in the same storage and of the same shape. */
export interface Expansion {
  initial: Network;
  current: Network;
}

function isStd(net: Network): net is TwoLayerStd {
  return 'W2' in net;
}

/** The output layer as f = c W h + b. */
function outputLayer(net: Network): { c: number; W: TF.Tensor2D; b?: TF.Tensor1D } {
  if (isStd(net)) return { c: 1, W: net.W2, b: net.b };
  return { c: net.alpha / net.thetaT.shape[1], W: net.u };
}

function checkExpansion(at: Expansion): void {
  const { initial, current } = at;
  if (isStd(initial) !== isStd(current)) {
    throw new Error('The initial and current networks must use the same storage (both P-eq or both P-std).');
  }
  if (!isStd(initial) && !isStd(current) && initial.alpha !== current.alpha) {
    throw new Error(`The initial and current networks have different alpha (${initial.alpha}, ${current.alpha}).`);
  }
  const a = outputLayer(initial).W.shape;
  const b = outputLayer(current).W.shape;
  const same = (p: number[], q: number[]) => p.length === q.length && p.every((v, i) => v === q[i]);
  if (!same(initial.thetaT.shape, current.thetaT.shape) || !same(a, b)) {
    throw new Error('The initial and current networks have different shapes.');
  }
}

/** The linearised outputs f_lin(x) (B x k) for a batch x (B x d); `variant` picks eq. (8) or the authors' form. */
export function linearisedOutputs(tf: typeof TF, at: Expansion, x: TF.Tensor2D, variant: Variant): TF.Tensor2D {
  checkExpansion(at);
  return tf.tidy(() => {
    const initial = outputLayer(at.initial);
    const { c, W, b } = outputLayer(at.current);
    const h0 = tanh(tf, tf.matMul(x, at.initial.thetaT)); // h(theta~_j . x)
    const dz = tf.matMul(x, tf.sub(at.current.thetaT, at.initial.thetaT)); // (theta_j - theta~_j) . x
    const tangent = tf.mul(tf.sub(1, tf.square(h0)), dz); // h'(theta~_j . x) (theta_j - theta~_j) . x
    const Wtangent = variant === 'eq8' ? initial.W : W; // eq. (8): u~_j; authors (§0.2): u_j
    // W^T (m x k) is transposed explicitly: a plain matMul is wasm's fast path (src/models/two-layer).
    const f = tf.mul(tf.add(tf.matMul(h0, tf.transpose(W)), tf.matMul(tangent, tf.transpose(Wtangent))), c);
    return (b ? tf.add(f, b) : f) as TF.Tensor2D;
  });
}

/**
 * The loss of eq. (2) of the linearised model on a batch: softmax cross-entropy against one-hot Y for k > 1,
 * logistic loss against labels 0/1 (B x 1) for k = 1 (src/models/two-layer-std, `outputLoss`).
 */
export function linearisedLoss(tf: typeof TF, at: Expansion, x: TF.Tensor2D, Y: TF.Tensor2D, variant: Variant): TF.Scalar {
  return tf.tidy(() => outputLoss(tf, linearisedOutputs(tf, at, x, variant), Y));
}
