// The compiled kernels read from disk, for Node (the CLI and the unit tests): built into
// src/kernels/build by scripts/build-kernels.mjs.
import { readFile } from 'node:fs/promises';
import type { KernelBytes } from '../kernels';

export const nodeKernelBytes: KernelBytes = async (variant) =>
  new Uint8Array(await readFile(new URL(`../kernels/build/kernels-${variant}.wasm`, import.meta.url)));
