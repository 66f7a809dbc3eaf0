// Split kernels on real threads sharing one memory (Node's worker_threads standing in for the browser's
// workers): a convolution's gradients and a column sum computed by 1 and by 3 threads are identical,
// job after job, and the helpers stop when told.
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreads, type HelperInit, type KernelThreads } from '../../src/kernels/threads';
import type { KernelExports } from '../../src/kernels/exports';
import { Random } from '../../src/core/random';

const bytes = readFileSync(new URL('../../src/kernels/build/kernels-simd-shared.wasm', import.meta.url));
const module = new WebAssembly.Module(bytes);
const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
const k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
const heap = new Float32Array(memory.buffer);
const workers: Worker[] = [];
let threads: KernelThreads;

function spawn(init: HelperInit): Promise<{ terminate(): void }> {
  // The CLI's helper thread.
  const worker = new Worker(new URL('../../src/cli/kernelThread.mjs', import.meta.url));
  workers.push(worker);
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve({ terminate: () => void worker.terminate() }));
    worker.once('error', reject);
    worker.postMessage(init);
  });
}

beforeAll(async () => {
  threads = await startThreads(k, { module, memory }, 3, spawn);
}, 30_000);

afterAll(() => threads?.stop());

describe('kernel threads', () => {
  it('start the helpers and count the calling thread', () => {
    expect(threads.count).toBe(3);
    expect(workers).toHaveLength(2);
  });

  it('compute, job after job, exactly what one thread computes', () => {
    const rng = new Random(5);
    // batch 6, 10×10×12 → 10×10×20, 3×3 same
    const g = [6, 10, 10, 12, 10, 10, 20, 3, 3, 1, 1, 1, 1, 1, 1];
    const [x, dy, dw, dx] = [4096, 4096 + 4 * 7200, 4096 + 4 * 19200, 4096 + 4 * 21400];
    for (let i = 0; i < 19200; i++) heap[1024 + i] = rng.float() - 0.5;
    for (let round = 0; round < 20; round++) {
      heap[1024 + round] = round;
      k.conv2dBackpropFilter(x, dy, dw, ...g, 0, 1);
      const filterOne = heap.slice(dw / 4, dw / 4 + 2160);
      k.conv2dBackpropInput(dy, dw, dx, ...g, 0, 1);
      const inputOne = heap.slice(dx / 4, dx / 4 + 7200);
      heap.fill(NaN, dw / 4, dw / 4 + 2160);
      // As many parts as threads, or more (parts are claimed, not assigned).
      threads.run('conv2dBackpropFilter', [x, dy, dw, ...g], round % 2 ? 3 : 12);
      expect(Array.from(heap.slice(dw / 4, dw / 4 + 2160))).toEqual(Array.from(filterOne));
      heap.fill(NaN, dx / 4, dx / 4 + 7200);
      threads.run('conv2dBackpropInput', [dy, dw, dx, ...g], round % 2 ? 12 : 3);
      expect(Array.from(heap.slice(dx / 4, dx / 4 + 7200))).toEqual(Array.from(inputOne));
    }
  });

  it('a helper that never takes its share holds nothing up: the others claim every part', async () => {
    // A "helper" that never runs (a thread the system does not schedule): jobs still finish, right.
    const stalled = await startThreads(k, { module, memory }, 2, () => Promise.resolve({ terminate() {} }));
    const g = [2, 6, 6, 8, 6, 6, 8, 3, 3, 1, 1, 1, 1, 1, 1];
    const [x, dy, dw] = [4096, 4096 + 4 * 576, 4096 + 4 * 1152];
    k.conv2dBackpropFilter(x, dy, dw, ...g, 0, 1);
    const one = heap.slice(dw / 4, dw / 4 + 576);
    for (let round = 0; round < 3; round++) {
      heap.fill(NaN, dw / 4, dw / 4 + 576);
      stalled.run('conv2dBackpropFilter', [x, dy, dw, ...g], 8);
      expect(Array.from(heap.slice(dw / 4, dw / 4 + 576))).toEqual(Array.from(one));
    }
    stalled.stop();
  });

  it('stop: the helpers exit', async () => {
    const exits = workers.map((w) => new Promise((r) => w.once('exit', r)));
    threads.stop();
    await Promise.all(exits);
  });
});
