// Delete a run and its checkpoint files, after a confirmation that says what goes.
import { useState } from 'react';
import type { RunRecord } from '../../protocol/runs';
import { deleteRun } from '../../state/runs';
import { useStudio } from '../../state/store';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatBytes, plural } from '../../ui/format';

interface Props {
  rec: RunRecord;
  small?: boolean;
  onDeleted?: () => void;
}

export function DeleteRunButton({ rec, small, onDeleted }: Props) {
  const [asking, setAsking] = useState(false);
  const pending = useStudio((s) => s.runPendingIds.includes(rec.id));
  const live = useStudio((s) => s.live?.id === rec.id);
  const bytes = rec.checkpoints.reduce((n, c) => n + c.bytes, 0);
  const confirm = async () => {
    setAsking(false);
    if (await deleteRun(rec)) onDeleted?.();
  };
  return (
    <>
      <button
        type="button"
        className={`btn btn-danger-quiet ${small ? 'btn-sm' : ''}`}
        onClick={() => setAsking(true)}
        disabled={pending || live}
        title={live ? 'Stop the run first.' : undefined}
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
            This removes the run, its history and its {plural(rec.checkpoints.length, 'checkpoint')} (
            {formatBytes(bytes)}) from this browser's storage. Export a checkpoint first to keep the model. It
            cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
