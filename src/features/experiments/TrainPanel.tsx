// Run name and the Train button. A ref guards the start: a second click (or Enter) before the first
// start has answered never starts a second run.
import { useId, useRef, useState } from 'react';
import { navigate } from '../../app/routes';
import { startRun } from '../../client/trainer';
import type { ExperimentConfig } from '../../core/train/config';
import type { ProbeResult } from '../../protocol/runs';
import { useStudio } from '../../state/store';
import { describeError } from '../../ui/errors';
import { plural } from '../../ui/format';

interface Props {
  config: ExperimentConfig | undefined;
  datasetId: string;
  errorCount: number;
  /** The worker could not set this run up (shown in the Set-up panel): starting it would fail the same way. */
  previewFailed: boolean;
  /** Errors of fields not on screen (or of the config as a whole), with their paths. */
  unplaced: [string, string][];
  /** Speeds measured for this set-up ("Measure speed"): backend Automatic trains on the fastest. */
  measured?: ProbeResult[];
}

/** Starts the run and opens its page; resolves to the error when it could not start. */
export function useTrainStart() {
  const starting = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = async (
    config: ExperimentConfig,
    datasetId: string,
    name: string,
    measured?: ProbeResult[],
  ) => {
    if (starting.current) return;
    starting.current = true;
    setBusy(true);
    setError(null);
    try {
      const id = await startRun(config, datasetId, name.trim() || undefined, measured);
      navigate({ name: 'run', id });
      // Stays guarded: this screen is leaving.
    } catch (e) {
      setError(e);
      starting.current = false;
      setBusy(false);
    }
  };
  return { start, busy, error };
}

export function TrainPanel({ config, datasetId, errorCount, previewFailed, unplaced, measured }: Props) {
  const nameId = useId();
  const [name, setName] = useState('');
  const { start, busy, error } = useTrainStart();
  const liveId = useStudio((s) => s.live?.id);
  const liveName = useStudio((s) => s.live?.name);
  const disabled = !config || busy || errorCount > 0 || previewFailed || !!liveId;
  const startError = error ? describeError(error) : null;

  return (
    <div className="panel exp-train" data-testid="train-panel">
      <div className="field">
        <label htmlFor={nameId}>Run name</label>
        <input
          id={nameId}
          className="input"
          value={name}
          placeholder="optional: dataset-model-N"
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <button
        type="button"
        className="btn btn-primary exp-train-btn"
        disabled={disabled}
        aria-describedby={`${nameId}-why`}
        onClick={() => config && void start(config, datasetId, name, measured)}
      >
        {busy ? 'Starting…' : 'Train'}
      </button>
      <div id={`${nameId}-why`} className="exp-train-why" aria-live="polite">
        {liveId ? (
          <p className="field-hint">
            “{liveName}” is training; one run trains at a time.{' '}
            <a href={`#/runs/${encodeURIComponent(liveId)}`}>Open it</a>
          </p>
        ) : errorCount > 0 ? (
          <p className="field-error">Fix {plural(errorCount, 'field')} to train.</p>
        ) : previewFailed ? (
          <p className="field-error">The set-up check failed: see above.</p>
        ) : null}
        {unplaced.length > 0 && (
          <ul className="exp-unplaced" data-testid="unplaced-errors">
            {unplaced.map(([path, message]) => (
              <li key={path}>
                <code>{path}</code> {message}
              </li>
            ))}
          </ul>
        )}
        {startError && (
          <div className="notice notice-error exp-notice" role="alert" data-testid="train-error">
            <strong>{startError.title}</strong>
            <span>{startError.detail}</span>
          </div>
        )}
      </div>
    </div>
  );
}
