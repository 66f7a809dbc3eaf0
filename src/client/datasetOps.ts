// Dataset operations run on the page: re-splitting and the noisy-sample filter. Both touch only the
// metadata chunks (small), never the image bytes, and write every changed chunk in one transaction.
import { assignSplits, splitFractions, stratumOf } from '../core/data/splits';
import { selectNoisy } from '../core/data/noisy';
import { readAllMeta, readChunk, requireDataset, rewriteChunks, updateDataset } from '../storage';
import type { DatasetRecord, SampleMeta, Split, SplitConfig } from '../protocol/records';

export async function loadDataset(
  datasetId: string,
): Promise<{ record: DatasetRecord; metas: SampleMeta[] }> {
  const record = await requireDataset(datasetId);
  return { record, metas: await readAllMeta(record) };
}

async function readChunks(rec: DatasetRecord): Promise<Map<number, SampleMeta[]>> {
  const lists = await Promise.all(rec.chunks.map((c) => readChunk(rec.id, c)));
  return new Map(rec.chunks.map((c, i) => [c, lists[i]]));
}

/**
 * Assigns every sample a split from `config` (stratified, see assignSplits), rewrites all metadata chunks
 * in one transaction, then stores the config in the record. Also used at the end of generation and import.
 */
export async function resplit(datasetId: string, config: SplitConfig): Promise<DatasetRecord> {
  splitFractions(config); // validates before anything is read
  const rec = await requireDataset(datasetId);
  const chunks = await readChunks(rec);
  const items: { index: number; stratum: string }[] = [];
  for (const metas of chunks.values())
    for (const m of metas) items.push({ index: m.index, stratum: stratumOf(m) });
  const assignment = assignSplits(items, config);
  const next = new Map<number, SampleMeta[]>();
  for (const [c, metas] of chunks) {
    if (metas.length)
      next.set(
        c,
        metas.map((m) => ({ ...m, split: assignment.get(m.index) ?? m.split })),
      );
  }
  await rewriteChunks(datasetId, next);
  return updateDataset(datasetId, (r) => ({ ...r, split: { ...config } }));
}

/**
 * Removes the samples of `split` (or all splits) with an instance hidden more than `maxHidden`: their data
 * and their metadata go in one transaction; then the record's count, chunk list, bytes and removal log are
 * updated. Bytes are estimated (the removed samples' sizes are not read): the average sample size times the
 * number removed. Splits of the kept samples are left as they were.
 */
export async function removeNoisy(
  datasetId: string,
  maxHidden: number,
  split: Split | 'all',
): Promise<{ removed: number; record: DatasetRecord }> {
  const rec = await requireDataset(datasetId);
  const chunks = await readChunks(rec);
  const all = [...chunks.values()].flat();
  const remove = new Set(selectNoisy(all, maxHidden, split));

  const changed = new Map<number, SampleMeta[]>();
  if (remove.size) {
    for (const [c, metas] of chunks) {
      const kept = metas.filter((m) => !remove.has(m.index));
      if (kept.length !== metas.length) changed.set(c, kept);
    }
    await rewriteChunks(datasetId, changed, [...remove]);
  }
  const emptied = new Set([...changed].filter(([, m]) => m.length === 0).map(([c]) => c));
  const removed = remove.size;
  const record = await updateDataset(datasetId, (r) => ({
    ...r,
    count: Math.max(0, r.count - removed),
    chunks: r.chunks.filter((c) => !emptied.has(c)),
    bytes: r.count > 0 ? Math.max(0, Math.round(r.bytes * (1 - removed / r.count))) : 0,
    removals: [...r.removals, { maxHidden, split, removed, at: Date.now() }],
  }));
  return { removed, record };
}
