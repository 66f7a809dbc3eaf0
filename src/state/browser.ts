// Actions on the open dataset: load it, re-split it, remove noisy samples, change how it is viewed.
import { loadDataset, removeNoisy, resplit } from '../client/datasetOps';
import type { Split, SplitConfig } from '../protocol/records';
import { DEFAULT_FILTER, type SampleFilter, type ViewSettings } from './browserSlice';
import { replaceRecord } from './datasets';
import { isJobRunning } from './jobs';
import { useStudio } from './store';
import { toast, toastError } from './toasts';

let loadSeq = 0;

export async function openDataset(id: string, opts: { quiet?: boolean } = {}): Promise<void> {
  const seq = ++loadSeq;
  const cur = useStudio.getState().open;
  // A reload of the same dataset keeps showing the old data until the new data is in.
  if (!opts.quiet || cur?.id !== id) {
    useStudio.setState({ open: { id, status: 'loading' } });
    if (cur?.id !== id) useStudio.setState((s) => ({ view: { ...s.view, filter: DEFAULT_FILTER } }));
  }
  try {
    const { record, metas } = await loadDataset(id);
    if (seq !== loadSeq) return;
    // Chunks are stored in the order batches committed (workers finish out of order): browse in index order.
    if (!isSortedByIndex(metas)) metas.sort((a, b) => a.index - b.index);
    useStudio.setState({ open: { id, status: 'ready', record, metas } });
    replaceRecord(record);
  } catch (error) {
    if (seq !== loadSeq) return;
    useStudio.setState({ open: { id, status: 'error', error } });
  }
}

function isSortedByIndex(metas: readonly { index: number }[]): boolean {
  for (let i = 1; i < metas.length; i++) if (metas[i - 1].index > metas[i].index) return false;
  return true;
}

export function closeDataset(): void {
  loadSeq++;
  useStudio.setState({ open: null });
}

/** Runs one change to the open dataset; refused while another change or a long job runs. */
async function datasetOp(kind: 'resplit' | 'remove', work: (id: string) => Promise<void>): Promise<void> {
  const { open, datasetOp: busy } = useStudio.getState();
  if (!open || open.status !== 'ready' || busy || isJobRunning()) return;
  useStudio.setState({ datasetOp: kind });
  try {
    await work(open.id);
  } catch (e) {
    toastError(e);
  } finally {
    useStudio.setState({ datasetOp: null });
  }
}

export function resplitOpen(config: SplitConfig): Promise<void> {
  return datasetOp('resplit', async (id) => {
    await resplit(id, config);
    await openDataset(id, { quiet: true });
    toast('success', 'Re-split done', splitText(config));
  });
}

export function removeNoisyOpen(maxHidden: number, split: Split | 'all'): Promise<void> {
  return datasetOp('remove', async (id) => {
    const { removed } = await removeNoisy(id, maxHidden, split);
    await openDataset(id, { quiet: true });
    toast(
      'success',
      `Removed ${removed} ${removed === 1 ? 'sample' : 'samples'}`,
      noisyText(maxHidden, split),
    );
  });
}

function splitText(c: SplitConfig): string {
  const pct = (f: number) => Math.round(f * 100);
  return `train ${pct(c.train)}% · val ${pct(c.val)}% · test ${pct(c.test)}% · seed ${c.seed}`;
}

function noisyText(maxHidden: number, split: Split | 'all'): string {
  return `Instances hidden more than ${Math.round(maxHidden * 100)}%, ${split === 'all' ? 'all splits' : `${split} split`}.`;
}

export function setView(change: Partial<Omit<ViewSettings, 'filter'>>): void {
  useStudio.setState((s) => ({ view: { ...s.view, ...change } }));
}

export function setFilter(change: Partial<SampleFilter>): void {
  useStudio.setState((s) => ({ view: { ...s.view, filter: { ...s.view.filter, ...change } } }));
}

export function resetFilter(): void {
  useStudio.setState((s) => ({ view: { ...s.view, filter: DEFAULT_FILTER } }));
}
