// Our wasm kernels against tfjs-cpu on random shapes, values and gradients (relative error ≤ 1e-4),
// and the coupling to tfjs-wasm's internals, which must fail loudly if a tfjs upgrade moves them.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels, type InstalledKernels } from '../../src/kernels';
import { nodeKernelBytes } from '../../src/cli/kernelBytes';
import { TFJS_WASM_VERSION, wasmHeap } from '../../src/kernels/tfjsWasm';
import { tfjsWasmThreads } from '../../scripts/tfjs-wasm-threads.mjs';
import { fallbacksSeen } from '../../src/kernels/fallbacks';
import { Random } from '../../src/core/random';
import { buildModel } from '../../src/core/models';
import { ModelSchema, type ModelName } from '../../src/core/train/config';
import {
  BATCH_NORM_INFERENCE,
  BATCH_NORM_TRAINING,
  BatchNormalization,
  MOVING_AVERAGES,
} from '../../src/core/models/batchNorm';
import { CLIPPED_RELU, ReLU } from '../../src/core/models/relu';
import { Conv2D } from '../../src/core/models/conv2d';
import { fuseActivations } from '../../src/core/models/fuse';
import { loadModelFiles, saveModelFiles } from '../../src/core/train/modelFiles';

let installed: InstalledKernels;

/** Every model the studio trains, small. */
const STUDIO_MODELS: [ModelName, boolean][] = [
  ['cnn', false],
  ['resnet', false],
  ['mobilenetv2', false],
  ['unet', true],
  ['mobilenetv2', true],
];

/** Stock wasm kernels a training step of every studio model still uses ("some calls": shapes ours leave to it). */
const COMMON = ['RealDiv', 'Reshape', 'Square'];
const STOCK_KERNELS: Record<string, string[]> = {
  cnn: [...COMMON, 'BatchMatMul', 'Mean (some calls)', 'Multiply (some calls)', '_FusedMatMul'].sort(),
  resnet: [...COMMON, 'BatchMatMul', 'Mean (some calls)', 'Multiply (some calls)', '_FusedMatMul'].sort(),
  mobilenetv2: [
    ...COMMON,
    'Multiply (some calls)',
    'BatchMatMul',
    'Mean (some calls)',
    '_FusedMatMul',
  ].sort(),
  // The 1×1 head's few output channels (classes) stay on the stock convolution.
  'unet (segmentation)': [...COMMON, 'FusedConv2D (some calls)'].sort(),
  'mobilenetv2 (segmentation)': [
    ...COMMON,
    'FusedConv2D (some calls)',
    'ResizeBilinear',
    'ResizeBilinearGrad',
  ].sort(),
};

beforeAll(async () => {
  setWasmPaths(path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  await tf.setBackend('wasm');
  installed = await installKernels(nodeKernelBytes);
});

function random(shape: number[], rng: Random): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: n }, () => rng.float() * 2 - 1);
}

/** Runs f on `backend` with fresh tensors of the given values; returns the result's values. */
async function on(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = tf.tidy(f);
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

function relativeError(got: Float32Array, want: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num = Math.max(num, Math.abs(got[i] - want[i]));
    den = Math.max(den, Math.abs(want[i]));
  }
  return num / Math.max(den, 1e-12);
}

