// Cross-origin isolation for every way the studio is served: our dev and preview servers send the
// COOP/COEP headers (vite.config.ts), static hosts that read _headers do too (public/_headers), and on
// any other static host this registers public/isolation-sw.js, which adds them, and reloads once.
// Without isolation the studio still runs, its wasm kernels on one thread (the backend panel says so).

const RELOADED = 'tilewright-isolation-reload';

/** Resolves true when the page may start; false when it is about to reload under the service worker. */
export async function ensureIsolation(): Promise<boolean> {
  if (globalThis.crossOriginIsolated || !window.isSecureContext || !('serviceWorker' in navigator))
    return true;
  // One reload only: if the worker did not isolate the page (a browser setting, an extension), go on.
  if (sessionStorage.getItem(RELOADED)) return true;
  try {
    await navigator.serviceWorker.register(`${import.meta.env.BASE_URL}isolation-sw.js`);
    await navigator.serviceWorker.ready;
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
    return false;
  } catch {
    return true;
  }
}
