// The three long jobs, each from start button to result message, through runJob's single slot.
import { generateDataset } from '../client/generate';
import { importDataset } from '../client/importer';
import { exportDataset } from '../client/exporter';
import { downloadBlob, safeFileName } from '../client/download';
import type { ShapesParams } from '../core/generate/params';
import type { ImportSource } from '../protocol/workers';
import type { DatasetRecord } from '../protocol/records';
import { formatBytes, formatCount, plural } from '../ui/format';
import { refreshDatasets } from './datasets';
import { openDataset } from './browser';
import { runJob, type JobOutcome } from './jobs';
import { useStudio } from './store';
import { toast, toastError } from './toasts';

function busyToast(): void {
  toast('info', 'A job is already running', 'Wait for it to finish, or cancel it first.');
}

export interface GenerateInput {
  name: string;
  seed: number;
  count: number;
  params: ShapesParams;
}

/** Makes a new shapes dataset. Resolves with the record (also after a cancel: what was stored is kept). */
export async function startGenerate(input: GenerateInput): Promise<DatasetRecord | undefined> {
  const out = await runJob(
    { kind: 'generate', subject: input.name, onStarted: () => void refreshDatasets() },
    (signal, onEvent) => generateDataset(signal, input, onEvent),
  );
  const rec = await afterGenerate(out, input.count);
  if (rec && useStudio.getState().open?.id === rec.id) await openDataset(rec.id, { quiet: true });
  return rec;
}

/** Adds `count` samples to a shapes dataset, with the parameters and seed stored in it. */
export async function startAppend(rec: DatasetRecord, count: number): Promise<DatasetRecord | undefined> {
  if (!rec.generator) return undefined;
  const { params, seed } = rec.generator;
  const out = await runJob({ kind: 'generate', subject: rec.name, datasetId: rec.id }, (signal, onEvent) =>
    generateDataset(signal, { datasetId: rec.id, name: rec.name, seed, count, params }, onEvent),
  );
  const result = await afterGenerate(out, count, rec.count);
  if (useStudio.getState().open?.id === rec.id) await openDataset(rec.id, { quiet: true });
  return result;
}

async function afterGenerate(
  out: JobOutcome<DatasetRecord>,
  asked: number,
  before = 0,
): Promise<DatasetRecord | undefined> {
  await refreshDatasets();
  switch (out.status) {
    case 'busy':
      busyToast();
      return undefined;
    case 'failed':
      toastError(out.error);
      return undefined;
    case 'cancelled':
      if (out.value)
        toast(
          'info',
          `Cancelled: kept ${plural(out.value.count - before, 'image')} of ${formatCount(asked)}`,
          `In "${out.value.name}".`,
        );
      else toast('info', 'Generation cancelled');
      return out.value;
    case 'done':
      toast(
        'success',
        `Generated ${plural(out.value.count - before, 'image')}`,
        `"${out.value.name}" now has ${plural(out.value.count, 'sample')} (${formatBytes(out.value.bytes)}).`,
      );
      return out.value;
  }
}

export function importName(source: ImportSource): string {
  const raw = source.kind === 'zip' ? source.file.name.replace(/\.zip$/i, '') : source.root;
  return raw.trim() || 'Imported dataset';
}

export async function startImport(source: ImportSource): Promise<void> {
  const name = importName(source);
  const out = await runJob(
    { kind: 'import', subject: name, onStarted: () => void refreshDatasets() },
    (signal, onEvent) => importDataset(signal, name, source, onEvent),
  );
  await refreshDatasets();
  switch (out.status) {
    case 'busy':
      return busyToast();
    case 'failed':
      return toastError(out.error);
    case 'cancelled':
      return toast('info', `Import of "${name}" cancelled`, 'Nothing was kept.');
    case 'done': {
      const r = out.value;
      useStudio.setState({ lastImport: { name, report: r } });
      if (r.datasetId && useStudio.getState().open?.id === r.datasetId)
        void openDataset(r.datasetId, { quiet: true });
      const problems = r.problems.length ? `, ${plural(r.problems.length, 'file')} skipped` : '';
      toast(
        r.imported ? 'success' : 'error',
        `Imported ${plural(r.imported, 'sample')}${problems}`,
        `From "${name}".`,
      );
    }
  }
}

export async function startExport(rec: DatasetRecord): Promise<void> {
  const out = await runJob({ kind: 'export', subject: rec.name, datasetId: rec.id }, (signal, onEvent) =>
    exportDataset(signal, rec.id, onEvent),
  );
  switch (out.status) {
    case 'busy':
      return busyToast();
    case 'failed':
      return toastError(out.error);
    case 'cancelled':
      return toast('info', 'Export cancelled');
    case 'done': {
      const file = `${safeFileName(rec.name)}.zip`;
      if (out.value) downloadBlob(out.value, file);
      toast('success', `Exported "${rec.name}"`, `${file} (${formatBytes(out.value?.size ?? 0)}).`);
    }
  }
}
