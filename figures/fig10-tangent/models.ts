/**
 * The two tangent models Figure 10 can train around the rows theta~ (m x d), each with its initialisation:
 *
 *   'eq8'      the review's eq. (8) (src/models/tangent): u~ and the output bias b ~ U(-1/sqrt m, 1/sqrt m)
 *              (PyTorch's default for Linear(m, k)), u = u~ and theta = theta~ at the start;
 *   'authors'  the authors' main_cuda_ntk.py (src/models/tangent-full), initialised as there (figure-specs.md,
 *              Figure 10): A ~ N(0, 1e-10), beta_j ~ U(-1/sqrt d, 1/sqrt d) (each A_j is a Linear(d, k) with bias),
 *              V ~ N(0, 1/m), c ~ U(-1/sqrt m, 1/sqrt m).
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Parameters } from '../../src/training/adam';
import type { Batch } from '../../src/training/batch';
import type { Generator } from '../../src/random/generator';
import { thetaTFromRows } from '../../src/models/two-layer';
import * as eq8 from '../../src/models/tangent';
import * as authors from '../../src/models/tangent-full';

export type TangentKind = 'eq8' | 'authors';

/** A tangent model ready to train: its initial parameters, its step and its outputs; `dispose` frees theta~ (and u~). */
export interface TangentModel<P extends Parameters> {
  initial: P;
  lossAndGradients(params: P, batch: Batch): { loss: TF.Scalar; grads: P };
  outputs(params: P, x: TF.Tensor2D): TF.Tensor2D;
  dispose(): void;
}

const uniform = (g: Generator, count: number, bound: number) => Float32Array.from({ length: count }, () => (2 * g.uniform() - 1) * bound);

export function tangentModel(
  tf: typeof TF,
  kind: TangentKind,
  theta: Float32Array,
  m: number,
  d: number,
  k: number,
  g: Generator,
): TangentModel<Parameters> {
  const thetaTildeT = thetaTFromRows(tf, theta, m, d);
  if (kind === 'eq8') {
    const at: eq8.TangentPoint = { uTilde: tf.tensor2d(uniform(g, m * k, 1 / Math.sqrt(m)), [m, k]), thetaTildeT };
    const initial: eq8.Tangent = { u: tf.clone(at.uTilde), thetaT: tf.clone(thetaTildeT), b: tf.tensor1d(uniform(g, k, 1 / Math.sqrt(m))) };
    return {
      initial,
      lossAndGradients: (params, batch) => eq8.lossAndGradients(tf, params as eq8.Tangent, at, batch),
      outputs: (params, x) => eq8.forward(tf, params as eq8.Tangent, at, x),
      dispose: () => tf.dispose([at.uTilde, thetaTildeT]),
    };
  }
  const initial: authors.TangentFull = {
    V: tf.tensor2d(g.normals(m * k, 1 / Math.sqrt(m)), [m, k]),
    c: tf.tensor1d(uniform(g, k, 1 / Math.sqrt(m))),
    A: tf.tensor2d(g.normals(d * m * k, 1e-5), [d, m * k]),
    beta: tf.tensor2d(uniform(g, m * k, 1 / Math.sqrt(d)), [m, k]),
  };
  return {
    initial,
    lossAndGradients: (params, batch) => authors.lossAndGradients(tf, params as authors.TangentFull, thetaTildeT, batch),
    outputs: (params, x) => authors.forward(tf, params as authors.TangentFull, thetaTildeT, x),
    dispose: () => thetaTildeT.dispose(),
  };
}
