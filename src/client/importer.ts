// Bridge to the import worker: one worker per import, terminated when it ends or on cancel.
// A cancelled or failed import deletes the dataset it was writing: nothing half-imported stays behind.
import { proxy, wrap, type Remote } from 'comlink';
import { TilewrightError } from '../core/errors';
import { deleteDataset, newId } from '../storage';
import type { ImportReport, JobEvent } from '../protocol/jobs';
import type { ImportSource, ImportWorkerApi } from '../protocol/workers';

/**
 * A folder's files go to the worker in messages of at most this many files and about this many ms of the
 * page's time each (posting a file whose size is known costs ~4 µs here).
 */
const HANDOVER_FILES = 1000;
const HANDOVER_SLICE_MS = 10;

export async function importDataset(
  signal: AbortSignal,
  name: string,
  source: ImportSource,
  onEvent: (e: JobEvent) => void,
): Promise<ImportReport> {
  const worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module' });
  const api = wrap<ImportWorkerApi>(worker);
  const datasetId = newId();
  onEvent({ kind: 'dataset', datasetId });
  const cancelled = new Promise<never>((_, reject) =>
    signal.addEventListener(
      'abort',
      () =>
        reject(new TilewrightError('cancelled', `Import of "${name}" cancelled; nothing was kept.`, name)),
      { once: true },
    ),
  );
  const run = async () => {
    if (source.kind === 'files') {
      await handOver(api, source.files);
      return api.importDataset(datasetId, name, { ...source, files: [] }, proxy(onEvent));
    }
    return api.importDataset(datasetId, name, source, proxy(onEvent));
  };
  try {
    return await Promise.race([run(), cancelled]);
  } catch (e) {
    worker.terminate();
    await deleteDataset(datasetId).catch(() => undefined);
    throw e;
  } finally {
    worker.terminate();
  }
}

/**
 * Posts a folder's files to the worker in parts of about HANDOVER_SLICE_MS each. A picked file is looked up
 * by the browser the first time its size is read or it is posted: ~0.2 ms per file on this thread here, so
 * a 27,000-file folder in one message froze the page for 5 s. Reading the sizes first lets each part stop
 * on time (posting a looked-up file is cheap); each part is awaited, so it is a task of its own.
 */
async function handOver(api: Remote<ImportWorkerApi>, files: { path: string; file: File }[]): Promise<void> {
  let start = 0;
  do {
    const t0 = performance.now();
    let end = start;
    const last = Math.min(files.length, start + HANDOVER_FILES);
    while (end < last && (end === start || performance.now() - t0 < HANDOVER_SLICE_MS))
      void files[end++].file.size; // the lookup happens here, inside the slice
    await api.addFiles(files.slice(start, end));
    start = end;
  } while (start < files.length);
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

/**
 * Files of a dropped folder looked up at the same time while listing it. One at a time, a 27,000-file
 * folder took 21 s to list here, 10 at a time 15 s; with 100 at a time the page stalled for a second per
 * subfolder.
 */
const FILE_LOOKUPS_IN_FLIGHT = 10;

async function walk(dir: FileSystemDirectoryEntry, prefix: string, out: { path: string; file: File }[]) {
  const reader = dir.createReader();
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (!batch.length) break;
    for (let k = 0; k < batch.length; k += FILE_LOOKUPS_IN_FLIGHT) {
      const part = batch.slice(k, k + FILE_LOOKUPS_IN_FLIGHT);
      const files = await Promise.all(part.map((e) => (e.isFile ? fileOf(e as FileSystemFileEntry) : null)));
      for (let i = 0; i < part.length; i++) {
        const path = prefix + part[i].name;
        const file = files[i];
        if (file) out.push({ path, file });
        else if (part[i].isDirectory) await walk(part[i] as FileSystemDirectoryEntry, path + '/', out);
      }
    }
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((res, rej) => entry.file(res, rej));
}
