// Bridge to the export worker: one worker per export, terminated at the end or on cancel.
import { proxy, wrap } from 'comlink';
import { TilewrightError } from '../core/errors';
import type { JobEvent } from '../protocol/jobs';
import type { ExportWorkerApi } from '../protocol/workers';

export async function exportDataset(
  signal: AbortSignal,
  datasetId: string,
  onEvent: (e: JobEvent) => void,
): Promise<Blob> {
  const worker = new Worker(new URL('../../workers/export.worker.ts', import.meta.url), { type: 'module' });
  const api = wrap<ExportWorkerApi>(worker);
  const cancelled = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(new TilewrightError('cancelled', 'Export cancelled.')), {
      once: true,
    }),
  );
  try {
    return await Promise.race([api.exportDataset(datasetId, proxy(onEvent)), cancelled]);
  } finally {
    worker.terminate();
  }
}
