// vitest global set-up: the AssemblyScript kernels are compiled before any test loads them.
import { buildKernels } from '../scripts/build-kernels.mjs';

export default async function setup() {
  await buildKernels();
}
