// One evaluation: where it came from, its headline numbers, the confusion matrix, and the gallery of
// mistakes with attribution maps. Clicking a matrix cell lists exactly that cell's samples.
import { useMemo, useState, type ReactNode } from 'react';
import { hrefFor, navigate } from '../../app/routes';
import { evaluationMetrics } from '../../core/evaluate/evaluationMetrics';
import {
  calibrationTable,
  reliabilityChart,
  reportTable,
  summaryTable,
} from '../../core/evaluate/reportTables';
import { sampleRows } from '../../core/evaluate/sampleRows';
import { isSegmentation, type EvaluationRecord, type EvaluationSamples } from '../../protocol/evaluations';
import { deleteEvaluation } from '../../state/evaluations';
import { ConfirmDeleteButton } from '../../ui/ConfirmDeleteButton';
import { errorText } from '../../ui/errors';
import { formatCount, formatDate } from '../../ui/format';
import { ChevronLeft } from '../../ui/icons';
import { ClassificationReportPanel } from './ClassificationReportPanel';
import { ConfusionMatrix } from './ConfusionMatrix';
import { checkpointText, SPLIT_LABELS } from './evaluationFacts';
import { MistakesGallery, type GalleryFilter } from './MistakesGallery';
import { ReliabilityDiagram } from './ReliabilityDiagram';
import { ReportButtons, type ReportKind } from './ReportButtons';
import { reportHtmlBlob, reportZipBlob } from './reportFiles';
import { SegmentationBody } from './segmentation/SegmentationBody';
import { useEvaluationRecord, useEvaluationSamples } from './useEvaluation';

export function EvaluationPage({ id }: { id: string }) {
  const rec = useEvaluationRecord(id);
  if (rec === undefined)
    return (
      <div className="screen">
        <p className="muted" role="status">
          Loading evaluation…
        </p>
      </div>
    );
  if (rec === null)
    return (
      <div className="screen">
        <div className="notice notice-error" role="alert">
          <strong>This evaluation does not exist</strong>
          <p>It may have been deleted, perhaps in another tab.</p>
          <a href="#/evaluations">Back to evaluations</a>
        </div>
      </div>
    );
  return <EvaluationView rec={rec} />;
}

function EvaluationView({ rec }: { rec: EvaluationRecord }) {
  const samples = useEvaluationSamples(rec.id);
  return (
    <div className="runpage" data-testid="evaluation-page" data-id={rec.id}>
      <EvaluationHeader rec={rec} />
      <div className="runpage-body">
        {samples.state === 'loading' && (
          <p className="muted" role="status">
            Reading {formatCount(rec.samples)} scored samples…
          </p>
        )}
        {samples.state === 'error' && (
          <p className="notice notice-error" role="alert">
            Could not read this evaluation's samples. {errorText(samples.error)}
          </p>
        )}
        {samples.state === 'ready' &&
          (isSegmentation(samples.value) ? (
            <SegmentationBody
              rec={rec}
              samples={samples.value}
              headline={(build) => <Headline rec={rec} build={build} />}
            />
          ) : (
            <EvaluationBody rec={rec} samples={samples.value} />
          ))}
      </div>
    </div>
  );
}

function EvaluationHeader({ rec }: { rec: EvaluationRecord }) {
  return (
    <header className="page-head">
      <div className="page-head-main">
        <a className="back" href={hrefFor({ name: 'evaluations' })}>
          <ChevronLeft />
          Evaluation
        </a>
        <div className="title-line">
          <h1 className="screen-title" data-testid="evaluation-name">
            {rec.name}
          </h1>
        </div>
        <p className="screen-sub">
          {checkpointText(rec)} · {rec.dataset.name}, {SPLIT_LABELS[rec.split]} · {formatCount(rec.samples)}{' '}
          samples
          {rec.skipped ? ` (${formatCount(rec.skipped)} without a label left out)` : ''} · {rec.backend},{' '}
          {rec.seconds.toFixed(1)} s · {formatDate(rec.createdAt)}
        </p>
      </div>
      <div className="toolbar">
        {rec.runId && (
          <a className="btn" href={hrefFor({ name: 'run', id: rec.runId })}>
            Open run
          </a>
        )}
        <ConfirmDeleteButton
          name={rec.name}
          onConfirm={() => deleteEvaluation(rec).then(() => navigate({ name: 'evaluations' }))}
        >
          <p>This removes the evaluation and its scored samples. The run and its checkpoints stay.</p>
        </ConfirmDeleteButton>
      </div>
    </header>
  );
}

