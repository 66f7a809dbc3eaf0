// Delete, after a confirmation that says what goes.
import { useState } from 'react';
import type { DatasetRecord } from '../../protocol/records';
import { deleteDataset, isInterrupted } from '../../state/datasets';
import { useStudio } from '../../state/store';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatBytes, plural } from '../../ui/format';

interface Props {
  rec: DatasetRecord;
  small?: boolean;
  onDeleted?: () => void;
}

export function DeleteDatasetButton({ rec, small, onDeleted }: Props) {
  const [asking, setAsking] = useState(false);
  const pending = useStudio((s) => s.pendingIds.includes(rec.id));
  // Deleting what the running job writes or reads would pull the data from under it.
  const usedByJob = useStudio(
    (s) => s.job?.datasetId === rec.id || (rec.status === 'writing' && !isInterrupted(rec, s.job)),
  );
  const confirm = async () => {
    setAsking(false);
    if (await deleteDataset(rec)) onDeleted?.();
  };
  return (
    <>
      <button
        type="button"
        className={`btn btn-danger-quiet ${small ? 'btn-sm' : ''}`}
        onClick={() => setAsking(true)}
        disabled={pending || usedByJob}
      >
        Delete
      </button>
      {asking && (
        <ConfirmDialog
          title={`Delete "${rec.name}"?`}
          confirmLabel="Delete"
          danger
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(false)}
        >
          <p>
            This removes its {plural(rec.count, 'sample')} ({formatBytes(rec.bytes)}) from this browser's
            storage. It cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
