// The one module that knows tfjs-wasm's internals (pinned: @tensorflow/tfjs-backend-wasm 4.22.0): its
// Emscripten module's memory (exported by the plain and SIMD builds, imported and shared by the threaded
// build), where a tensor's data sits in it, and how an output tensor is made. Our kernels work in place
// on that heap. (scripts/tfjs-wasm-threads.mjs is the build-side half: it keeps the threaded build's
// factory out of minification; src/cli/wasmThreads.ts the Node half: it starts that build in Node.) If an upgrade moves any of this, wasmHeap throws, naming what is
// missing, and tests/unit/kernels.test.ts fails.
import type { TensorInfo } from '@tensorflow/tfjs';
import { TilewrightError } from '../core/errors';

/** The tfjs version this coupling was written against. */
export const TFJS_WASM_VERSION = '4.22.0';

export interface WasmHeap {
  memory: WebAssembly.Memory;
  /** Byte offset of a tensor's data in the heap. */
  offsetOf(t: TensorInfo): number;
  /** A new tensor on the heap (uninitialised; float32 unless said), owned by the engine like any kernel output. */
  output(shape: number[], dtype?: 'float32' | 'int32' | 'bool'): TensorInfo;
  /** Raw heap memory (Emscripten's malloc and free), for scratch space kept between calls. */
  malloc(bytes: number): number;
  free(offset: number): void;
}

interface BackendInternals {
  wasm?: {
    asm?: { memory?: unknown };
    wasmMemory?: unknown;
    _malloc?: (bytes: number) => number;
    _free?: (p: number) => void;
  };
  dataIdMap?: { get(dataId: object): { memoryOffset?: number | null } | undefined };
  makeOutput?: (shape: number[], dtype: 'float32' | 'int32' | 'bool') => TensorInfo;
}

export function wasmHeap(backend: unknown): WasmHeap {
  const b = backend as BackendInternals;
  const memory = b.wasm?.asm?.memory ?? b.wasm?.wasmMemory;
  const missing = (what: string) =>
    new TilewrightError(
      'incompatible',
      `The tfjs wasm backend changed: ${what} is not where @tensorflow/tfjs-backend-wasm ${TFJS_WASM_VERSION} keeps it. Our kernels cannot run on it.`,
      what,
    );
  if (!(memory instanceof WebAssembly.Memory)) throw missing('backend.wasm.asm.memory (or wasmMemory)');
  if (typeof b.dataIdMap?.get !== 'function') throw missing('backend.dataIdMap');
  if (typeof b.makeOutput !== 'function') throw missing('backend.makeOutput');
  const wasm = b.wasm!;
  if (typeof wasm._malloc !== 'function' || typeof wasm._free !== 'function')
    throw missing('backend.wasm._malloc');
  const dataIdMap = b.dataIdMap;
  const makeOutput = b.makeOutput.bind(backend);
  return {
    memory,
    offsetOf(t) {
      const offset = dataIdMap.get(t.dataId)?.memoryOffset;
      if (typeof offset !== 'number') throw missing('the memoryOffset of a tensor');
      return offset;
    },
    output: (shape, dtype = 'float32') => makeOutput(shape, dtype),
    // `>>> 0`: malloc returns a signed 32-bit offset (tfjs-wasm does the same).
    malloc: (bytes) => wasm._malloc!(bytes) >>> 0,
    free: (offset) => wasm._free!(offset),
  };
}
