// Bridge to the import worker: one worker per import, terminated when it ends or on cancel.
// A cancelled or failed import deletes the dataset it was writing: nothing half-imported stays behind.
import { proxy, wrap } from 'comlink';
import { TilewrightError } from '../core/errors';
import { deleteDataset, newId } from '../storage';
import type { ImportReport, JobEvent } from '../protocol/jobs';
import type { ImportSource, ImportWorkerApi } from '../protocol/workers';

export async function importDataset(
  signal: AbortSignal,
  name: string,
  source: ImportSource,
  onEvent: (e: JobEvent) => void,
): Promise<ImportReport> {
  const worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module' });
  const api = wrap<ImportWorkerApi>(worker);
  const datasetId = newId();
  const cancelled = new Promise<never>((_, reject) =>
    signal.addEventListener(
      'abort',
      () =>
        reject(new TilewrightError('cancelled', `Import of "${name}" cancelled; nothing was kept.`, name)),
      { once: true },
    ),
  );
  try {
    return await Promise.race([api.importDataset(datasetId, name, source, proxy(onEvent)), cancelled]);
  } catch (e) {
    worker.terminate();
    await deleteDataset(datasetId).catch(() => undefined);
    throw e;
  } finally {
    worker.terminate();
  }
}

// ---- turning what the person dropped or picked into an ImportSource ----

/**
 * Reads a drop. Entries must be taken synchronously inside the drop event, so call this from the handler
 * directly (the body up to its first await runs synchronously).
 */
export function sourceFromDrop(dt: DataTransfer): Promise<ImportSource> {
  const items = [...dt.items].filter((i) => i.kind === 'file');
  const entries = items.map((i) => i.webkitGetAsEntry?.() ?? null);
  const files = items.map((i) => i.getAsFile());
  return (async () => {
    if (items.length === 1 && files[0] && isZip(files[0].name)) return { kind: 'zip', file: files[0] };
    const dirs = entries.filter((e): e is FileSystemDirectoryEntry => !!e?.isDirectory);
    if (dirs.length === 1 && entries.length === 1) {
      const out: { path: string; file: File }[] = [];
      await walk(dirs[0], '', out);
      return { kind: 'files', files: out, root: dirs[0].name };
    }
    const loose = files.filter((f): f is File => !!f);
    if (loose.length === 1 && isZip(loose[0].name)) return { kind: 'zip', file: loose[0] };
    throw new TilewrightError(
      'bad-layout',
      `Drop one folder or one .zip file (got ${loose.map((f) => f.name).join(', ') || 'nothing readable'}).`,
      loose[0]?.name,
    );
  })();
}

/** Files from `<input type=file webkitdirectory>` (paths from webkitRelativePath) or one picked zip. */
export function sourceFromFileList(list: FileList | File[]): ImportSource {
  const files = [...list];
  if (files.length === 1 && isZip(files[0].name) && !files[0].webkitRelativePath)
    return { kind: 'zip', file: files[0] };
  if (!files.length) throw new TilewrightError('bad-layout', 'No files were chosen.');
  const root = files[0].webkitRelativePath.split('/')[0] ?? '';
  return {
    kind: 'files',
    root,
    files: files.map((file) => ({
      file,
      path: file.webkitRelativePath.split('/').slice(1).join('/') || file.name,
    })),
  };
}

function isZip(name: string): boolean {
  return name.toLowerCase().endsWith('.zip');
}

async function walk(dir: FileSystemDirectoryEntry, prefix: string, out: { path: string; file: File }[]) {
  const reader = dir.createReader();
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (!batch.length) break;
    for (const entry of batch) {
      const path = prefix + entry.name;
      if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, path + '/', out);
      else {
        const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
        out.push({ path, file });
      }
    }
  }
}
