// Every run in this browser: open, rename, delete, pick several to compare, import checkpoint files.
import { useState } from 'react';
import { hrefFor, navigate } from '../../app/routes';
import type { RunRecord } from '../../protocol/runs';
import { useStudio } from '../../state/store';
import { errorText } from '../../ui/errors';
import { CheckpointDrop } from './CheckpointDrop';
import { ImportCheckpointButton } from './ImportCheckpointButton';
import { RunRow } from './RunRow';

export function RunsScreen() {
  const runs = useStudio((s) => s.runs);
  const listError = useStudio((s) => s.runsError);
  const [picked, setPicked] = useState<string[]>([]);
  // Only runs still listed count (one may have been deleted since it was ticked).
  const selected = picked.filter((id) => runs?.some((r) => r.id === id));
  const compare = () => navigate({ name: 'compare', ids: selected });

  return (
    <CheckpointDrop>
      <div className="screen">
        <div className="screen-head">
          <div>
            <h1 className="screen-title">Runs</h1>
            <p className="screen-sub">
              Every training run in this browser. Drop a checkpoint .zip anywhere here to import it.
            </p>
          </div>
          <div className="toolbar">
            {runs && runs.length > 1 && (
              <span className="muted small num" aria-live="polite">
                {selected.length ? `${selected.length} selected` : 'Tick runs to compare them'}
              </span>
            )}
            {runs && runs.length > 1 && (
              <button
                type="button"
                className="btn"
                onClick={compare}
                disabled={selected.length < 2}
                title="Overlay the curves of the ticked runs"
              >
                Compare
              </button>
            )}
            <ImportCheckpointButton />
            <a className="btn btn-primary" href={hrefFor({ name: 'experiments' })}>
              New experiment
            </a>
          </div>
        </div>
        {listError ? (
          <p className="notice notice-error" role="alert">
            Could not list runs. {errorText(listError)}
          </p>
        ) : runs === null ? (
          <p className="muted">Loading runs…</p>
        ) : runs.length === 0 ? (
          <RunsEmpty />
        ) : (
          <RunsTable
            runs={runs}
            selected={selected}
            onSelect={(id, on) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)))}
          />
        )}
      </div>
    </CheckpointDrop>
  );
}

function RunsTable({
  runs,
  selected,
  onSelect,
}: {
  runs: RunRecord[];
  selected: string[];
  onSelect: (id: string, on: boolean) => void;
}) {
  return (
    <div className="panel table-wrap">
      <table className="table runs-table">
        <caption className="sr-only">Training runs</caption>
        <thead>
          <tr>
            <th scope="col" className="cell-check">
              <span className="sr-only">Compare</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Dataset</th>
            <th scope="col">Task</th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Best
            </th>
            <th scope="col" className="num">
              Epochs
            </th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <RunRow
              key={r.id}
              rec={r}
              selected={selected.includes(r.id)}
              onSelect={(on) => onSelect(r.id, on)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunsEmpty() {
  return (
    <div className="empty" data-testid="runs-empty">
      <div className="empty-art empty-art-chart" aria-hidden="true">
        <svg width="64" height="40" viewBox="0 0 64 40">
          <path
            d="M2 6 C14 26, 22 30, 34 32 S 54 35, 62 35"
            fill="none"
            stroke="#b8cbf5"
            strokeWidth="3"
            strokeLinecap="round"
          />
          <path d="M2 38 H62" stroke="#dfe6f5" strokeWidth="2" />
        </svg>
      </div>
      <h2>No runs yet</h2>
      <p>
        Set up an experiment on one of your datasets and press Train; its run appears here with live curves.
        Or drop a checkpoint .zip exported from Tilewright to look at it again.
      </p>
      <a className="btn btn-primary" href={hrefFor({ name: 'experiments' })}>
        Set up an experiment
      </a>
    </div>
  );
}
