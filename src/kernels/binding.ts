// What a kernel gets for its backend: the heap, our module's exports over it, and scratch space that
// is kept between calls and only grows (no allocation per step once the largest layer has run).
import type { KernelExports } from './exports';
import type { WasmHeap } from './tfjsWasm';

export interface KernelBinding {
  heap: WasmHeap;
  exports: KernelExports;
  /** A heap offset with at least `bytes` free bytes, valid until the next call. */
  scratch(bytes: number): number;
}

export function scratchSpace(heap: WasmHeap): (bytes: number) => number {
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
