// Delete a run and its checkpoint files, after a confirmation that says what goes.
import type { RunRecord } from '../../protocol/runs';
import { deleteRun } from '../../state/runs';
import { useStudio } from '../../state/store';
import { ConfirmDeleteButton } from '../../ui/ConfirmDeleteButton';
import { formatBytes, plural } from '../../ui/format';

interface Props {
  rec: RunRecord;
  small?: boolean;
  onDeleted?: () => void;
}

export function DeleteRunButton({ rec, small, onDeleted }: Props) {
  const pending = useStudio((s) => s.runPendingIds.includes(rec.id));
  const live = useStudio((s) => s.live?.id === rec.id);
  const bytes = rec.checkpoints.reduce((n, c) => n + c.bytes, 0);
  return (
    <ConfirmDeleteButton
      name={rec.name}
      small={small}
      disabled={pending || live}
      title={live ? 'Stop the run first.' : undefined}
      onConfirm={async () => {
        if (await deleteRun(rec)) onDeleted?.();
      }}
    >
      <p>
        This removes the run, its history and its {plural(rec.checkpoints.length, 'checkpoint')} (
        {formatBytes(bytes)}) from this browser's storage. Export a checkpoint first to keep the model. It
        cannot be undone.
      </p>
    </ConfirmDeleteButton>
  );
}
