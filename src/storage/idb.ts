// Small promise helpers over raw IndexedDB requests and transactions, and the mapping of failures to our errors.
import { TilewrightError } from '../core/errors';

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

/** Maps IndexedDB failures to our named errors (a full disk gets its own code). */
export function storageError(e: unknown, what: string): TilewrightError {
  if (e instanceof TilewrightError) return e;
  if (isQuotaError(e))
    return new TilewrightError('storage-full', `The browser's storage is full while writing ${what}.`, what);
  const msg = e instanceof Error ? e.message : String(e);
  return new TilewrightError('storage-failed', `Could not write ${what}: ${msg}`, what);
}

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // Settle on abort only: a failed request's error event reaches the transaction before tx.error is set
    // (it would read null and lose QuotaExceededError); the abort that follows carries the error.
    tx.onabort = () => reject(tx.error ?? new DOMException('Transaction aborted', 'AbortError'));
  });
}
