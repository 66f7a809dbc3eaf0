// The list of datasets, with everything that makes a new one: generate, import (buttons or drop).
import { useState } from 'react';
import { useStudio } from '../../state/store';
import { GenerateDialog } from '../generate/GenerateDialog';
import { useJobRunning } from '../jobs/useJobRunning';
import { errorText } from '../../ui/errors';
import { SparkIcon } from '../../ui/icons';
import { DatasetTable } from './DatasetTable';
import { DropZone } from './DropZone';
import { EmptyState } from './EmptyState';
import { ImportButtons } from './ImportButtons';
import { ImportReportPanel } from './ImportReportPanel';
import { StorageBar } from './StorageBar';

export function DatasetsScreen() {
  const datasets = useStudio((s) => s.datasets);
  const listError = useStudio((s) => s.datasetsError);
  const running = useJobRunning();
  const [generating, setGenerating] = useState(false);
  const openGenerate = () => setGenerating(true);

  return (
    <DropZone>
      <div className="screen">
        <div className="screen-head">
          <div>
            <h1 className="screen-title">Datasets</h1>
            <p className="screen-sub">
              Stored in this browser. Drop a folder or a .zip anywhere on this screen to import it.
            </p>
          </div>
          <div className="toolbar">
            <button type="button" className="btn btn-primary" onClick={openGenerate} disabled={running}>
              <SparkIcon />
              Generate shapes
            </button>
            <ImportButtons />
          </div>
        </div>
        <StorageBar />
        <ImportReportPanel />
        {listError ? (
          <p className="notice notice-error" role="alert">
            Could not list datasets. {errorText(listError)}
          </p>
        ) : datasets === null ? (
          <p className="muted">Loading datasets…</p>
        ) : datasets.length === 0 ? (
          <EmptyState onGenerate={openGenerate} />
        ) : (
          <DatasetTable datasets={datasets} />
        )}
      </div>
      {generating && <GenerateDialog mode={{ kind: 'new' }} onClose={() => setGenerating(false)} />}
    </DropZone>
  );
}
