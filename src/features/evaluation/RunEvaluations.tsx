// The run page's evaluation panel: evaluate one of its checkpoints, and its evaluations so far.
import type { RunRecord } from '../../protocol/runs';
import { useStudio } from '../../state/store';
import { formatDate } from '../../ui/format';
import { useCheckpoints } from '../runs/useRunData';
import { EvaluateForm, type CheckpointChoice } from './EvaluateForm';
import { headlineText } from './evaluationFacts';

export function RunEvaluations({ rec }: { rec: RunRecord }) {
  const checkpoints = useCheckpoints(rec);
  const evaluations = useStudio((s) => s.evaluations)?.filter((e) => e.runId === rec.id) ?? [];
  const order = { best: 0, last: 1, epoch: 2 } as const;
  const choices: CheckpointChoice[] = [...checkpoints]
    .sort((a, b) => order[a.kind] - order[b.kind] || b.step - a.step)
    .map((c) => ({
      label: `${c.kind === 'epoch' ? `epoch ${c.epoch}` : c.kind} (epoch ${c.epoch}, step ${c.step})`,
      source: { kind: 'stored', key: c.key, runId: rec.id },
    }));
  return (
    <section className="panel" aria-labelledby="run-evaluate-title" data-testid="run-evaluations">
      <header className="panel-head">
        <h2 id="run-evaluate-title">Evaluate</h2>
        <span className="muted small">
          {rec.config.task === 'segmentation'
            ? 'IoU and Dice report and the lowest-scoring samples of a checkpoint'
            : 'Classification report, confusion matrix and mistakes of a checkpoint'}
        </span>
      </header>
      <div className="panel-body">
        <EvaluateForm choices={choices} datasetId={rec.datasetId} subject={rec.name} />
        {evaluations.length > 0 && (
          <ul className="plain-list evaluation-links">
            {evaluations.map((e) => (
              <li key={e.id}>
                <a href={`#/evaluations/${encodeURIComponent(e.id)}`}>{e.name}</a>
                <span className="muted small">
                  {' '}
                  · {headlineText(e)} · {formatDate(e.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
