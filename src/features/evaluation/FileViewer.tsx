// A file opened to look at: a checkpoint (its model, experiment config and training history, and a way
// to evaluate it on a dataset) or a metrics CSV (every metric plotted). Nothing is stored or trained.
import { useMemo } from 'react';
import { hrefFor } from '../../app/routes';
import { downloadBlob, safeFileName } from '../../client/download';
import { historyTable } from '../../core/train/history';
import type { OpenedFile } from '../../state/evaluationsSlice';
import { useStudio } from '../../state/store';
import { formatCount, formatDate } from '../../ui/format';
import { ChevronLeft } from '../../ui/icons';
import { MetricsPlots } from '../metrics/MetricsPlots';
import { EvaluateForm } from './EvaluateForm';
import { ModelLayers } from './ModelLayers';
import { OpenFileButton } from './OpenFileButton';

export function FileViewer() {
  const opened = useStudio((s) => s.opened);
  return (
    <div className="runpage" data-testid="file-viewer">
      <header className="page-head">
        <div className="page-head-main">
          <a className="back" href={hrefFor({ name: 'evaluations' })}>
            <ChevronLeft />
            Evaluation
          </a>
          <div className="title-line">
            <h1 className="screen-title" data-testid="viewer-title">
              {opened ? opened.fileName : 'Open a file'}
            </h1>
          </div>
          <p className="screen-sub">
            {opened?.kind === 'checkpoint'
              ? 'A checkpoint: its model, experiment config and training history. Nothing is stored until you evaluate it.'
              : opened?.kind === 'metrics'
                ? `A metrics log: ${formatCount(opened.table.rows.length)} rows, ${opened.table.columns.length} columns.`
                : 'A checkpoint .zip (from Tilewright) or a metrics.csv (Tilewright or PyTorch Lightning).'}
          </p>
        </div>
        <div className="toolbar">
          <OpenFileButton primary={!opened} />
        </div>
      </header>
      <div className="runpage-body">
        {!opened && (
          <div className="empty">
            <h2>Nothing opened</h2>
            <p>
              Open a checkpoint to see its model, config and history and evaluate it, or a metrics CSV to plot
              every metric against step and epoch. Files are read here, in the browser.
            </p>
          </div>
        )}
        {opened?.kind === 'metrics' && <MetricsPlots table={opened.table} title="Metrics" />}
        {opened?.kind === 'checkpoint' && <CheckpointView file={opened} />}
      </div>
    </div>
  );
}

function CheckpointView({ file }: { file: Extract<OpenedFile, { kind: 'checkpoint' }> }) {
  const { meta, config, history } = file.contents;
  const table = useMemo(() => historyTable(history), [history]);
  const configText = JSON.stringify(config, null, 2);
  return (
    <>
      <section className="panel" aria-label="Checkpoint" data-testid="checkpoint-facts">
        <dl className="facts facts-grid viewer-facts">
          <div>
            <dt>Run</dt>
            <dd>{meta.run.name}</dd>
          </div>
          <div>
            <dt>Checkpoint</dt>
            <dd>
              {meta.kind}, epoch {meta.position.epoch}, step {meta.position.step}
            </dd>
          </div>
          <div>
            <dt>Task</dt>
            <dd>{meta.task}</dd>
          </div>
          <div>
            <dt>Classes</dt>
            <dd title={meta.classes.join(', ')}>
              {meta.classes.length}: {meta.classes.slice(0, 6).join(', ')}
              {meta.classes.length > 6 ? ', …' : ''}
            </dd>
          </div>
          <div>
            <dt>Input</dt>
            <dd>{meta.inputShape.join(' × ')}</dd>
          </div>
          <div>
            <dt>Trained on</dt>
            <dd>
              {meta.dataset.name} ({formatCount(meta.split.train.length)} train,{' '}
              {formatCount(meta.split.val.length)} val), {meta.backend}
            </dd>
          </div>
          <div>
            <dt>Saved</dt>
            <dd>{formatDate(meta.createdAt)}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="viewer-evaluate-title">
        <header className="panel-head">
          <h2 id="viewer-evaluate-title">Evaluate</h2>
          <span className="muted small">The evaluation keeps a copy of this checkpoint</span>
        </header>
        <div className="panel-body">
          <EvaluateForm
            choices={[
              {
                label: file.fileName,
                source: { kind: 'file', fileName: file.fileName, bytes: file.bytes },
              },
            ]}
            datasetId={null}
            subject={file.fileName}
          />
        </div>
      </section>
      <ModelLayers bytes={file.bytes} fileName={file.fileName} />
      <MetricsPlots table={table} title="Training history" testId="checkpoint-history" />
      <section className="panel" aria-labelledby="viewer-config-title">
        <header className="panel-head">
          <h2 id="viewer-config-title">Experiment config</h2>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() =>
              downloadBlob(
                new Blob([configText + '\n'], { type: 'application/json' }),
                `${safeFileName(meta.run.name)}-config.json`,
              )
            }
          >
            Download config.json
          </button>
        </header>
        <pre className="config-json" data-testid="checkpoint-config">
          {configText}
        </pre>
      </section>
    </>
  );
}
