// Evaluate a checkpoint: which checkpoint (when there is a choice), on which dataset and split. The
// evaluation runs as the job of the job bar and opens when it is done.
import { useId, useState } from 'react';
import { navigate } from '../../app/routes';
import type { CheckpointSource, EvalSplit } from '../../protocol/evaluations';
import { startEvaluation } from '../../state/evaluations';
import { useStudio } from '../../state/store';

export interface CheckpointChoice {
  label: string;
  source: CheckpointSource;
}

const SPLITS: { value: EvalSplit; label: string }[] = [
  { value: 'val', label: 'Validation' },
  { value: 'test', label: 'Test' },
  { value: 'train', label: 'Training' },
  { value: 'all', label: 'All samples' },
];

interface Props {
  choices: CheckpointChoice[];
  /** The dataset chosen at first (the run's own). */
  datasetId: string | null;
  /** Names the job in the job bar, e.g. the run's name. */
  subject: string;
}

export function EvaluateForm({ choices, datasetId, subject }: Props) {
  const id = useId();
  const datasets = useStudio((s) => s.datasets);
  const jobRunning = useStudio((s) => s.job !== null);
  const [choice, setChoice] = useState(0);
  const [dataset, setDataset] = useState(datasetId ?? '');
  const [split, setSplit] = useState<EvalSplit>('val');
  const ready = (datasets ?? []).filter((d) => d.status === 'ready');
  const chosenDataset = ready.find((d) => d.id === dataset) ?? ready[0];
  const canEvaluate = choices.length > 0 && chosenDataset !== undefined && !jobRunning;

  const evaluate = async () => {
    if (!chosenDataset || !choices[choice]) return;
    const evaluationId = await startEvaluation(
      { checkpoint: choices[choice].source, datasetId: chosenDataset.id, split },
      `${subject} on ${chosenDataset.name}`,
    );
    if (evaluationId) navigate({ name: 'evaluation', id: evaluationId });
  };

  if (choices.length === 0)
    return (
      <p className="muted small">
        Evaluation needs a checkpoint: the first is written after the first epoch.
      </p>
    );
  if (ready.length === 0)
    return (
      <p className="muted small">
        No dataset to evaluate on. <a href="#/datasets">Import or generate one</a>.
      </p>
    );
  return (
    <form
      className="evaluate-form"
      data-testid="evaluate-form"
      onSubmit={(e) => {
        e.preventDefault();
        void evaluate();
      }}
    >
      {choices.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-checkpoint`}>Checkpoint</label>
          <select id={`${id}-checkpoint`} value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
            {choices.map((c, i) => (
              <option key={c.label} value={i}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-dataset`}>Dataset</label>
        <select
          id={`${id}-dataset`}
          value={chosenDataset?.id ?? ''}
          onChange={(e) => setDataset(e.target.value)}
        >
          {ready.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-split`}>Split</label>
        <select id={`${id}-split`} value={split} onChange={(e) => setSplit(e.target.value as EvalSplit)}>
          {SPLITS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-primary" disabled={!canEvaluate}>
        Evaluate
      </button>
      {jobRunning && <span className="muted small">Another job is running.</span>}
    </form>
  );
}
