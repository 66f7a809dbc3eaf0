// The record of a dataset a job is about to write: empty, and 'writing' until the job marks it ready.
import type { DatasetRecord } from '../../protocol/records';
import { DEFAULT_SPLIT } from './splits';

export function newDatasetRecord(
  init: Pick<DatasetRecord, 'id' | 'name' | 'kind' | 'classes'> & Partial<DatasetRecord>,
): DatasetRecord {
  const now = Date.now();
  return {
    createdAt: now,
    updatedAt: now,
    count: 0,
    chunks: [],
    nextIndex: 0,
    bytes: 0,
    split: DEFAULT_SPLIT,
    removals: [],
    status: 'writing',
    ...init,
  };
}
