// One run in the list: facts, inline rename, selection for comparing, and its actions.
import { useState } from 'react';
import { hrefFor, navigate } from '../../app/routes';
import type { RunRecord } from '../../protocol/runs';
import { useStudio } from '../../state/store';
import { formatCount } from '../../ui/format';
import { DeleteRunButton } from './DeleteRunButton';
import { bestEpoch, formatMetric, metricLabel, TASK_TEXT } from './runFacts';
import { RenameInput } from '../../ui/RenameInput';
import { renameRun } from '../../state/runs';
import { StatusBadge } from './StatusBadge';
import { useEpochs, useRunStatus } from './useRunData';

const shortDate = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

interface Props {
  rec: RunRecord;
  selected: boolean;
  onSelect: (on: boolean) => void;
}

export function RunRow({ rec, selected, onSelect }: Props) {
  const [renaming, setRenaming] = useState(false);
  const status = useRunStatus(rec);
  const epochs = useEpochs(rec);
  const pending = useStudio((s) => s.runPendingIds.includes(rec.id));
  const best = bestEpoch(epochs, rec.config.monitor);
  const model = rec.summary?.model ?? rec.config.model.name;
  const params = rec.summary?.params.total;
  return (
    <tr data-testid="run-row" data-id={rec.id} data-status={status} aria-selected={selected}>
      <td className="cell-check">
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
          aria-label={`Select ${rec.name} to compare`}
        />
      </td>
      <td className="cell-name">
        {renaming ? (
          <RenameInput rec={rec} rename={renameRun} onDone={() => setRenaming(false)} />
        ) : (
          <a href={hrefFor({ name: 'run', id: rec.id })} className="dataset-link" data-testid="run-link">
            {rec.name}
          </a>
        )}
      </td>
      <td className="cell-dataset" title={rec.config.dataset_name}>
        {rec.config.dataset_name}
      </td>
      <td>{TASK_TEXT[rec.config.task]}</td>
      <td className="cell-model" title={model}>
        {rec.config.model.name}
        {params !== undefined && <span className="muted small num"> · {compactCount(params)}</span>}
      </td>
      <td>
        <StatusBadge status={status} />
      </td>
      <td className="num nowrap" title={best ? `at epoch ${best.epoch + 1}` : undefined}>
        {best ? (
          <>
            <span className="muted small">{metricLabel(best.name)}</span>{' '}
            {formatMetric(best.name, best.value)}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num nowrap">
        {formatCount(epochs.length)}
        <span className="muted">/{formatCount(rec.config.epochs)}</span>
      </td>
      <td className="muted nowrap" title={new Date(rec.createdAt).toLocaleString()}>
        {shortDate.format(rec.createdAt)}
      </td>
      <td className="cell-actions">
        <button type="button" className="btn btn-sm" onClick={() => navigate({ name: 'run', id: rec.id })}>
          Open
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setRenaming(true)}
          disabled={renaming || pending}
        >
          Rename
        </button>
        <DeleteRunButton rec={rec} small />
      </td>
    </tr>
  );
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** "462 params", "1.2K params". */
function compactCount(n: number): string {
  return `${compact.format(n)} params`;
}