describe('our wasm kernels', () => {
  it('load the variant the runtime validates and register over the wasm backend', () => {
    // Node 20 has relaxed SIMD behind a flag only: plain SIMD here; Chromium validates relaxed.
    expect(['relaxed', 'simd']).toContain(installed.variant);
    // tfjs-wasm in Node is its unthreaded build: plain memory, our kernels on one thread.
    expect(installed.memory).toBe('plain');
    expect(installed.threads).toBe(1);
    expect(installed.kernels).toEqual([
      'Conv2D',
      'FusedConv2D',
      'DepthwiseConv2dNative',
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'MaxPool',
      'MaxPoolGrad',
      'FusedBatchNorm',
      BATCH_NORM_INFERENCE,
      BATCH_NORM_TRAINING,
      `${BATCH_NORM_TRAINING}Grad`,
      MOVING_AVERAGES,
      CLIPPED_RELU,
      `${CLIPPED_RELU}Grad`,
      'Tile',
      'Concat',
      'SplitV',
      'Sum',
      'Mean',
      'Multiply',
      'Add',
      'Sub',
      'UnsortedSegmentSum',
      'Identity',
      'Cast',
    ]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('both gradients of a convolution equal tfjs-cpu on random convolutions', async () => {
    const rng = new Random(42);
    const cases: { x: number[]; k: number; ci: number; co: number; s: number; pad: 'same' | 'valid' }[] = [
      { x: [2, 9, 9], k: 3, ci: 3, co: 16, s: 1, pad: 'same' },
      { x: [3, 8, 8], k: 3, ci: 8, co: 8, s: 2, pad: 'same' },
      { x: [1, 7, 6], k: 3, ci: 5, co: 13, s: 1, pad: 'valid' },
      { x: [2, 10, 10], k: 1, ci: 16, co: 32, s: 1, pad: 'same' },
      { x: [2, 9, 11], k: 1, ci: 12, co: 6, s: 2, pad: 'valid' },
      { x: [1, 16, 16], k: 3, ci: 32, co: 64, s: 2, pad: 'same' },
      // Strided with 8n input channels (odd sizes, 1×1, stride 3).
      { x: [2, 9, 7], k: 3, ci: 16, co: 8, s: 2, pad: 'valid' },
      { x: [2, 7, 10], k: 1, ci: 16, co: 24, s: 2, pad: 'same' },
      { x: [1, 10, 11], k: 3, ci: 8, co: 8, s: 3, pad: 'same' },
      { x: [4, 5, 5], k: 2, ci: 4, co: 4, s: 2, pad: 'valid' },
      // Stride 1, input channels a multiple of 8: the input gradient as a forward convolution of dy.
      { x: [2, 8, 9], k: 3, ci: 16, co: 8, s: 1, pad: 'same' },
      { x: [1, 9, 7], k: 3, ci: 8, co: 24, s: 1, pad: 'valid' },
      { x: [2, 6, 6], k: 2, ci: 8, co: 16, s: 1, pad: 'same' },
      // 6 input channels: a group of 4 and one of 2 (the narrow filter-gradient tiles: 3 above, 1 at 5).
      { x: [2, 7, 7], k: 3, ci: 6, co: 16, s: 1, pad: 'same' },
    ];
    for (const c of cases) {
      const xShape = [c.x[0], c.x[1], c.x[2], c.ci];
      const wShape = [c.k, c.k, c.ci, c.co];
      const xv = random(xShape, rng);
      const wv = random(wShape, rng);
      const grad = (which: 0 | 1) => () => {
        const x = tf.tensor4d(xv, xShape as [number, number, number, number]);
        const w = tf.tensor4d(wv, wShape as [number, number, number, number]);
        const y = tf.conv2d(x, w, c.s, c.pad);
        // A fixed upstream gradient: y's values weigh the sum, so dy = y (tf.grads needs a scalar).
        return tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
          tf
            .conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.s, c.pad)
            .mul(y)
            .sum(),
        )([x, w])[which];
      };
      for (const which of [0, 1] as const) {
        const want = await on('cpu', grad(which));
        const got = await on('wasm', grad(which));
        expect(got.length).toBe(want.length);
        expect(
          relativeError(got, want),
          `${which ? 'filter' : 'input'} ${JSON.stringify(c)}`,
        ).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('the forward convolution (with bias and ReLU, fused or not) equals tfjs-cpu on random convolutions', async () => {
    const rng = new Random(9);
    // 8 and 16 output channels are ours; 12 and 3 stay stock (fallbacks), and must agree too.
    const cases: {
      x: number[];
      k: number;
      ci: number;
      co: number;
      s: number;
      pad: 'same' | 'valid';
      d?: number;
    }[] = [
      { x: [2, 9, 9], k: 3, ci: 3, co: 16, s: 1, pad: 'same' },
      { x: [3, 8, 7], k: 3, ci: 8, co: 8, s: 2, pad: 'same' },
      { x: [1, 7, 6], k: 3, ci: 5, co: 24, s: 1, pad: 'valid' },
      { x: [2, 10, 10], k: 1, ci: 16, co: 32, s: 1, pad: 'same' },
      { x: [2, 9, 11], k: 1, ci: 12, co: 8, s: 2, pad: 'valid' },
      { x: [1, 11, 11], k: 3, ci: 4, co: 16, s: 1, pad: 'same', d: 2 },
      { x: [2, 6, 5], k: 3, ci: 7, co: 12, s: 1, pad: 'same' },
      { x: [2, 6, 5], k: 1, ci: 7, co: 3, s: 1, pad: 'same' },
    ];
    fallbacksSeen.clear();
    for (const c of cases) {
      const xShape = [c.x[0], c.x[1], c.x[2], c.ci] as [number, number, number, number];
      const wShape = [c.k, c.k, c.ci, c.co] as [number, number, number, number];
      const [xv, wv, bv] = [random(xShape, rng), random(wShape, rng), random([c.co], rng)];
      for (const form of ['plain', 'bias', 'bias+relu', 'relu'] as const) {
        const f = () => {
          const [x, w] = [tf.tensor4d(xv, xShape), tf.tensor4d(wv, wShape)];
          const bias = form.startsWith('bias') ? tf.tensor1d(bv) : undefined;
          if (form === 'plain') return tf.conv2d(x, w, c.s, c.pad, 'NHWC', c.d ?? 1);
          const activation = form.endsWith('relu') ? 'relu' : 'linear';
          return tf.fused.conv2d({
            x,
            filter: w,
            strides: c.s,
            pad: c.pad,
            dilations: c.d ?? 1,
            bias,
            activation,
          });
        };
        const want = await on('cpu', f);
        expect(relativeError(await on('wasm', f), want), `${form} ${JSON.stringify(c)}`).toBeLessThanOrEqual(
          1e-5,
        );
      }
    }
    expect([...fallbacksSeen].sort()).toEqual(['Conv2D', 'FusedConv2D']);
  });

  it('batch normalisation (FusedBatchNorm) equals tfjs-cpu, with and without scale and offset', async () => {
    const rng = new Random(13);
    fallbacksSeen.clear();
    for (const shape of [
      [4, 5, 6, 16],
      [3, 7, 5],
      [2, 3, 3, 6],
    ]) {
      const c = shape.at(-1)!;
      const [xv, mv, vv, ov, sv] = [
        random(shape, rng),
        random([c], rng),
        random([c], rng),
        random([c], rng),
        random([c], rng),
      ];
      for (const [withOffset, withScale] of [
        [true, true],
        [false, true],
        [true, false],
        [false, false],
      ]) {
        const f = () =>
          tf.batchNorm(
            tf.tensor(xv, shape),
            tf.tensor1d(mv),
            tf.tensor1d(vv.map((v) => Math.abs(v) + 0.1)),
            withOffset ? tf.tensor1d(ov) : undefined,
            withScale ? tf.tensor1d(sv) : undefined,
            1e-3,
          );
        const want = await on('cpu', f);
        expect(
          relativeError(await on('wasm', f), want),
          `${shape} ${withOffset} ${withScale}`,
        ).toBeLessThanOrEqual(1e-5);
      }
    }
    // Statistics broadcast from a single value go to the stock kernel, and agree too.
    const values = random([2, 4], rng);
    const one = () => tf.batchNorm(tf.tensor(values, [2, 4]), tf.scalar(0.5), tf.scalar(2));
    expect(relativeError(await on('wasm', one), await on('cpu', one))).toBeLessThanOrEqual(1e-5);
    expect([...fallbacksSeen]).toEqual(['FusedBatchNorm']);
  });

  it("BatchNorm's training step (our layer on our kernels) equals tfjs-layers' on tfjs-cpu: output, gradients, moving averages", async () => {
    const rng = new Random(17);
    // Channels a multiple of 8, of 4, neither; rows past one block of 64; a mean far from 0 next to the spread.
    for (const [shape, shift] of [
      [[2, 5, 7, 32], 0],
      [[3, 4, 4, 12], 0],
      [[130, 13], 40],
      [[2, 65, 3, 3], -7],
    ] as [number[], number][]) {
      const c = shape.at(-1)!;
      const xv = random(shape, rng).map((v) => v * 3 + shift);
      const wv = random(shape, rng);
      const weights = [random([c], rng), random([c], rng), random([c], rng), random([c], rng).map(Math.abs)];
      const step = async (backend: string) => {
        await tf.setBackend(backend);
        const layer = new BatchNormalization({ momentum: 0.9, epsilon: 1e-5 });
        layer.build(shape);
        layer.setWeights(weights.map((w) => tf.tensor1d(w)));
        const [gamma, beta] = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
        const x = tf.tensor(xv, shape);
        const w = tf.tensor(wv, shape);
        const loss = (input: tf.Tensor) =>
          tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, w)) as tf.Scalar;
        let values: Float32Array[] = [];
        const profile = await tf.profile(() => {
          const y = tf.tidy(() => layer.apply(x, { training: true }) as tf.Tensor);
          const { value, grads } = tf.variableGrads(() => loss(x), [gamma, beta]);
          const dx = tf.grad(loss)(x);
          values = [y, grads[gamma.name], grads[beta.name], dx, ...layer.getWeights().slice(2)].map(
            (t) => t.dataSync() as Float32Array,
          );
          tf.dispose([y, value, dx, ...Object.values(grads)]);
        });
        tf.dispose([x, w]);
        for (const v of layer.weights) v.dispose();
        return { values, kernels: new Set(profile.kernels.map((k) => k.name)) };
      };
      const want = await step('cpu');
      const got = await step('wasm');
      // Ours on wasm (forward, gradient, moving averages), tfjs-layers' own call on the CPU.
      for (const k of [BATCH_NORM_TRAINING, `${BATCH_NORM_TRAINING}Grad`, MOVING_AVERAGES]) {
        expect(got.kernels.has(k), k).toBe(true);
        expect(want.kernels.has(k), k).toBe(false);
      }
      ['y', 'd gamma', 'd beta', 'dx', 'moving mean', 'moving variance'].forEach((name, i) =>
        expect(relativeError(got.values[i], want.values[i]), `${shape} ${name}`).toBeLessThanOrEqual(1e-4),
      );
    }
  });

  it("ReLU and ReLU6 (our layer on our kernel) equal tfjs-layers' on tfjs-cpu, forward and gradient, at the edges too", async () => {
    const rng = new Random(19);
    const shape = [3, 5, 7, 6];
    // Values around 0 and 6, and exactly 0 and 6 (where the gradient's edges are).
    const xv = random(shape, rng).map((v, i) => (i % 11 === 0 ? 0 : i % 13 === 0 ? 6 : v * 8));
    const wv = random(shape, rng);
    for (const maxValue of [undefined, 6]) {
      const step = async (backend: string) => {
        await tf.setBackend(backend);
        const layer = new ReLU({ maxValue });
        const [x, w] = [tf.tensor(xv, shape), tf.tensor(wv, shape)];
        let values: Float32Array[] = [];
        const profile = await tf.profile(() => {
          const f = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, w)) as tf.Scalar;
          const y = tf.tidy(() => layer.apply(x) as tf.Tensor);
          const dx = tf.grad(f)(x);
          values = [y, dx].map((t) => t.dataSync() as Float32Array);
          tf.dispose([y, dx]);
        });
        tf.dispose([x, w]);
        return { values, kernels: new Set(profile.kernels.map((k) => k.name)) };
      };
      const want = await step('cpu');
      const got = await step('wasm');
      expect(got.kernels.has(CLIPPED_RELU) && got.kernels.has(`${CLIPPED_RELU}Grad`)).toBe(true);
      expect(want.kernels.has(CLIPPED_RELU)).toBe(false);
      expect(Array.from(got.values[0]), `y, max ${maxValue}`).toEqual(Array.from(want.values[0]));
      // The same mask: dx is dy or 0 (tfjs's 0 may be -0 where dy < 0).
      expect(
        Array.from(got.values[1]).map((v) => v + 0),
        `dx, max ${maxValue}`,
      ).toEqual(Array.from(want.values[1]).map((v) => v + 0));
    }
  });

  it("BatchNorm with the ReLU after it fused into its kernels equals tfjs-layers' BatchNorm then ReLU on tfjs-cpu, in training and inference", async () => {
    const rng = new Random(23);
    for (const [shape, maxValue] of [
      [[2, 5, 7, 12], undefined],
      [[3, 4, 4, 9], 6],
      [[130, 13], 6],
    ] as [number[], number | undefined][]) {
      const c = shape.at(-1)!;
      // Channels 0 and 1 constant, so z is exactly the offset there: 0 (the gradient stops) and the top
      // (it passes; 3 for a plain ReLU).
      const xv = random(shape, rng).map((v, i) => (i % c < 2 ? 2 : v * 3));
      const wv = random(shape, rng);
      const weights = [random([c], rng), random([c], rng), random([c], rng), random([c], rng).map(Math.abs)];
      weights[1][0] = 0;
      weights[1][1] = maxValue ?? 3;
      const step = async (backend: string) => {
        await tf.setBackend(backend);
        const input = tf.input({ shape: shape.slice(1) });
        const bn = new BatchNormalization({ momentum: 0.9, epsilon: 1e-3 });
        const relu = new ReLU({ maxValue });
        const model = fuseActivations(
          tf.model({ inputs: input, outputs: relu.apply(bn.apply(input)) as tf.SymbolicTensor }),
        );
        expect(bn.fusedRelu).toBe(relu);
        bn.setWeights(weights.map((w) => tf.tensor1d(w)));
        const [gamma, beta] = bn.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
        const x = tf.tensor(xv, shape);
        const w = tf.tensor(wv, shape);
        const loss = (v: tf.Tensor) =>
          tf.sum(tf.mul(model.apply(v, { training: true }) as tf.Tensor, w)) as tf.Scalar;
        let values: Float32Array[] = [];
        const profile = await tf.profile(() => {
          const y = tf.tidy(() => model.apply(x, { training: true }) as tf.Tensor);
          const { value, grads } = tf.variableGrads(() => loss(x), [gamma, beta]);
          const dx = tf.grad(loss)(x);
          // Then in inference (the moving statistics), forward and the image's gradient (saliency's).
          const yi = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
          const dxi = tf.grad((v: tf.Tensor) =>
            tf.sum(tf.mul(model.apply(v, { training: false }) as tf.Tensor, w)),
          )(x);
          values = [y, grads[gamma.name], grads[beta.name], dx, ...bn.getWeights().slice(2), yi, dxi].map(
            (t) => t.dataSync() as Float32Array,
          );
          tf.dispose([y, value, dx, yi, dxi, ...Object.values(grads)]);
        });
        tf.dispose([x, w]);
        model.dispose();
        return { values, kernels: new Set(profile.kernels.map((k) => k.name)) };
      };
      const want = await step('cpu');
      const got = await step('wasm');
      // One kernel each way on wasm, the ReLU's gone; tfjs-layers' own ops on the CPU.
      expect(got.kernels.has(`${BATCH_NORM_TRAINING}Grad`)).toBe(true);
      expect(got.kernels.has(BATCH_NORM_INFERENCE)).toBe(true);
      expect(got.kernels.has(CLIPPED_RELU) || got.kernels.has(`${CLIPPED_RELU}Grad`)).toBe(false);
      expect(want.kernels.has(BATCH_NORM_TRAINING)).toBe(false);
      const names = [
        'y',
        'd gamma',
        'd beta',
        'dx',
        'moving mean',
        'moving variance',
        'inference y',
        'inference dx',
      ];
      names.forEach((name, i) =>
        expect(relativeError(got.values[i], want.values[i]), `${shape} ${name}`).toBeLessThanOrEqual(1e-4),
      );
      // The edges: where z = 0 the gradient stops, where z = top it passes.
      const d = got.values[3];
      const closed = Array.from({ length: d.length / c }, (_, r) => d[r * c]);
      expect(closed.every((v) => v === 0)).toBe(true);
      expect(Array.from(got.values[3].filter((_, i) => i % c === 1)).some((v) => v !== 0)).toBe(true);
    }
  });

  it('a saved model loads back with our BatchNormalization, Conv2D and ReLU (same class names and weights)', async () => {
    await tf.setBackend('wasm');
    const spec = {
      model: ModelSchema.parse({ name: 'cnn', width: 8, depth: 2 }),
      inputShape: [16, 16, 3] as [number, number, number],
      numClasses: 3,
      seed: 1,
      segmentation: false,
    };
    const model = await buildModel(spec);
    const files = await saveModelFiles(model);
    const back = await loadModelFiles(files);
    for (const [name, ours] of [
      ['BatchNormalization', BatchNormalization],
      ['Conv2D', Conv2D],
      ['ReLU', ReLU],
    ] as const) {
      const layers = back.layers.filter((l) => l.getClassName() === name);
      expect(layers.length, name).toBeGreaterThan(0);
      for (const l of layers) expect(l).toBeInstanceOf(ours);
      expect(JSON.stringify(files.modelTopology)).toContain(`"class_name":"${name}"`);
    }
    model.dispose();
    back.dispose();
  });

  const DEPTHWISE: { x: number[]; k: number; c: number; m: number; s: number; pad: 'same' | 'valid' }[] = [
    { x: [2, 9, 9], k: 3, c: 16, m: 1, s: 1, pad: 'same' },
    { x: [3, 8, 8], k: 3, c: 6, m: 1, s: 2, pad: 'same' },
    { x: [1, 7, 6], k: 3, c: 5, m: 2, s: 1, pad: 'valid' },
    { x: [2, 10, 10], k: 3, c: 32, m: 1, s: 2, pad: 'valid' },
    { x: [2, 5, 5], k: 1, c: 7, m: 3, s: 1, pad: 'same' },
    { x: [2, 6, 7], k: 3, c: 23, m: 1, s: 1, pad: 'same' },
  ];

  it('the forward depthwise convolution equals tfjs-cpu on random convolutions', async () => {
    const rng = new Random(8);
    fallbacksSeen.clear();
    for (const c of DEPTHWISE) {
      const xShape = [c.x[0], c.x[1], c.x[2], c.c] as [number, number, number, number];
      const wShape = [c.k, c.k, c.c, c.m] as [number, number, number, number];
      const [xv, wv] = [random(xShape, rng), random(wShape, rng)];
      const f = () => tf.depthwiseConv2d(tf.tensor4d(xv, xShape), tf.tensor4d(wv, wShape), c.s, c.pad);
      expect(relativeError(await on('wasm', f), await on('cpu', f)), JSON.stringify(c)).toBeLessThanOrEqual(
        1e-5,
      );
    }
    expect([...fallbacksSeen]).toEqual([]);
  });

  it('both depthwise gradients equal tfjs-cpu on random convolutions', async () => {
    const rng = new Random(7);
    for (const c of DEPTHWISE) {
      const xShape = [c.x[0], c.x[1], c.x[2], c.c] as [number, number, number, number];
      const wShape = [c.k, c.k, c.c, c.m] as [number, number, number, number];
      const xv = random(xShape, rng);
      const wv = random(wShape, rng);
      const grads = (which: 0 | 1) => () => {
        const x = tf.tensor4d(xv, xShape);
        const w = tf.tensor4d(wv, wShape);
        const y = tf.depthwiseConv2d(x, w, c.s, c.pad);
        const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
          tf
            .depthwiseConv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.s, c.pad)
            .mul(y)
            .sum(),
        )([x, w]);
        return g[which];
      };
      for (const which of [0, 1] as const) {
        const want = await on('cpu', grads(which));
        const got = await on('wasm', grads(which));
        expect(got.length).toBe(want.length);
        expect(
          relativeError(got, want),
          `${which ? 'filter' : 'input'} ${JSON.stringify(c)}`,
        ).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('a training step of every studio model runs on wasm, equals tfjs-cpu, and lists its stock kernels', async () => {
    const ours = new Set(installed.kernels);
    const stockSteps: Record<string, string[]> = {};
    for (const [name, segmentation] of STUDIO_MODELS) {
      const spec = {
        model: ModelSchema.parse({ name, width: 8, depth: 2 }),
        inputShape: [16, 16, 3] as [number, number, number],
        numClasses: 3,
        seed: 1,
        segmentation,
      };
      const xv = random([2, 16, 16, 3], new Random(3));
      const step = async (backend: string) => {
        await tf.setBackend(backend);
        const model = await buildModel(spec);
        const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
        const x = tf.tensor4d(xv, [2, 16, 16, 3]);
        let grads: Float32Array[] = [];
        const profile = await tf.profile(() => {
          const { value, grads: g } = tf.variableGrads(
            () =>
              tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).square().mean() as tf.Scalar),
            vars,
          );
          grads = vars.map((v) => g[v.name].dataSync() as Float32Array);
          tf.dispose([value, ...Object.values(g)]);
        });
        x.dispose();
        model.dispose();
        return { grads, kernels: [...new Set(profile.kernels.map((k) => k.name))] };
      };
      const want = await step('cpu');
      fallbacksSeen.clear();
      const got = await step('wasm');
      const label = `${name}${segmentation ? ' (segmentation)' : ''}`;
      // Relative to the largest gradient of the step: a bias whose gradient cancels to ~0 (a BatchNorm beta
      // before a training-mode BatchNorm) carries only rounding noise, which no per-variable ratio bounds.
      const scale = Math.max(...want.grads.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
      want.grads.forEach((w, i) => {
        let diff = 0;
        for (let j = 0; j < w.length; j++) diff = Math.max(diff, Math.abs(got.grads[i][j] - w[j]));
        expect(diff / scale, `${label}, variable ${i}`).toBeLessThanOrEqual(1e-4);
      });
      stockSteps[label] = [
        ...got.kernels.filter((k) => !ours.has(k) && !k.endsWith('__op')),
        ...[...fallbacksSeen].map((k) => `${k} (some calls)`),
      ].sort();
    }
    // What still runs on stock wasm kernels (to be replaced by ours, slowest first, in later steps).
    expect(stockSteps).toEqual(STOCK_KERNELS);
  });

  const POOLS: { x: number[]; f: number; s: number; pad: 'same' | 'valid' }[] = [
    { x: [2, 8, 8, 16], f: 2, s: 2, pad: 'valid' },
    { x: [1, 9, 7, 6], f: 3, s: 2, pad: 'same' },
    { x: [2, 5, 5, 3], f: 3, s: 1, pad: 'same' },
    { x: [1, 6, 6, 9], f: 2, s: 2, pad: 'same' },
    { x: [2, 7, 6, 23], f: 3, s: 2, pad: 'valid' },
  ];

  it('max pooling equals tfjs-cpu (padding never wins: all values negative)', async () => {
    const rng = new Random(6);
    fallbacksSeen.clear();
    for (const c of POOLS) {
      const xv = random(c.x, rng).map((v) => v - 1.5);
      const f = () => tf.maxPool(tf.tensor4d(xv, c.x as [number, number, number, number]), c.f, c.s, c.pad);
      expect([...(await on('wasm', f))], JSON.stringify(c)).toEqual([...(await on('cpu', f))]);
    }
    expect([...fallbacksSeen]).toEqual([]);
  });

  it('the max-pool gradient equals tfjs-cpu, ties to the first maximum included', async () => {
    const rng = new Random(5);
    for (const c of POOLS) {
      // Values in steps of 0.5 and ReLU'd: many equal maxima, as after a ReLU in a real net.
      const xv = random(c.x, rng).map((v) => Math.max(0, Math.round(v * 4) / 2));
      const grad = () => {
        const x = tf.tensor4d(xv, c.x as [number, number, number, number]);
        const w = tf.range(1, 1 + xv.length).reshape(c.x);
        return tf.grad((xx: tf.Tensor) =>
          tf
            .maxPool(xx as tf.Tensor4D, c.f, c.s, c.pad)
            .mul(tf.maxPool(w as tf.Tensor4D, c.f, c.s, c.pad))
            .sum(),
        )(x);
      };
      expect([...(await on('wasm', grad))], JSON.stringify(c)).toEqual([...(await on('cpu', grad))]);
    }
  });

  it('Tile equals tfjs-cpu for float32, int32 and bool of any rank', async () => {
    const cases: { shape: number[]; reps: number[] }[] = [
      { shape: [1, 1, 1, 5], reps: [3, 4, 2, 1] },
      { shape: [2, 3], reps: [3, 2] },
      { shape: [4], reps: [5] },
      { shape: [2, 1, 3], reps: [1, 7, 2] },
      { shape: [1, 2, 1, 3, 2], reps: [2, 1, 3, 1, 2] },
    ];
    for (const c of cases)
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const n = c.shape.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : i * 1.5 - 2));
        const tile = () => tf.tile(tf.tensor(values as number[], c.shape, dtype), c.reps);
        const read = async (b: string) => {
          await tf.setBackend(b);
          const t = tf.tidy(tile);
          const v = [...(await t.data())];
          expect(t.dtype).toBe(dtype);
          t.dispose();
          return v;
        };
        expect(await read('wasm'), `${dtype} ${JSON.stringify(c)}`).toEqual(await read('cpu'));
      }
  });

  it('Concat and SplitV equal tfjs-cpu on any axis, for float32, int32 and bool', async () => {
    // [shapes concatenated, axis]: channels (a U-Net's skip), odd widths, leading and middle axes, an empty input.
    const cases: [number[][], number][] = [
      [
        [
          [2, 5, 6, 8],
          [2, 5, 6, 16],
        ],
        3,
      ],
      [
        [
          [3, 4, 3],
          [3, 4, 5],
          [3, 4, 1],
        ],
        -1,
      ],
      [
        [
          [2, 3],
          [4, 3],
        ],
        0,
      ],
      [
        [
          [2, 3, 70],
          [2, 1, 70],
          [2, 0, 70],
        ],
        1,
      ],
      [
        [
          [1, 2, 2, 3],
          [1, 2, 2, 3],
        ],
        2,
      ],
    ];
    fallbacksSeen.clear();
    for (const [shapes, axis] of cases)
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        let seed = 0;
        const make = (shape: number[]) =>
          tf.tensor(
            Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () =>
              dtype === 'bool' ? seed++ % 3 === 0 : seed++ * 1.5 - 7,
            ) as number[],
            shape,
            dtype,
          );
        const read = async (b: string) => {
          await tf.setBackend(b);
          seed = 0;
          const joined = tf.concat(shapes.map(make), axis);
          const sizes = shapes.map((sh) => sh.at(axis)!);
          const parts = tf.split(joined, sizes, axis);
          const values = [joined, ...parts].map((t) => [t.dtype, t.shape, ...t.dataSync()]);
          tf.dispose([joined, ...parts]);
          return values;
        };
        expect(await read('wasm'), `${dtype} ${JSON.stringify(shapes)} axis ${axis}`).toEqual(
          await read('cpu'),
        );
      }
    // An empty input included, none of these went to the stock kernels.
    expect([...fallbacksSeen]).toEqual([]);
  });

  it('Sum, Mean, Multiply, Add and Sub equal tfjs-cpu, on our fast paths and on the stock ones', async () => {
    const rng = new Random(9);
    const cases: [string, () => tf.Tensor][] = [];
    const x = random([2, 3, 4, 19], rng);
    const full = () => tf.tensor4d(x, [2, 3, 4, 19]);
    for (const axis of [[0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [1], [2, 3], -1])
      for (const keepDims of [false, true]) {
        cases.push([`sum ${axis} ${keepDims}`, () => full().sum(axis, keepDims)]);
        cases.push([`mean ${axis} ${keepDims}`, () => full().mean(axis, keepDims)]);
      }
    const row = random([19], rng);
    const other = random([2, 3, 4, 19], rng);
    const shapes: [string, () => tf.Tensor][] = [
      ['same', () => tf.tensor4d(other, [2, 3, 4, 19])],
      ['row', () => tf.tensor1d(row)],
      ['row 4-d', () => tf.tensor4d(row, [1, 1, 1, 19])],
      ['column', () => tf.tensor4d(other.slice(0, 24), [2, 3, 4, 1])],
      ['scalar', () => tf.scalar(1.5)],
    ];
    for (const [label, b] of shapes)
      for (const op of ['mul', 'add', 'sub'] as const) {
        cases.push([`${op} full, ${label}`, () => full()[op](b())]);
        cases.push([`${op} ${label}, full`, () => b()[op](full())]);
      }
    cases.push(['int32 sum (stock)', () => tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32').sum(0)]);
    cases.push(['int32 mul (stock)', () => tf.tensor1d([1, 2], 'int32').mul(tf.tensor1d([3, 4], 'int32'))]);
    for (const [label, f] of cases) {
      const want = await on('cpu', f);
      const got = await on('wasm', f);
      expect(got.length, label).toBe(want.length);
      expect(relativeError(got, want), label).toBeLessThanOrEqual(1e-5);
    }
  });

  it('Identity and a same-dtype Cast share the data; it lives until the last tensor on it is disposed', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numBytes;
    const heap = wasmHeap(tf.backend());
    const x = tf.tensor1d([1, 2, 3]);
    const copies = [tf.clone(x), tf.cast(x, 'float32')];
    for (const c of copies) expect(heap.offsetOf(c)).toBe(heap.offsetOf(x));
    const int = tf.cast(x, 'int32');
    expect(int.dtype).toBe('int32');
    expect([...(await int.data())]).toEqual([1, 2, 3]);
    x.dispose();
    copies[0].dispose();
    expect([...(await copies[1].data())]).toEqual([1, 2, 3]);
    tf.dispose([copies[1], int]);
    expect(tf.memory().numBytes).toBe(before);
  });

  it('the gradient of a gather (UnsortedSegmentSum) equals tfjs-cpu', async () => {
    const rng = new Random(11);
    const xv = random([5, 4, 3], rng);
    const grad = () =>
      tf.grad((x: tf.Tensor) => tf.gather(x, [3, 0, 3, 1], 1).square().sum())(tf.tensor3d(xv, [5, 4, 3]));
    const want = await on('cpu', grad);
    expect(relativeError(await on('wasm', grad), want)).toBeLessThanOrEqual(1e-6);
    const seg = () =>
      tf.unsortedSegmentSum(tf.tensor2d(xv.slice(0, 12), [4, 3]), tf.tensor1d([2, 0, 2, 7], 'int32'), 3);
    expect([...(await on('wasm', seg))]).toEqual([...(await on('cpu', seg))]);
  });

  it('the coupling to tfjs-wasm internals holds for the pinned version, and says what moved when not', async () => {
    const pkg = JSON.parse(readFileSync('node_modules/@tensorflow/tfjs-backend-wasm/package.json', 'utf8'));
    expect(pkg.version).toBe(TFJS_WASM_VERSION);
    await tf.setBackend('wasm');
    const heap = wasmHeap(tf.backend());
    const t = tf.tensor1d([1.5, 2.5, 3.5]);
    const at = heap.offsetOf(t) / 4;
    expect([...new Float32Array(heap.memory.buffer).subarray(at, at + 3)]).toEqual([1.5, 2.5, 3.5]);
    t.dispose();
    expect(() => wasmHeap({ wasm: {} })).toThrow(/backend\.wasm\.asm\.memory .*is not where .* 4\.22\.0/);
  });

  it("the threaded build's factory is kept out of minification, or the build stops saying why", () => {
    const plugin = tfjsWasmThreads() as unknown as {
      transform(this: { error(m: string): never }, code: string, id: string): { code: string } | null;
    };
    const file = 'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
    const ctx = {
      error(m: string): never {
        throw new Error(m);
      },
    };
    const out = plugin.transform.call(ctx, readFileSync(file, 'utf8'), path.resolve(file));
    // The factory evaluates to the same function, whose text (what the pthread workers load) is intact.
    const module = { exports: undefined as unknown };
    new Function('module', out!.code)(module);
    expect(typeof module.exports).toBe('function');
    expect(String(module.exports)).toContain('WasmBackendModuleThreadedSimd');
    expect(plugin.transform.call(ctx, 'export {}', '/x/other.js')).toBeNull();
    expect(() => plugin.transform.call(ctx, 'var changed = 1;', path.resolve(file))).toThrow(/changed shape/);
  });

  it('the compiled modules own no memory: no data segments, memory imported', () => {
    for (const v of ['relaxed', 'simd', 'relaxed-shared', 'simd-shared']) {
      const bytes = readFileSync(`src/kernels/build/kernels-${v}.wasm`);
      expect(sectionIds(bytes)).not.toContain(11); // data
      // Node 20 compiles relaxed SIMD only behind a flag: the imports are read where it validates.
      if (!WebAssembly.validate(bytes)) continue;
      const m = new WebAssembly.Module(bytes);
      expect(WebAssembly.Module.imports(m)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      // The shared variants import the threaded build's shared memory (and only that).
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: v.endsWith('shared') });
      expect(() => new WebAssembly.Instance(m, { env: { memory } })).not.toThrow();
    }
  });
});

/** Ids of a module's sections (the binary format: id byte, LEB128 size, payload). */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++];
    let size = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[p++];
      size |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    ids.push(id);
    p += size;
  }
  return ids;
}
