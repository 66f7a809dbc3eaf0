// Name, kind and facts of the open dataset, with its actions.
import { useState } from 'react';
import { hrefFor, navigate } from '../../app/routes';
import type { DatasetRecord } from '../../protocol/records';
import { formatBytes, formatCount, formatDate } from '../../ui/format';
import { ChevronLeft } from '../../ui/icons';
import { KIND_NAMES } from '../datasets/classNames';
import { DeleteDatasetButton } from '../datasets/DeleteDatasetButton';
import { ExportButton } from '../datasets/ExportButton';
import { GenerateDialog } from '../generate/GenerateDialog';
import { useJobRunning } from '../jobs/useJobRunning';
import { isInterrupted, keepInterrupted } from '../../state/datasets';
import { useStudio } from '../../state/store';

export function DatasetHeader({ rec }: { rec: DatasetRecord }) {
  const running = useJobRunning();
  const [appending, setAppending] = useState(false);
  const interrupted = useStudio((s) => isInterrupted(rec, s.job));
  const pending = useStudio((s) => s.pendingIds.includes(rec.id));
  return (
    <header className="page-head">
      <div className="page-head-main">
        <a className="back" href={hrefFor({ name: 'datasets' })}>
          <ChevronLeft />
          Datasets
        </a>
        <div className="title-line">
          <h1 className="screen-title" data-testid="dataset-name">
            {rec.name}
          </h1>
          <span className="badge">{KIND_NAMES[rec.kind]}</span>
          {interrupted ? (
            <span className="badge badge-warn">interrupted</span>
          ) : (
            rec.status === 'writing' && <span className="badge badge-info">writing…</span>
          )}
        </div>
        <p className="screen-sub num">
          {formatCount(rec.count)} samples · {formatBytes(rec.bytes)} · created {formatDate(rec.createdAt)}
          {rec.source ? ` · from ${rec.source}` : ''}
        </p>
      </div>
      <div className="toolbar">
        {interrupted && (
          <button type="button" className="btn" onClick={() => void keepInterrupted(rec)} disabled={pending}>
            Keep
          </button>
        )}
        {rec.kind === 'shapes' && rec.generator && (
          <button
            type="button"
            className="btn"
            onClick={() => setAppending(true)}
            disabled={running || rec.status === 'writing'}
          >
            Append more…
          </button>
        )}
        <ExportButton rec={rec} />
        <DeleteDatasetButton rec={rec} onDeleted={() => navigate({ name: 'datasets' })} />
      </div>
      {appending && <GenerateDialog mode={{ kind: 'append', rec }} onClose={() => setAppending(false)} />}
    </header>
  );
}
