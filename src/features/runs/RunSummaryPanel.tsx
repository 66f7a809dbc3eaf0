// The set-up of a run as the worker stated it before training: data, model, backend, batch.
import type { ReactNode } from 'react';
import type { ProbeResult, RunRecord, RunSummary } from '../../protocol/runs';
import { formatCount, plural } from '../../ui/format';
import { TASK_TEXT, formatLr } from './runFacts';
import { useRunSummary } from './useRunData';
import { BACKEND_LABELS } from '../../ui/backends';

export function RunSummaryPanel({ rec }: { rec: RunRecord }) {
  const summary = useRunSummary(rec);
  const c = rec.config;
  return (
    <section className="panel run-summary" data-testid="run-summary" aria-labelledby="run-summary-title">
      <header className="panel-head">
        <h2 id="run-summary-title">Set-up</h2>
        {!summary && <span className="muted small">The worker states the full set-up when it starts.</span>}
      </header>
      <dl className="facts run-facts">
        <Fact label="Dataset">
          {summary ? (
            <>
              {rec.datasetId ? (
                <a href={`#/datasets/${encodeURIComponent(rec.datasetId)}`}>{summary.dataset.name}</a>
              ) : (
                summary.dataset.name
              )}
              <span className="fact-sub num">
                {formatCount(summary.dataset.train)} train · {formatCount(summary.dataset.val)} val
              </span>
            </>
          ) : (
            c.dataset_name
          )}
        </Fact>
        <Fact label="Task">{TASK_TEXT[c.task]}</Fact>
        {summary && (
          <Fact label="Classes">
            <span className="num">{summary.classes.length}</span>
            <span className="fact-sub" title={summary.classes.join(', ')}>
              {classesPreview(summary)}
            </span>
          </Fact>
        )}
        <Fact label="Input" testId="summary-input">
          <span className="num">
            {summary ? summary.inputShape.join(' × ') : `${c.input_size} × ${c.input_size}`}
          </span>
          {summary && <span className="fact-sub">height × width × channels</span>}
        </Fact>
        <Fact label="Model" testId="summary-model">
          {summary?.model ?? c.model.name}
          {summary && (
            <span className="fact-sub num" data-testid="summary-params">
              {plural(summary.params.total, 'parameter')}
              {summary.params.trainable !== summary.params.total
                ? ` · ${formatCount(summary.params.trainable)} trainable`
                : ''}
            </span>
          )}
        </Fact>
        <Fact label="Backend" testId="summary-backend">
          {summary ? (
            <>
              <span data-backend={summary.backend}>{BACKEND_LABELS[summary.backend]}</span>
              {summary.adapter && (
                <span className="fact-sub" title={summary.adapter}>
                  {summary.adapter}
                </span>
              )}
              {summary.probe && (
                <span
                  className="fact-sub"
                  data-testid="summary-probe"
                  title={`chosen by speed: ${summary.probe.map(probeRate).join(' · ')}`}
                >
                  chosen by speed: {summary.probe.map(probeRate).join(' · ')}
                </span>
              )}
            </>
          ) : (
            c.backend
          )}
        </Fact>
        <Fact label="Batch">
          <span className="num">
            {c.grad_accum_steps > 1
              ? `${c.batch_size} × ${c.grad_accum_steps} = ${c.batch_size * c.grad_accum_steps}`
              : c.batch_size}
          </span>
          <span className="fact-sub">
            {c.grad_accum_steps > 1 ? 'effective, with gradient accumulation' : 'images per step'}
          </span>
        </Fact>
        <Fact label="Schedule">
          <span className="num">
            {plural(c.epochs, 'epoch')}
            {summary ? ` × ${formatCount(summary.stepsPerEpoch)} steps` : ''}
          </span>
          {summary && <span className="fact-sub num">{formatCount(summary.totalSteps)} steps in all</span>}
        </Fact>
        <Fact label="Optimiser">
          <span className="num">
            {c.optimizer.name} · lr {formatLr(c.learning_rate)}
          </span>
          <span className="fact-sub">{c.scheduler.name} schedule</span>
        </Fact>
        <Fact label="Seed">
          <span className="num">{c.random_seed}</span>
        </Fact>
      </dl>
    </section>
  );
}

function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function classesPreview(s: RunSummary): string {
  return s.classes.slice(0, 4).join(', ') + (s.classes.length > 4 ? ', …' : '');
}

/** "WebAssembly 63.3 images/s", "WebGL ≤ 3.17 images/s" (warm-up only), "WebGPU failed". */
function probeRate(p: ProbeResult): string {
  if (p.imagesPerSecond === null) return `${BACKEND_LABELS[p.name]} failed`;
  return `${BACKEND_LABELS[p.name]} ${p.timed ? '' : '≤ '}${p.imagesPerSecond.toPrecision(3)} images/s`;
}
