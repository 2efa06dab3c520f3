/**
 * The readout-only gradients of the network of src/models/two-layer-std (eq. 3's random-feature model in that layout, for the wide networks of Figure 11 and eq. 24): theta stays fixed and only the
 * readout (W2 and b) is learned. Its loss is that network's, and its gradients are the readout's part of
 * `lossAndGradients` there, without the d x m product for theta:
 *
 *     g_f = (p - Y) / B,   dphi/dW2 = g_f^T h,   dphi/db = sum_i g_f,i.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Batch } from '../training/batch';
import { forward, outputLoss, type TwoLayerStd } from './two-layer-std';

export function readoutLossAndGradients(
  tf: typeof TF,
  net: TwoLayerStd,
  { x, Y }: Batch,
): { loss: TF.Scalar; dW2: TF.Tensor2D; dB?: TF.Tensor1D } {
  return tf.tidy(() => {
    const { h, f } = forward(tf, net, x);
    const loss = outputLoss(tf, f, Y);
    const p = f.shape[1] === 1 ? tf.sigmoid(f) : tf.softmax(f);
    const gF = tf.div(tf.sub(p, Y), x.shape[0]) as TF.Tensor2D;
    const dW2 = tf.matMul(tf.transpose(gF), h) as TF.Tensor2D; // g_f^T: k x B, cheap
    if (!net.b) return { loss, dW2 };
    return { loss, dW2, dB: tf.sum(gF, 0) as TF.Tensor1D };
  });
}
