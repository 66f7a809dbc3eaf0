// Actions on the dataset list: listing, renaming, deleting, resolving interrupted jobs.
import {
  deleteDataset as deleteStored,
  deleteUnlisted,
  estimateStorage,
  listDatasets,
  renameDataset as renameStored,
  updateDataset,
} from '../storage';
import { resplit } from '../client/datasetOps';
import { openDataset } from './browser';
import type { DatasetRecord } from '../protocol/records';
import { withPending } from './pending';
import { useStudio } from './store';
import { toast, toastError } from './toasts';
import { plural } from '../ui/format';

export async function refreshDatasets(): Promise<void> {
  try {
    const datasets = await listDatasets();
    useStudio.setState({ datasets, datasetsError: null });
  } catch (e) {
    useStudio.setState({ datasetsError: e });
  }
  void refreshStorage();
}

export async function refreshStorage(): Promise<void> {
  try {
    useStudio.setState({ storage: await estimateStorage() });
  } catch {
    useStudio.setState({ storage: null });
  }
}

/** A dataset still marked 'writing' that no job in this tab owns: its job was interrupted (e.g. a reload). */
export function isInterrupted(rec: DatasetRecord, job: { kind: string; datasetId?: string } | null): boolean {
  if (rec.status !== 'writing') return false;
  if (!job) return true;
  if (job.datasetId) return job.datasetId !== rec.id;
  // A new dataset's id arrives with the job's first event; until then any writing dataset may be its.
  return job.kind === 'export';
}

/** Throws TilewrightError('invalid-params') for an empty name, so the inline editor can show it. */
export async function renameDataset(id: string, name: string): Promise<DatasetRecord | undefined> {
  const rec = await withPending('pendingIds', id, () => renameStored(id, name));
  if (rec) replaceRecord(rec);
  return rec;
}

export async function deleteDataset(rec: DatasetRecord): Promise<boolean> {
  const ok = await withPending('pendingIds', rec.id, async () => {
    try {
      await deleteStored(rec.id);
      return true;
    } catch (e) {
      toastError(e);
      return false;
    }
  });
  if (ok) {
    useStudio.setState((s) => ({ datasets: s.datasets?.filter((d) => d.id !== rec.id) ?? null }));
    toast('success', `Deleted "${rec.name}"`);
  }
  await refreshDatasets();
  return ok === true;
}

/**
 * Keeps what an interrupted job had committed: the record lists only whole batches, so it is consistent.
 * What its unfinished batches wrote is deleted, and the kept samples are split now with the stored config
 * (the job never reached its final re-split).
 */
export async function keepInterrupted(rec: DatasetRecord): Promise<void> {
  await withPending('pendingIds', rec.id, async () => {
    try {
      await deleteUnlisted(rec);
      await resplit(rec.id, rec.split);
      replaceRecord(await updateDataset(rec.id, (r) => ({ ...r, status: 'ready' })));
      if (useStudio.getState().open?.id === rec.id) await openDataset(rec.id, { quiet: true });
      toast('success', `Kept "${rec.name}"`, `${plural(rec.count, 'sample')} that were fully written.`);
    } catch (e) {
      toastError(e);
    }
  });
}

export function replaceRecord(rec: DatasetRecord): void {
  useStudio.setState((s) => ({
    datasets: s.datasets?.map((d) => (d.id === rec.id ? rec : d)) ?? null,
    open: s.open?.id === rec.id && s.open.record ? { ...s.open, record: rec } : s.open,
  }));
}

export function dismissImportReport(): void {
  useStudio.setState({ lastImport: null });
}
