// Name, status and facts of one run, with what can be done to it as a whole.
import { hrefFor, navigate } from '../../app/routes';
import { downloadBlob, safeFileName } from '../../client/download';
import { metricsCsv } from '../../core/train/history';
import type { History } from '../../core/train/types';
import type { RunRecord } from '../../protocol/runs';
import { resumeTraining } from '../../state/runs';
import { useStudio } from '../../state/store';
import { formatDate } from '../../ui/format';
import { ChevronLeft } from '../../ui/icons';
import { DeleteRunButton } from './DeleteRunButton';
import { STATUS_HELP, TASK_TEXT } from './runFacts';
import { StatusBadge } from './StatusBadge';
import { useRunStatus } from './useRunData';

export function RunHeader({ rec }: { rec: RunRecord }) {
  const status = useRunStatus(rec);
  const anotherLive = useStudio((s) => s.live !== null && s.live.id !== rec.id);
  const resumable = (status === 'interrupted' || status === 'stopped') && rec.datasetId !== null;
  const help = STATUS_HELP[status];
  return (
    <header className="page-head">
      <div className="page-head-main">
        <a className="back" href={hrefFor({ name: 'runs' })}>
          <ChevronLeft />
          Runs
        </a>
        <div className="title-line">
          <h1 className="screen-title" data-testid="run-name">
            {rec.name}
          </h1>
          <StatusBadge status={status} testId="run-status" />
        </div>
        <p className="screen-sub">
          {rec.config.dataset_name} · {TASK_TEXT[rec.config.task]} · {rec.config.model.name} · created{' '}
          {formatDate(rec.createdAt)}
          {help && (status === 'interrupted' || status === 'stopped') ? ` · ${help}` : ''}
        </p>
      </div>
      <div className="toolbar">
        {resumable && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void resumeTraining(rec.id)}
            disabled={anotherLive}
            title={
              anotherLive ? 'Another run is training: one at a time.' : 'Continue from the last checkpoint'
            }
          >
            Resume
          </button>
        )}
        <button
          type="button"
          className="btn"
          onClick={() => downloadMetrics(rec)}
          title="The history in PyTorch Lightning's CSVLogger format"
        >
          Download metrics.csv
        </button>
        <DeleteRunButton rec={rec} onDeleted={() => navigate({ name: 'runs' })} />
      </div>
    </header>
  );
}

function downloadMetrics(rec: RunRecord): void {
  const live = useStudio.getState().live;
  const history: History =
    live?.id === rec.id ? { steps: live.steps.slice(0, live.stepCount), epochs: live.epochs } : rec.history;
  const blob = new Blob([metricsCsv(history)], { type: 'text/csv' });
  downloadBlob(blob, `${safeFileName(rec.name)}-metrics.csv`);
}
