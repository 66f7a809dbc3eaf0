// Train/val/test percentages and a seed → re-split the open dataset (stratified, reproducible).
import { useId, useState, type FormEvent } from 'react';
import type { SplitConfig } from '../../protocol/records';
import { resplitOpen } from '../../state/browser';
import { useStudio } from '../../state/store';
import { Field, fieldAria } from '../../ui/Field';
import { useJobRunning } from '../jobs/useJobRunning';

type Key = 'train' | 'val' | 'test' | 'seed';
const pct = (f: number) => String(Math.round(f * 1000) / 10);

function check(v: Record<Key, string>): {
  errors: Partial<Record<Key | 'sum', string>>;
  config?: SplitConfig;
} {
  const errors: Partial<Record<Key | 'sum', string>> = {};
  const n = {} as Record<Key, number>;
  for (const k of ['train', 'val', 'test'] as const) {
    const x = Number(v[k]);
    if (v[k].trim() === '' || !Number.isFinite(x)) errors[k] = 'a number is required';
    else if (x < 0 || x > 100) errors[k] = 'between 0 and 100';
    n[k] = x;
  }
  const seed = Number(v.seed);
  if (v.seed.trim() === '' || !Number.isInteger(seed) || seed < 0)
    errors.seed = 'a whole number ≥ 0 is required';
  const sum = n.train + n.val + n.test;
  if (!errors.train && !errors.val && !errors.test && Math.abs(sum - 100) > 0.01)
    errors.sum = `must add up to 100% (now ${Math.round(sum * 10) / 10}%)`;
  if (Object.keys(errors).length) return { errors };
  return { errors, config: { seed, train: n.train / 100, val: n.val / 100, test: n.test / 100 } };
}

export function SplitsControl({ current }: { current: SplitConfig }) {
  const id = useId();
  const running = useJobRunning();
  const busy = useStudio((s) => s.datasetOp);
  const [v, setV] = useState<Record<Key, string>>({
    train: pct(current.train),
    val: pct(current.val),
    test: pct(current.test),
    seed: String(current.seed),
  });
  const { errors, config } = check(v);
  const set = (k: Key, value: string) => setV((old) => ({ ...old, [k]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (config) void resplitOpen(config);
  };
  const sumId = `${id}-sum`;

  return (
    <section className="panel side-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">
        Splits
      </h2>
      <form className="split-form" onSubmit={submit} noValidate data-testid="splits-form">
        <div className="split-fields" aria-describedby={errors.sum ? sumId : undefined}>
          {(['train', 'val', 'test'] as const).map((k) => (
            <Field key={k} id={`${id}-${k}`} label={`${k[0].toUpperCase()}${k.slice(1)} %`} error={errors[k]}>
              <input
                type="number"
                className="input input-sm"
                min={0}
                max={100}
                step={1}
                value={v[k]}
                onChange={(e) => set(k, e.target.value)}
                {...fieldAria(`${id}-${k}`, errors[k])}
                aria-invalid={!!errors[k] || !!errors.sum}
              />
            </Field>
          ))}
          <Field id={`${id}-seed`} label="Seed" error={errors.seed}>
            <input
              type="number"
              className="input input-sm"
              min={0}
              step={1}
              value={v.seed}
              onChange={(e) => set('seed', e.target.value)}
              {...fieldAria(`${id}-seed`, errors.seed)}
            />
          </Field>
        </div>
        {errors.sum && (
          <p id={sumId} className="field-error">
            Percentages {errors.sum}
          </p>
        )}
        <div className="row-gap">
          <button type="submit" className="btn btn-sm" disabled={!config || running || busy !== null}>
            {busy === 'resplit' ? 'Re-splitting…' : 'Re-split'}
          </button>
          <span className="muted small">Stratified by class; same seed, same split.</span>
        </div>
      </form>
    </section>
  );
}
