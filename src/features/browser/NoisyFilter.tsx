// The noisy-sample filter: remove samples with an instance hidden more than F, in one split or all.
// It deletes samples, so it says how many first and asks for confirmation.
import { useId, useMemo, useState } from 'react';
import { selectNoisy } from '../../core/data/noisy';
import { SPLITS, type SampleMeta, type Split } from '../../protocol/records';
import { removeNoisyOpen } from '../../state/browser';
import { useStudio } from '../../state/store';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { plural } from '../../ui/format';
import { useJobRunning } from '../jobs/useJobRunning';

export function NoisyFilter({ metas, lastRemoved }: { metas: readonly SampleMeta[]; lastRemoved?: number }) {
  const id = useId();
  const running = useJobRunning();
  const busy = useStudio((s) => s.datasetOp);
  const [text, setText] = useState('0.5');
  const [split, setSplit] = useState<Split | 'all'>('all');
  const [asking, setAsking] = useState(false);
  const value = Number(text);
  const error =
    text.trim() === '' || !Number.isFinite(value)
      ? 'a number is required'
      : value < 0 || value > 1
        ? 'between 0 and 1'
        : undefined;
  const count = useMemo(
    () => (error ? 0 : selectNoisy(metas, value, split).length),
    [metas, value, split, error],
  );

  return (
    <section className="panel side-panel" aria-labelledby={`${id}-title`} data-testid="noisy-filter">
      <h2 id={`${id}-title`} className="panel-title">
        Noisy-sample filter
      </h2>
      <div className="sentence">
        <label htmlFor={`${id}-f`}>Remove samples with any instance hidden more than</label>
        <input
          id={`${id}-f`}
          type="number"
          className="input input-sm input-narrow"
          min={0}
          max={1}
          step={0.05}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={`${id}-msg`}
        />
        <label htmlFor={`${id}-split`}>
          in <span className="sr-only">split</span>
        </label>
        <select
          id={`${id}-split`}
          className="select select-sm"
          value={split}
          onChange={(e) => setSplit(e.target.value as Split | 'all')}
        >
          <option value="all">all splits</option>
          {SPLITS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-msg`} className={error ? 'field-error' : 'muted small'} aria-live="polite">
        {error ?? `${plural(count, 'sample')} match.`}
        {!error && lastRemoved !== undefined && ` Last run removed ${plural(lastRemoved, 'sample')}.`}
      </p>
      <button
        type="button"
        className="btn btn-sm btn-danger-quiet"
        disabled={!!error || count === 0 || running || busy !== null}
        onClick={() => setAsking(true)}
      >
        {busy === 'remove' ? 'Removing…' : 'Remove'}
      </button>
      {asking && (
        <ConfirmDialog
          title={`Remove ${plural(count, 'sample')}?`}
          confirmLabel="Remove"
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void removeNoisyOpen(value, split);
          }}
        >
          <p>
            Samples with an instance hidden more than {Math.round(value * 100)}% (
            {split === 'all' ? 'all splits' : `${split} split`}) are deleted from storage. This cannot be
            undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
