import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
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
