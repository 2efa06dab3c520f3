/**
 * The fixed train/test split of the 10,000 images: the permutation generator(2020, "mnist-split")
 * .permutation(10000) (Fisher–Yates, ../../random/generator); its first 8,000 entries are the training set
 * and its last 2,000 the test set, both in permutation order.
 */
import { generator } from '../../random/generator';
import { MNIST_SIZE } from './identity';

export const MNIST_TRAIN = 8000;
export const MNIST_TEST = 2000;
export const MNIST_SPLIT = 'generator(2020,"mnist-split") permutation: 8000 train / 2000 test';

/** Image indices of the training and test sets. */
export function mnistSplit(): { train: Int32Array; test: Int32Array } {
  const order = generator(2020, 'mnist-split').permutation(MNIST_SIZE);
  return { train: order.subarray(0, MNIST_TRAIN), test: order.subarray(MNIST_TRAIN) };
}
