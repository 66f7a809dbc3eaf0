// The set-up stated before training: data, shapes, model size, backend and the step arithmetic.
import type { ReactNode } from 'react';
import type { DatasetRecord } from '../../protocol/records';
import type { BackendName, RunSummary } from '../../protocol/runs';
import { describeError } from '../../ui/errors';
import { formatCount, plural } from '../../ui/format';
import { foregroundClasses } from '../datasets/classNames';
import type { Preview } from './usePreview';
import { BACKEND_LABELS } from '../../ui/backends';

interface Props {
  dataset: DatasetRecord | undefined;
  preview: Preview;
  /** Fields with errors: the worker is not asked until they are fixed. */
  invalid: boolean;
  /** Backend Automatic picks at the run's start; `fastest` is what the backend panel measured, if it did. */
  auto?: { fastest?: BackendName };
}

export function SetupSummary({ dataset, preview, invalid, auto }: Props) {
  const { summary, error, pending } = preview;
  let body: ReactNode;
  if (invalid)
    body = <p className="exp-summary-msg muted">Fix the fields marked in red to see the set-up.</p>;
  else if (error && !pending) {
    const { title, detail } = describeError(error);
    body = (
      <div className="notice notice-error exp-notice" role="alert" data-testid="preview-error">
        <strong>{title}</strong>
        <span>{detail}</span>
      </div>
    );
  } else if (summary) body = <SummaryFacts s={summary} auto={auto} />;
  else body = <p className="exp-summary-msg muted">Building the model to count its parameters…</p>;

  return (
    <section
      className={`panel exp-summary ${pending && summary ? 'exp-summary-stale' : ''}`}
      data-testid="setup-summary"
      aria-busy={pending}
      aria-labelledby="setup-summary-title"
    >
      <header className="panel-head">
        <h2 id="setup-summary-title">Set-up</h2>
        {pending && !invalid && <span className="badge badge-info">Updating…</span>}
        {!pending && summary && !invalid && !error && <span className="badge badge-ok">Ready</span>}
      </header>
      {dataset && !summary && (
        <p className="exp-summary-dataset">
          <strong>{dataset.name}</strong>{' '}
          <span className="muted">
            {plural(dataset.count, 'image')} · {plural(foregroundClasses(dataset).length, 'class', 'classes')}
          </span>
        </p>
      )}
      {body}
    </section>
  );
}

function SummaryFacts({ s, auto }: { s: RunSummary; auto?: Props['auto'] }) {
  const rows: [string, ReactNode][] = [
    ['Dataset', s.dataset.name],
    [
      'Split',
      <span className="row-gap">
        <span className="badge badge-split-train">train {formatCount(s.dataset.train)}</span>
        <span className="badge badge-split-val">val {formatCount(s.dataset.val)}</span>
      </span>,
    ],
    [
      'Classes',
      <span title={s.classes.join(', ')}>
        {formatCount(s.classes.length)}
        <span className="muted">
          {' '}
          · {s.classes.slice(0, 4).join(', ')}
          {s.classes.length > 4 ? ', …' : ''}
        </span>
      </span>,
    ],
    ['Input shape', <span className="num">{s.inputShape.join(' × ')}</span>],
    ['Model', s.model],
    [
      'Parameters',
      <span className="num">
        {formatCount(s.params.total)}{' '}
        <span className="muted">
          ({s.params.trainable === s.params.total ? 'all' : formatCount(s.params.trainable)} trainable)
        </span>
      </span>,
    ],
    [
      'Backend',
      auto ? (
        <span data-testid="setup-backend">
          Automatic
          <span className="muted">
            {auto.fastest
              ? ` · ${BACKEND_LABELS[auto.fastest]}, fastest when measured`
              : ' · the fastest, timed when the run starts'}
          </span>
        </span>
      ) : (
        <span data-testid="setup-backend">
          {BACKEND_LABELS[s.backend] ?? s.backend}
          {s.adapter && <span className="muted"> · {s.adapter}</span>}
        </span>
      ),
    ],
    ['Batch size', <span className="num">{formatCount(s.batchSize)}</span>],
    [
      'Effective batch',
      <span className="num">
        {formatCount(s.effectiveBatch)}
        {s.effectiveBatch !== s.batchSize && (
          <span className="muted">
            {' '}
            ({formatCount(s.batchSize)} × {formatCount(s.effectiveBatch / s.batchSize)})
          </span>
        )}
      </span>,
    ],
    ['Steps per epoch', <span className="num">{formatCount(s.stepsPerEpoch)}</span>],
    ['Total steps', <span className="num">{formatCount(s.totalSteps)}</span>],
  ];
  return (
    <dl className="facts facts-stacked exp-summary-facts">
      {rows.map(([k, v]) => (
        <div key={k} data-fact={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
