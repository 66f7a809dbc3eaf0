// Delete, after a confirmation that says what goes.
import type { DatasetRecord } from '../../protocol/records';
import { deleteDataset, isInterrupted } from '../../state/datasets';
import { useStudio } from '../../state/store';
import { ConfirmDeleteButton } from '../../ui/ConfirmDeleteButton';
import { formatBytes, plural } from '../../ui/format';

interface Props {
  rec: DatasetRecord;
  small?: boolean;
  onDeleted?: () => void;
}

export function DeleteDatasetButton({ rec, small, onDeleted }: Props) {
  const pending = useStudio((s) => s.pendingIds.includes(rec.id));
  // Deleting what the running job writes or reads would pull the data from under it.
  const usedByJob = useStudio(
    (s) => s.job?.datasetId === rec.id || (rec.status === 'writing' && !isInterrupted(rec, s.job)),
  );
  return (
    <ConfirmDeleteButton
      name={rec.name}
      small={small}
      disabled={pending || usedByJob}
      onConfirm={async () => {
        if (await deleteDataset(rec)) onDeleted?.();
      }}
    >
      <p>
        This removes its {plural(rec.count, 'sample')} ({formatBytes(rec.bytes)}) from this browser's storage.
        It cannot be undone.
      </p>
    </ConfirmDeleteButton>
  );
}