function EvaluationBody({ rec, samples }: { rec: EvaluationRecord; samples: EvaluationSamples }) {
  const multilabel = rec.task === 'multilabel';
  const k = rec.classes.length;
  const rows = useMemo(
    () => sampleRows(samples, k, multilabel, rec.threshold),
    [samples, k, multilabel, rec.threshold],
  );
  const metrics = useMemo(
    () => evaluationMetrics(rows, samples.probs, rec.classes, multilabel),
    [rows, samples.probs, rec.classes, multilabel],
  );
  const { report, calibration } = metrics;
  const cm = 'confusion_matrix' in report ? report.confusion_matrix : null;
  const parts = useMemo(
    () => ({
      rows,
      confusion: cm,
      tables: [
        reportTable(report),
        summaryTable(report),
        ...(calibration ? [calibrationTable(calibration)] : []),
      ],
      charts: calibration ? [reliabilityChart(calibration)] : [],
    }),
    [rows, cm, report, calibration],
  );
  const [filter, setFilter] = useState<GalleryFilter>({ kind: 'mistakes' });
  const selected = filter.kind === 'pair' ? filter.pair : null;
  const wrong = rows.filter((r) => !r.correct).length;
  return (
    <>
      <Headline
        rec={rec}
        build={(kind) => (kind === 'html' ? reportHtmlBlob(rec, parts) : reportZipBlob(rec, parts))}
      >
        <div className="headline-item" data-metric="mistakes">
          <span className="headline-value num">{formatCount(wrong)}</span>
          <span className="headline-name">mistakes of {formatCount(rows.length)}</span>
        </div>
      </Headline>
      <ClassificationReportPanel report={report} />
      {cm && (
        <ConfusionMatrix
          cm={cm}
          classes={rec.classes}
          selected={selected}
          onSelect={(pair) => setFilter({ kind: 'pair', pair })}
        />
      )}
      {calibration && <ReliabilityDiagram calibration={calibration} />}
      <MistakesGallery
        evaluationId={rec.id}
        evaluationName={rec.name}
        datasetId={rec.dataset.id}
        rows={rows}
        classes={rec.classes}
        probs={samples.probs}
        filter={filter}
        onFilter={setFilter}
      />
    </>
  );
}

/** The evaluation's headline numbers, and the buttons that export its report. */
function Headline({
  rec,
  build,
  children,
}: {
  rec: EvaluationRecord;
  build: (kind: ReportKind) => Promise<Blob>;
  children?: ReactNode;
}) {
  return (
    <section className="panel headline" aria-label="Headline numbers" data-testid="evaluation-headline">
      {Object.entries(rec.headline).map(([name, v]) => (
        <div key={name} className="headline-item" data-metric={name}>
          <span className="headline-value num">{v === null ? '—' : `${(v * 100).toFixed(1)}%`}</span>
          <span className="headline-name">{HEADLINE_NAMES[name] ?? name}</span>
        </div>
      ))}
      {children}
      <ReportButtons rec={rec} build={build} />
    </section>
  );
}

const HEADLINE_NAMES: Record<string, string> = {
  mean_iou: 'mean IoU',
  mean_dice: 'mean Dice',
  pixel_accuracy: 'pixel accuracy',
  accuracy: 'accuracy',
  macro_f1: 'macro F1',
  micro_f1: 'micro F1',
  map: 'mAP',
  subset_accuracy: 'subset accuracy',
};
