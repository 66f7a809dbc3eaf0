// The one progress bar of the live run: where it stands, how fast, how long to go, and its controls.
// Present only while the run trains in this tab.
import type { TrainProgress } from '../../protocol/runs';
import { continueTraining, pauseTraining, stopTraining } from '../../state/runs';
import type { LiveRun } from '../../state/runsSlice';
import { formatCount, formatDuration } from '../../ui/format';
import { useLive } from './useRunData';

export function RunProgress({ id }: { id: string }) {
  const progress = useLive(id, (l) => l.progress);
  const status = useLive(id, (l) => l.status);
  const stopping = useLive(id, (l) => l.stopping);
  const totalSteps = useLive(id, (l) => l.summary?.totalSteps);
  if (status === undefined) return null;
  const view = describeProgress(progress ?? null, status, !!stopping, totalSteps);
  return (
    <section className="panel run-progress" aria-label="Training progress">
      <div className="run-progress-text">
        <strong className="num" data-testid="run-progress-label">
          {view.label}
        </strong>
        {view.detail && <span className="muted num">{view.detail}</span>}
      </div>
      <div
        className={`progress ${view.percent === null ? 'progress-indeterminate' : ''} ${status === 'paused' ? 'progress-paused' : ''}`}
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={view.percent ?? undefined}
        aria-valuetext={view.percent === null ? view.label : `${view.label} (${view.percent}%)`}
        data-testid="run-progress"
      >
        <div
          className="progress-fill"
          style={{ width: view.percent === null ? undefined : `${view.percent}%` }}
        />
      </div>
      <div className="run-progress-stats">
        <span className="num stat-strong">{view.percent === null ? '' : `${view.percent}%`}</span>
        {view.rate && <span className="num">{view.rate}</span>}
        {view.eta && <span className="num">{view.eta}</span>}
      </div>
      <div className="toolbar">
        {status === 'paused' ? (
          <button type="button" className="btn btn-sm" onClick={continueTraining} disabled={stopping}>
            Resume
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-sm"
            onClick={pauseTraining}
            disabled={stopping || status !== 'running'}
          >
            Pause
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm btn-danger-quiet"
          onClick={stopTraining}
          disabled={stopping}
        >
          Stop
        </button>
      </div>
    </section>
  );
}

interface ProgressView {
  label: string;
  detail: string | null;
  percent: number | null;
  rate: string | null;
  eta: string | null;
}

export function describeProgress(
  p: TrainProgress | null,
  status: LiveRun['status'],
  stopping: boolean,
  totalSteps?: number,
): ProgressView {
  if (stopping)
    return {
      label: 'Stopping… saving a last checkpoint',
      detail: null,
      percent: null,
      rate: null,
      eta: null,
    };
  if (!p || p.phase === 'preparing')
    return {
      label: status === 'queued' ? 'Starting the training worker…' : 'Preparing data and model…',
      detail: null,
      percent: null,
      rate: null,
      eta: null,
    };
  const total = p.totalSteps || totalSteps || 0;
  const percent = total > 0 ? Math.min(100, Math.floor((p.step / total) * 100)) : null;
  const epoch = `Epoch ${formatCount(Math.min(p.epoch + 1, p.epochs))}/${formatCount(p.epochs)}`;
  const paused = status === 'paused' ? 'Paused · ' : '';
  let label = `${paused}${epoch} · step ${formatCount(p.stepInEpoch)}/${formatCount(p.stepsPerEpoch)}`;
  if (p.phase === 'validating')
    label = `${paused}${epoch} · validating${p.total ? ` ${formatCount(p.done ?? 0)}/${formatCount(p.total)} batches` : '…'}`;
  if (p.phase === 'checkpointing') label = `${paused}${epoch} · saving a checkpoint…`;
  const rate = p.imagesPerSecond > 0 ? `${formatRate(p.imagesPerSecond)} images/s` : null;
  const eta = status === 'running' && p.etaSeconds !== null ? `${formatDuration(p.etaSeconds)} left` : null;
  return { label, detail: `step ${formatCount(p.step)} of ${formatCount(total)}`, percent, rate, eta };
}

function formatRate(r: number): string {
  return r >= 100 ? formatCount(Math.round(r)) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}
