// Compiles the AssemblyScript kernels (src/kernels/assembly) into WebAssembly modules: relaxed SIMD
// (fused multiply-add) or plain SIMD, each for tfjs-wasm's plain memory or for its shared memory (the
// threaded build, cross-origin isolated pages); the studio loads the one the runtime validates. Run by Vite (dev, build, preview builds), by vitest's global set-up and before the CLI;
// it rebuilds only when a source is newer than the outputs. No binary is committed.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = path.join(root, 'src/kernels/assembly');
const out = path.join(root, 'src/kernels/build');

const SHARED = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'];
export const VARIANTS = {
  relaxed: ['--enable', 'simd', '--enable', 'relaxed-simd'],
  simd: ['--enable', 'simd'],
  'relaxed-shared': ['--enable', 'simd', '--enable', 'relaxed-simd', ...SHARED],
  'simd-shared': ['--enable', 'simd', ...SHARED],
};

const newest = (dir) => Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).mtimeMs));
const mtime = (f) => {
  try {
    return statSync(f).mtimeMs;
  } catch {
    return 0;
  }
};

export async function buildKernels({ force = false } = {}) {
  const stale = Object.keys(VARIANTS).filter(
    (v) => force || mtime(path.join(out, `kernels-${v}.wasm`)) < newest(sources),
  );
  if (!stale.length) return;
  mkdirSync(out, { recursive: true });
  const asc = (await import('assemblyscript/asc')).default;
  for (const v of stale) {
    // The module imports tfjs-wasm's memory and must own none of it: no runtime allocations, no data.
    const { error, stderr } = await asc.main([
      path.join(sources, 'index.ts'),
      '--outFile',
      path.join(out, `kernels-${v}.wasm`),
      '--importMemory',
      '--runtime',
      'stub',
      '--noAssert',
      '--use',
      'abort=',
      '-O3',
      ...VARIANTS[v],
    ]);
    if (error) throw new Error(`AssemblyScript kernels (${v}): ${error.message}\n${stderr.toString()}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await buildKernels({ force: process.argv.includes('--force') });
