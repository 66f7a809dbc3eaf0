// One run: its set-up, the live progress bar while it trains, the charts, checkpoints and log.
import type { RunRecord } from '../../protocol/runs';
import { useStudio } from '../../state/store';
import { errorText } from '../../ui/errors';
import { RunEvaluations } from '../evaluation/RunEvaluations';
import { RunAllMetrics } from './RunAllMetrics';
import { CheckpointsTable } from './CheckpointsTable';
import { RunCharts } from './RunCharts';
import { RunErrorPanel } from './RunErrorPanel';
import { RunHeader } from './RunHeader';
import { RunLog } from './RunLog';
import { RunProgress } from './RunProgress';
import { RunSummaryPanel } from './RunSummaryPanel';
import { useRunRecord } from './useRunData';

export function RunPage({ id }: { id: string }) {
  const listed = useStudio((s) => s.runs !== null);
  const listError = useStudio((s) => s.runsError);
  const rec = useRunRecord(id);

  if (listError)
    return (
      <div className="screen">
        <p className="notice notice-error" role="alert">
          Could not read runs. {errorText(listError)}
        </p>
      </div>
    );
  if (!rec)
    return (
      <div className="screen">
        {listed ? (
          <div className="notice notice-error" role="alert">
            <strong>This run does not exist</strong>
            <p>It may have been deleted, perhaps in another tab.</p>
            <a href="#/runs">Back to runs</a>
          </div>
        ) : (
          <p className="muted" role="status">
            Loading run…
          </p>
        )}
      </div>
    );
  return <RunView rec={rec} />;
}

function RunView({ rec }: { rec: RunRecord }) {
  return (
    <div className="runpage" data-testid="run-page" data-id={rec.id}>
      <RunHeader rec={rec} />
      <div className="runpage-body">
        <RunProgress id={rec.id} />
        <RunErrorPanel rec={rec} />
        <RunSummaryPanel rec={rec} />
        <RunCharts rec={rec} />
        <div className="run-bottom">
          <CheckpointsTable rec={rec} />
          <RunLog id={rec.id} />
        </div>
        <RunEvaluations rec={rec} />
        <RunAllMetrics rec={rec} />
      </div>
    </div>
  );
}
