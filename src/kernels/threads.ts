// Our kernels on every core: helper threads (Web Workers) each instantiate the kernels module over the
// same shared memory (tfjs-wasm's threaded build, cross-origin isolated pages only) and wait on a small
// control block. A split kernel runs part 0 on the calling thread and parts 1.. on the helpers, each
// on a disjoint range of its output, then the caller waits until every part is done. Helpers spin
// briefly before sleeping (Atomics.wait), so back-to-back kernels do not pay a wake-up each.
import type { KernelExports, SplitKernel } from './exports';
import { SPLIT_KERNELS } from './exports';

/** Int32 slots of the control block. */
const GENERATION = 0; // bumped once per job
const PENDING = 1; // helper parts not yet done
const KERNEL = 2; // index into SPLIT_KERNELS, or STOP
const PARTS = 3;
const ARG_COUNT = 4;
const STOP = -1;
/** The job's arguments (byte offsets and sizes, all exact in a float64) start at this float64 slot. */
const ARGS = 4;
const MAX_ARGS = 24;
const CONTROL_BYTES = (ARGS + MAX_ARGS) * 8;

/** Atomics.load calls before a waiting thread sleeps: a few microseconds. */
const SPIN = 4000;

type Call = (...args: number[]) => void;

/** What a helper thread needs: the same module and memory, the control block and its part number. */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  part: number;
}

function waitWhile(ints: Int32Array, slot: number, value: number): void {
  for (let i = 0; i < SPIN; i++) if (Atomics.load(ints, slot) !== value) return;
  while (Atomics.load(ints, slot) === value) Atomics.wait(ints, slot, value);
}

/** A helper thread's whole life: instantiate, say so, then run its part of every job until told to stop. */
export function helperLoop({ module, memory, control, part }: HelperInit, ready: () => void): void {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  ready();
  const exports = instance.exports as unknown as Record<SplitKernel, Call>;
  const ints = new Int32Array(control);
  const args = new Float64Array(control);
  let seen = 0;
  for (;;) {
    waitWhile(ints, GENERATION, seen);
    seen = Atomics.load(ints, GENERATION);
    const kernel = Atomics.load(ints, KERNEL);
    if (kernel === STOP) return;
    const parts = Atomics.load(ints, PARTS);
    if (part < parts) {
      const values = Array.from(args.subarray(ARGS, ARGS + Atomics.load(ints, ARG_COUNT)));
      exports[SPLIT_KERNELS[kernel]](...values, part, parts);
      if (Atomics.sub(ints, PENDING, 1) === 1) Atomics.notify(ints, PENDING);
    }
  }
}

export interface KernelThreads {
  /** Threads in all, the calling one included. */
  count: number;
  /** Runs `kernel(...args, part, parts)` for every part, part 0 here; returns when all are done. */
  run(kernel: SplitKernel, args: number[], parts: number): void;
  stop(): void;
}

/**
 * Starts helpers through `spawn` (one per extra thread) and resolves once each has its instance, so
 * that the first job never waits on a worker still starting.
 */
export async function startThreads(
  exports: KernelExports,
  init: Omit<HelperInit, 'part' | 'control'>,
  count: number,
  spawn: (init: HelperInit) => Promise<{ terminate(): void }>,
): Promise<KernelThreads> {
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const ints = new Int32Array(control);
  const args = new Float64Array(control);
  const helpers = await Promise.all(
    Array.from({ length: count - 1 }, (_, i) => spawn({ ...init, control, part: i + 1 })),
  );
  const calls = exports as unknown as Record<SplitKernel, Call>;
  return {
    count,
    run(kernel, values, parts) {
      args.set(values, ARGS);
      Atomics.store(ints, ARG_COUNT, values.length);
      Atomics.store(ints, KERNEL, SPLIT_KERNELS.indexOf(kernel));
      Atomics.store(ints, PARTS, parts);
      Atomics.store(ints, PENDING, parts - 1);
      Atomics.add(ints, GENERATION, 1);
      Atomics.notify(ints, GENERATION);
      calls[kernel](...values, 0, parts);
      for (let left = Atomics.load(ints, PENDING); left !== 0; left = Atomics.load(ints, PENDING))
        waitWhile(ints, PENDING, left);
    },
    stop() {
      Atomics.store(ints, KERNEL, STOP);
      Atomics.add(ints, GENERATION, 1);
      Atomics.notify(ints, GENERATION);
      for (const h of helpers) h.terminate();
    },
  };
}
