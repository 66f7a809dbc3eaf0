// Our kernels on several threads through tfjs, as the CLI runs them (tfjs-wasm's threaded build started
// in Node, helper threads on its shared memory): the ways work is split across threads (by taps, by rows
// with per-part copies added up, per-part statistics) against tfjs-cpu.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliBackend } from '../../src/cli/backend';
import { byRows } from '../../src/kernels/convGradients';
import { buildModel } from '../../src/core/models';
import { ModelSchema, type ModelName } from '../../src/core/train/config';
import { Random } from '../../src/core/random';

const THREADS = Math.min(8, os.availableParallelism());

const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
const crashHandlers = () => CRASH_EVENTS.map((e) => process.listeners(e as 'uncaughtException').length);
let handlersBefore: number[];

beforeAll(async () => {
  handlersBefore = crashHandlers();
  expect(await useCliBackend('wasm')).toBe(
    `our relaxed SIMD (FMA) kernels, ${THREADS} thread${THREADS === 1 ? '' : 's'}`,
  );
}, 60_000);

const random = (n: number, rng: Random) => Float32Array.from({ length: n }, () => rng.float() * 2 - 1);

/** The largest difference over the largest value. */
function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num = Math.max(num, Math.abs(got[i] - want[i]));
    den = Math.max(den, Math.abs(want[i]));
  }
  return num / Math.max(den, 1e-12);
}

async function on<T>(backend: string, f: () => Promise<T>): Promise<T> {
  await tf.setBackend(backend);
  return f();
}

it("leaves Node's crash reports alone: Emscripten's handlers, which rethrow from its own source, are gone", () => {
  expect(crashHandlers()).toEqual(handlersBefore);
});

describe.skipIf(THREADS < 2)(`our kernels on ${THREADS} threads`, () => {
  it('the filter gradient equals tfjs-cpu, split by rows (large maps, few channels) and by taps', async () => {
    const rng = new Random(3);
    // [x shape, filter shape, stride]
    const cases: [[number, number, number, number], [number, number, number, number], number][] = [
      [[2, 48, 48, 8], [3, 3, 8, 16], 1],
      [[2, 33, 31, 3], [3, 3, 3, 8], 2],
      [[2, 8, 8, 64], [3, 3, 64, 128], 1],
    ];
    const parts = THREADS * 4;
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    expect(byRows(size(cases[0][1]), size(cases[0][0]) * 3, parts)).toBe(true);
    expect(byRows(size(cases[2][1]), size(cases[2][0]) * 3, parts)).toBe(false);
    for (const [xs, ws, stride] of cases) {
      const [xv, wv] = [random(size(xs), rng), random(size(ws), rng)];
      const grad = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, xs);
          const f = (w: tf.Tensor) =>
            tf
              .conv2d(x, w as tf.Tensor4D, stride, 'same')
              .square()
              .sum();
          return tf.grad(f)(tf.tensor4d(wv, ws));
        });
      const got = await on('wasm', async () => grad().data());
      const want = await on('cpu', async () => grad().data());
      expect(relativeError(got, want), JSON.stringify([xs, ws, stride])).toBeLessThan(1e-4);
    }
  });

  it('a training step of a U-Net, a ResNet and a MobileNetV2 equals tfjs-cpu', async () => {
    for (const [name, segmentation, side] of [
      ['unet', true, 32],
      ['resnet', false, 24],
      ['mobilenetv2', true, 16],
    ] as [ModelName, boolean, number][]) {
      const spec = {
        model: ModelSchema.parse({ name, width: 8, depth: 2 }),
        inputShape: [side, side, 3] as [number, number, number],
        numClasses: 3,
        seed: 1,
        segmentation,
      };
      const xv = random(2 * side * side * 3, new Random(7));
      const step = async () => {
        const model = await buildModel(spec);
        const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
        const x = tf.tensor4d(xv, [2, side, side, 3]);
        const { value, grads } = tf.variableGrads(
          () => tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).square().mean() as tf.Scalar),
          vars,
        );
        const out = vars.map((v) => grads[v.name].dataSync() as Float32Array);
        tf.dispose([x, value, ...Object.values(grads)]);
        model.dispose();
        return out;
      };
      const got = await on('wasm', step);
      const want = await on('cpu', step);
      // Relative to the step's largest gradient (see kernels.test.ts).
      const scale = Math.max(...want.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
      want.forEach((w, i) => {
        let diff = 0;
        for (let j = 0; j < w.length; j++) diff = Math.max(diff, Math.abs(got[i][j] - w[j]));
        expect(diff / scale, `${name}, variable ${i}`).toBeLessThanOrEqual(1e-4);
      });
    }
  }, 120_000);
});
