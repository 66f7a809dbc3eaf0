import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { buildKernels } from './scripts/build-kernels.mjs';
import { tfjsWasmThreads } from './scripts/tfjs-wasm-threads.mjs';

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Our AssemblyScript kernels are compiled from source before anything imports them (src/kernels).
  plugins: [react(), { name: 'tilewright-kernels', buildStart: () => buildKernels() }, tfjsWasmThreads()],
  // tfjs lives in the workers, which Vite bundles with their own plugin list.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  // Cross-origin isolation (SharedArrayBuffer): our wasm kernels and tfjs-wasm run on every core only then.
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  // The dev server would otherwise discover worker dependencies mid-session and reload the page.
  optimizeDeps: { include: ['comlink', 'idb-keyval', 'fflate', 'zod'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    // bench.html, bench-train.html and bench-report.html are the in-browser halves of `npm run bench`.
    rollupOptions: {
      input: {
        main: 'index.html',
        bench: 'bench.html',
        benchTrain: 'bench-train.html',
        benchReport: 'bench-report.html',
      },
    },
  },
});
