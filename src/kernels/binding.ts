// What a kernel gets for its backend: the heap, our module's exports over it, scratch space that is
// kept between calls and only grows (no allocation per step once the largest layer has run), and `run`,
// which splits a kernel across threads when there are several and the work is worth the hand-off.
import type { KernelExports, SplitKernel } from './exports';
import { PARTS_PER_THREAD, type KernelThreads } from './threads';
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
  /**
   * `kernel(...args, part, parts)` over every part: on all threads when `work` is large enough. Returns
   * the number of parts (for kernels that leave one result per part to add up).
   */
  run(kernel: SplitKernel, args: number[], work: number): number;
  /** Parts `run` may use: room to leave for per-part results. */
  maxParts: number;
}

export function bindKernels(
  heap: WasmHeap,
  exports: KernelExports,
  threads: KernelThreads | null,
): KernelBinding {
  const calls = exports as unknown as Record<SplitKernel, (...args: number[]) => void>;
  const parts = threads && threads.count > 1 ? threads.count * PARTS_PER_THREAD : 1;
  return {
    heap,
    exports,
    scratch: scratchSpace(heap),
    zeros: zeroSpace(heap),
    run(kernel, args, work) {
      if (threads && threads.count > 1 && work >= MIN_SPLIT_WORK) {
        threads.run(kernel, args, parts);
        return parts;
      }
      calls[kernel](...args, 0, 1);
      return 1;
    },
    maxParts: parts,
  };
}

/** Heap space kept between calls that only grows, in `unit`-byte steps, filled with `init` when it does. */
function growing(heap: WasmHeap, unit: number, init?: (offset: number, bytes: number) => void) {
  let offset = 0;
  let size = 0;
  return (bytes: number): number => {
    if (bytes > size) {
      if (size) heap.free(offset);
      size = Math.ceil(bytes / unit) * unit;
      offset = heap.malloc(size);
      init?.(offset, size);
    }
    return offset;
  };
}

// Rounded up to 64 KiB so slowly growing requests do not reallocate each time.
const scratchSpace = (heap: WasmHeap) => growing(heap, 65536);

const zeroSpace = (heap: WasmHeap) => {
  const space = growing(heap, 4096, (offset, bytes) =>
    new Uint8Array(heap.memory.buffer, offset, bytes).fill(0),
  );
  return (count: number) => space(count * 4);
};
