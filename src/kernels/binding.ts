// What a kernel gets for its backend: the heap, our module's exports over it, scratch space that is
// kept between calls and only grows (no allocation per step once the largest layer has run), and `run`,
// which splits a kernel across threads when there are several and the work is worth the hand-off.
import type { KernelExports, SplitKernel } from './exports';
import type { KernelThreads } from './threads';
import type { WasmHeap } from './tfjsWasm';

/** Below this much work (≈ multiply-adds) a kernel runs on the calling thread: waking a helper costs ~10-50 µs. */
const MIN_SPLIT_WORK = 1 << 18;

export interface KernelBinding {
  heap: WasmHeap;
  exports: KernelExports;
  /** A heap offset with at least `bytes` free bytes, valid until the next call. */
  scratch(bytes: number): number;
  /** A heap offset of at least `count` float zeros, which kernels only read (padding). */
  zeros(count: number): number;
  /** `kernel(...args, part, parts)` over every part: on all threads when `work` is large enough. */
  run(kernel: SplitKernel, args: number[], work: number): void;
}

export function bindKernels(
  heap: WasmHeap,
  exports: KernelExports,
  threads: KernelThreads | null,
): KernelBinding {
  const calls = exports as unknown as Record<SplitKernel, (...args: number[]) => void>;
  return {
    heap,
    exports,
    scratch: scratchSpace(heap),
    zeros: zeroSpace(heap),
    run(kernel, args, work) {
      if (threads && threads.count > 1 && work >= MIN_SPLIT_WORK) threads.run(kernel, args, threads.count);
      else calls[kernel](...args, 0, 1);
    },
  };
}

function scratchSpace(heap: WasmHeap): (bytes: number) => number {
  let offset = 0;
  let size = 0;
  return (bytes) => {
    if (bytes > size) {
      if (size) heap.free(offset);
      // Round up to 64 KiB so slowly growing requests do not reallocate each time.
      size = Math.ceil(bytes / 65536) * 65536;
      offset = heap.malloc(size);
    }
    return offset;
  };
}

function zeroSpace(heap: WasmHeap): (count: number) => number {
  let offset = 0;
  let size = 0;
  return (count) => {
    if (count > size) {
      if (size) heap.free(offset);
      size = Math.ceil(count / 1024) * 1024;
      offset = heap.malloc(size * 4);
      new Float32Array(heap.memory.buffer, offset, size).fill(0);
    }
    return offset;
  };
}
