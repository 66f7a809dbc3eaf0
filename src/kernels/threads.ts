// Our kernels on every core: helper threads (Web Workers) each instantiate the kernels module over the
// same shared memory (tfjs-wasm's threaded build, cross-origin isolated pages only) and wait on a small
// control block. A split kernel is cut into more parts than threads, each a disjoint range of its
// output; the calling thread and the helpers claim parts one at a time until none is left, and the
// caller returns once every part is done. Claiming rather than assigning keeps a thread that the system
// has descheduled (other load on the core) from holding up the job: the others take its share. Helpers
// spin briefly before sleeping (Atomics.wait), so back-to-back kernels do not pay a wake-up each.
import type { KernelExports, SplitKernel } from './exports';
import { SPLIT_KERNELS } from './exports';

/** Int32 slots of the control block. */
const GENERATION = 0; // bumped once per job
const DONE = 1; // parts of the job finished
const KERNEL = 2; // index into SPLIT_KERNELS, or STOP
const ARG_COUNT = 3;
/**
 * The next part to claim, in one word with its job and the job's part count:
 * (generation & 0xffff) << 16 | parts << 8 | part. A claim is one compare-and-swap of this word.
 */
const NEXT = 4;
const MAX_PARTS = 255;
const STOP = -1;
/** The job's arguments (byte offsets and sizes, all exact in a float64) start at this float64 slot. */
const ARGS = 4;
const MAX_ARGS = 24;
const CONTROL_BYTES = (ARGS + MAX_ARGS) * 8;

/** Parts per thread: enough that a slowed thread's share is picked up by the others. */
export const PARTS_PER_THREAD = 4;

/** Atomics.load calls before a waiting thread sleeps: a few microseconds. */
const SPIN = 4000;

type Call = (...args: number[]) => void;

/** What a helper thread needs: the same module and memory, and the control block. */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
}

function waitWhile(ints: Int32Array, slot: number, value: number): void {
  for (let i = 0; i < SPIN; i++) if (Atomics.load(ints, slot) !== value) return;
  while (Atomics.load(ints, slot) === value) Atomics.wait(ints, slot, value);
}

/**
 * Runs parts of job `generation` until none is left to claim. A claim succeeds only while NEXT carries
 * this job's tag and an unclaimed part, that is while the caller is still in this job: so a thread that
 * woke late (the job done, the next one being written) runs nothing, whatever it read meanwhile.
 */
function claimParts(ints: Int32Array, generation: number, run: (part: number, parts: number) => void): void {
  const tag = generation & 0xffff;
  for (;;) {
    const next = Atomics.load(ints, NEXT);
    const parts = (next >>> 8) & 0xff;
    if (next >>> 16 !== tag || (next & 0xff) >= parts) return;
    if (Atomics.compareExchange(ints, NEXT, next, next + 1) !== next) continue;
    run(next & 0xff, parts);
    if (Atomics.add(ints, DONE, 1) + 1 === parts) Atomics.notify(ints, DONE);
  }
}

/** A helper thread's whole life: instantiate, say so, then take parts of every job until told to stop. */
export function helperLoop({ module, memory, control }: HelperInit, ready: () => void): void {
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
    const values = Array.from(args.subarray(ARGS, ARGS + Atomics.load(ints, ARG_COUNT)));
    const call = exports[SPLIT_KERNELS[kernel]];
    // A kernel index read after the job changed may be out of range: then there is nothing to claim.
    if (call) claimParts(ints, seen, (part, parts) => call(...values, part, parts));
  }
}

export interface KernelThreads {
  /** Threads in all, the calling one included. */
  count: number;
  /** Runs `kernel(...args, part, parts)` for every part, on this thread and the helpers; returns when all are done. */
  run(kernel: SplitKernel, args: number[], parts: number): void;
  stop(): void;
}

/**
 * Starts helpers through `spawn` (one per extra thread) and resolves once each has its instance, so
 * that the first job never waits on a worker still starting.
 */
export async function startThreads(
  exports: KernelExports,
  init: Omit<HelperInit, 'control'>,
  count: number,
  spawn: (init: HelperInit) => Promise<{ terminate(): void }>,
): Promise<KernelThreads> {
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const ints = new Int32Array(control);
  const args = new Float64Array(control);
  const helpers = await Promise.all(Array.from({ length: count - 1 }, () => spawn({ ...init, control })));
  const calls = exports as unknown as Record<SplitKernel, Call>;
  let generation = 0;
  return {
    count,
    run(kernel, values, parts) {
      if (!(parts >= 1 && parts <= MAX_PARTS))
        throw new RangeError(`A job has 1 to ${MAX_PARTS} parts, not ${parts}.`);
      generation = (generation + 1) | 0;
      args.set(values, ARGS);
      Atomics.store(ints, ARG_COUNT, values.length);
      Atomics.store(ints, KERNEL, SPLIT_KERNELS.indexOf(kernel));
      Atomics.store(ints, DONE, 0);
      Atomics.store(ints, NEXT, ((generation & 0xffff) << 16) | (parts << 8));
      Atomics.store(ints, GENERATION, generation);
      Atomics.notify(ints, GENERATION);
      const call = calls[kernel];
      claimParts(ints, generation, (part) => call(...values, part, parts));
      for (let done = Atomics.load(ints, DONE); done !== parts; done = Atomics.load(ints, DONE))
        waitWhile(ints, DONE, done);
    },
    stop() {
      Atomics.store(ints, KERNEL, STOP);
      Atomics.store(ints, GENERATION, (generation + 1) | 0);
      Atomics.notify(ints, GENERATION);
      for (const h of helpers) h.terminate();
    },
  };
}
