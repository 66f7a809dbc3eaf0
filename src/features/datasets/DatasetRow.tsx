// One dataset in the list: facts, inline rename, and its actions (or Keep/Delete after an interrupted job).
import { useState } from 'react';
import { hrefFor, navigate } from '../../app/routes';
import type { DatasetRecord } from '../../protocol/records';
import { isInterrupted, keepInterrupted, renameDataset } from '../../state/datasets';
import { useStudio } from '../../state/store';
import { formatBytes, formatCount, formatDate } from '../../ui/format';
import { foregroundClasses, KIND_NAMES } from './classNames';
import { DeleteDatasetButton } from './DeleteDatasetButton';
import { ExportButton } from './ExportButton';
import { RenameInput } from '../../ui/RenameInput';

export function DatasetRow({ rec }: { rec: DatasetRecord }) {
  const [renaming, setRenaming] = useState(false);
  const interrupted = useStudio((s) => isInterrupted(rec, s.job));
  const pending = useStudio((s) => s.pendingIds.includes(rec.id));
  const writing = rec.status === 'writing' && !interrupted;
  const classes = foregroundClasses(rec);

  return (
    <tr data-testid="dataset-row" data-id={rec.id} data-status={interrupted ? 'interrupted' : rec.status}>
      <td className="cell-name">
        {renaming ? (
          <RenameInput rec={rec} rename={renameDataset} onDone={() => setRenaming(false)} />
        ) : (
          <span className="name-line">
            <a href={hrefFor({ name: 'dataset', id: rec.id })} className="dataset-link">
              {rec.name}
            </a>
            {writing && <span className="badge badge-info">writing…</span>}
            {interrupted && (
              <span
                className="badge badge-warn"
                title="Its job stopped before finishing (e.g. the page was reloaded)."
              >
                interrupted
              </span>
            )}
          </span>
        )}
      </td>
      <td>
        <span className="kind">{KIND_NAMES[rec.kind]}</span>
      </td>
      <td className="num">{formatCount(rec.count)}</td>
      <td title={classes.join(', ')}>
        <span className="num">{classes.length}</span>
        <span className="muted classes-preview">
          {' '}
          {classes.slice(0, 3).join(', ')}
          {classes.length > 3 ? ', …' : ''}
        </span>
      </td>
      <td className="num">{formatBytes(rec.bytes)}</td>
      <td className="muted nowrap">{formatDate(rec.createdAt)}</td>
      <td className="cell-actions">
        {interrupted ? (
          <>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => void keepInterrupted(rec)}
              disabled={pending}
            >
              Keep
            </button>
            <DeleteDatasetButton rec={rec} small />
          </>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => navigate({ name: 'dataset', id: rec.id })}
            >
              Open
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setRenaming(true)}
              disabled={renaming || pending || writing}
            >
              Rename
            </button>
            <ExportButton rec={rec} small />
            <DeleteDatasetButton rec={rec} small />
          </>
        )}
      </td>
    </tr>
  );
}
