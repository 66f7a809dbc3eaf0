// More samples for a shapes dataset: only the count is asked; parameters and seed are the stored ones.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { GenerateJobSchema, fieldErrors } from '../../core/generate/params';
import type { DatasetRecord } from '../../protocol/records';
import { startAppend } from '../../state/jobActions';
import { isJobRunning } from '../../state/jobs';
import { Field, fieldAria } from '../../ui/Field';
import { formatCount } from '../../ui/format';
import { useJobRunning } from '../jobs/useJobRunning';
import { humanize } from './formModel';
import { ParamsView } from './ParamsView';

export function AppendForm({ rec, onClose }: { rec: DatasetRecord; onClose: () => void }) {
  const id = useId();
  const running = useJobRunning();
  const [count, setCount] = useState('500');
  const gen = rec.generator;

  const error = useMemo(() => {
    if (!gen) return 'this dataset has no stored generator settings';
    if (!count.trim()) return 'required';
    const parsed = GenerateJobSchema.safeParse({ seed: gen.seed, count: Number(count), params: gen.params });
    if (parsed.success) return undefined;
    const errs = fieldErrors(parsed.error);
    return humanize(errs.count ?? Object.values(errs)[0]);
  }, [count, gen]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (error || isJobRunning()) return;
    void startAppend(rec, Number(count));
    onClose();
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="append-form">
      <div className="dialog-content">
        <p className="muted">
          “{rec.name}” has {formatCount(rec.count)} samples. New images continue its stream from index{' '}
          {formatCount(rec.nextIndex)}, with the settings and seed it was generated with:
        </p>
        {gen && <ParamsView params={gen.params} seed={gen.seed} />}
        <Field id={id} label="Images to add" error={error}>
          <input
            type="number"
            className="input input-medium"
            inputMode="numeric"
            min={1}
            step={1}
            value={count}
            autoFocus
            onChange={(e) => setCount(e.target.value)}
            {...fieldAria(id, error)}
          />
        </Field>
      </div>
      <footer className="dialog-foot">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={running || !!error}>
          Append
        </button>
      </footer>
    </form>
  );
}
