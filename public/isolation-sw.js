// Cross-origin isolation on static hosting that cannot set response headers (src/app/isolation.ts
// registers this worker only where the page is not isolated already). It re-serves every response of
// this origin with the COOP and COEP headers the server would send, so the page, its workers and theirs
// get SharedArrayBuffer and our wasm kernels run on every core.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Chromium throws on these (a devtools quirk); let the browser handle them.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      // Opaque responses (cross-origin, no-cors) cannot be rewritten; the studio makes none.
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
