// Set up a training run: pick a dataset, fill in the config (or import one), read the set-up, train.
import { useId, useMemo, type ReactNode } from 'react';
import { stepsPerEpoch } from '../../core/train/config';
import type { DatasetRecord } from '../../protocol/records';
import { useStudio } from '../../state/store';
import { errorText } from '../../ui/errors';
import { BackendSection } from './BackendSection';
import { ConfigDrop } from './ConfigDrop';
import { ConfigFileButtons, ImportProblemsPanel } from './ConfigFileButtons';
import { DataSection } from './DataSection';
import { FormProvider, type FormKit } from './FormKit';
import { unplacedErrors } from './formModel';
import { LrChart } from './LrChart';
import { ModelSection } from './ModelSection';
import { OptimisationSection } from './OptimisationSection';
import { SegmentationSection } from './SegmentationSection';
import { SetupSummary } from './SetupSummary';
import { StoppingSection } from './StoppingSection';
import { TrainPanel } from './TrainPanel';
import { useExperiment } from './useExperiment';
import { usePreview } from './usePreview';

export function ExperimentsScreen({ datasetId }: { datasetId?: string }) {
  const datasets = useStudio((s) => s.datasets);
  const listError = useStudio((s) => s.datasetsError);
  const ready = useMemo(() => datasets?.filter((d) => d.status === 'ready') ?? null, [datasets]);

  if (listError)
    return (
      <div className="screen">
        <p className="notice notice-error" role="alert">
          Could not list datasets. {errorText(listError)}
        </p>
      </div>
    );
  if (ready === null)
    return (
      <div className="screen">
        <p className="muted">Loading datasets…</p>
      </div>
    );
  if (ready.length === 0) return <NoDatasets />;
  return <ExperimentSetup datasets={ready} linkedId={datasetId} />;
}

function NoDatasets() {
  return (
    <div className="screen">
      <ScreenHead />
      <div className="empty" data-testid="experiments-empty">
        <div className="empty-art" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </div>
        <h2>No dataset to train on yet</h2>
        <p>
          Generate a synthetic shapes dataset, or import an ImageFolder, image + mask or COCO dataset first.
        </p>
        <a className="btn btn-primary" href="#/datasets">
          Go to datasets
        </a>
      </div>
    </div>
  );
}

function ScreenHead({ children }: { children?: ReactNode }) {
  return (
    <div className="screen-head">
      <div>
        <h1 className="screen-title">Experiments</h1>
        <p className="screen-sub">
          Set up a training run. The config is saved with the run and in every checkpoint; drop a config .json
          anywhere here to load one.
        </p>
      </div>
      {children && <div className="toolbar">{children}</div>}
    </div>
  );
}

function ExperimentSetup({ datasets, linkedId }: { datasets: DatasetRecord[]; linkedId?: string }) {
  const uid = useId();
  const x = useExperiment(datasets, linkedId);
  const preview = usePreview(x.config, x.dataset.id);
  const errorCount = Object.keys(x.errors).length;

  // A preview error that names a field is shown beside it too.
  const subject = (preview.error as { subject?: unknown } | undefined)?.subject;
  const errors = useMemo(() => {
    if (preview.pending || typeof subject !== 'string' || !(subject in x.values)) return x.errors;
    return { [subject]: (preview.error as Error).message, ...x.errors };
  }, [preview.pending, preview.error, subject, x.errors, x.values]);

  const kit: FormKit = { values: x.values, errors, change: x.change, id: (k) => `${uid}-${k}` };

  // Steps for the learning-rate curve: the worker's split size once known, an estimate until then.
  const known = preview.summary?.dataset.id === x.dataset.id ? preview.summary.dataset.train : undefined;
  const trainSize = known ?? Math.max(1, Math.round(x.dataset.count * x.dataset.split.train));
  const perEpoch = x.config ? stepsPerEpoch(x.config, trainSize) : undefined;

  const backbone = x.backbones?.find((b) => b.id === x.values['model.backbone']);
  const pretrained = x.values['model.name'] === 'pretrained';

  return (
    <ConfigDrop onFiles={x.dropFiles}>
      <div className="screen exp-screen">
        <ScreenHead>
          <ConfigFileButtons
            onImport={(f) => void x.importConfig(f)}
            onExport={x.exportConfig}
            canExport={!!x.config}
          />
        </ScreenHead>
        {x.importProblems && (
          <ImportProblemsPanel report={x.importProblems} onDismiss={x.dismissImportProblems} />
        )}
        <FormProvider value={kit}>
          <form
            className="exp-layout"
            data-testid="experiment-form"
            noValidate
            onSubmit={(e) => e.preventDefault()}
          >
            <div className="exp-sections">
              <DataSection
                datasets={datasets}
                datasetId={x.dataset.id}
                onPickDataset={x.pickDataset}
                datasetNote={x.datasetNote}
                backboneSize={pretrained ? backbone?.inputShape[0] : undefined}
              />
              <ModelSection
                backbones={x.backbones}
                backboneImport={x.backboneImport}
                onImportBackbone={(files) => void x.addBackbone(files)}
              />
              {x.values.task === 'segmentation' && <SegmentationSection />}
              <OptimisationSection
                lrChart={
                  <LrChart config={x.config} stepsPerEpoch={perEpoch} estimated={known === undefined} />
                }
              />
              <StoppingSection />
              <BackendSection
                backends={x.backends}
                error={x.backendsError}
                speeds={x.speeds}
                fastest={x.fastest}
                canMeasure={x.canMeasure}
                onMeasure={x.measureSpeeds}
              />
            </div>
            <aside className="exp-side">
              <SetupSummary
                dataset={x.dataset}
                preview={preview}
                invalid={!x.config}
                auto={x.config?.backend === 'auto' ? { fastest: x.fastest } : undefined}
              />
              <TrainPanel
                config={x.config}
                datasetId={x.dataset.id}
                errorCount={errorCount}
                previewFailed={!!preview.error && !preview.pending}
                unplaced={unplacedErrors(x.values, x.errors)}
                measured={x.speeds?.status === 'done' ? x.speeds.results : undefined}
              />
            </aside>
          </form>
        </FormProvider>
      </div>
    </ConfigDrop>
  );
}
