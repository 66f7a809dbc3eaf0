// Bridge to the overlay worker: one worker for the page's whole life, started on first use.
import { wrap, type Remote } from 'comlink';
import type { OverlayWorkerApi } from '../protocol/workers';

let api: Remote<OverlayWorkerApi> | undefined;

/** The mask bytes coloured as an overlay bitmap (decoded and coloured in the worker). */
export function maskBitmap(bytes: ArrayBuffer, kind: 'class' | 'instance'): Promise<ImageBitmap | null> {
  api ??= wrap<OverlayWorkerApi>(
    new Worker(new URL('../../workers/overlay.worker.ts', import.meta.url), { type: 'module' }),
  );
  // The stored bytes stay with the cache entry: send a copy (masks are a few kB of PNG).
  return api.maskBitmap(bytes.slice(0), kind);
}
