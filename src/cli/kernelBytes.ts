// The compiled kernels read from disk, for Node (the CLI and the unit tests): built into
// src/kernels/build by scripts/build-kernels.mjs.
import { readFile } from 'node:fs/promises';
import type { KernelBytes } from '../kernels';

export const kernelFile = (variant: string, memory: string) =>
  `kernels-${variant}${memory === 'shared' ? '-shared' : ''}.wasm`;

export const nodeKernelBytes: KernelBytes = async (variant, memory) =>
  new Uint8Array(await readFile(new URL(`../kernels/build/${kernelFile(variant, memory)}`, import.meta.url)));
