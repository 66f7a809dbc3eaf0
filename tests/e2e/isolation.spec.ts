// Cross-origin isolation on static hosting: the built studio served by a plain file server that sends
// no COOP/COEP headers (as most static hosts) registers public/isolation-sw.js, reloads once under it,
// and is then isolated: the wasm backend lists every core. The preview server the other tests use
// sends the headers itself (vite.config.ts).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { datasetRow, generate } from './helpers';
import { train } from './training';

const port = Number(process.env.TILEWRIGHT_E2E_PORT ?? 4317) + 1;
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/** dist/ as files, nothing else: no isolation headers, index.html for unknown paths. */
function staticServer(): Promise<Server> {
  const root = path.resolve('dist');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(root, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    readFile(file.startsWith(root) ? file : path.join(root, 'index.html'))
      .then((body) => {
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(404);
        res.end();
      });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

test('on a static host without headers a service worker makes the studio cross-origin isolated', async ({
  page,
}) => {
  const server = await staticServer();
  try {
    const url = `http://127.0.0.1:${port}/`;
    const headers = (await page.request.get(url)).headers();
    expect(headers['cross-origin-embedder-policy']).toBeUndefined();
    await page.goto(url);
    // The first load registers the worker and reloads; the studio then starts isolated.
    await expect(page.getByRole('navigation')).toBeVisible();
    await expect.poll(() => page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toContain(
      'isolation-sw.js',
    );

    // The workers, and the kernel threads the training worker starts, are isolated too: a run trains
    // on the wasm backend on every core.
    await generate(page, { name: 'static host', images: 24, seed: 3, size: 32, sides: [8, 14] });
    const datasetId = await datasetRow(page, 'static host').getAttribute('data-id');
    const cores = await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency));
    await train(page, datasetId!, {
      name: 'isolated wasm',
      epochs: 1,
      backend: 'wasm',
      origin: url.slice(0, -1),
    });
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
      timeout: 120_000,
    });
    await expect(page.getByTestId('run-summary').getByTestId('summary-backend')).toContainText(
      new RegExp(`kernels · ${cores} threads?`),
    );
  } finally {
    server.close();
  }
});
