// The run's checkpoint files: which, when, how good, how large; each exports as the zip it is stored as.
import { useState } from 'react';
import type { CheckpointInfo, RunRecord } from '../../protocol/runs';
import { downloadCheckpoint } from '../../state/runs';
import { formatBytes, formatCount, formatDate } from '../../ui/format';
import { formatMetric, metricLabel } from './runFacts';
import { useCheckpoints } from './useRunData';

const KIND_TEXT: Record<CheckpointInfo['kind'], { text: string; help: string }> = {
  best: { text: 'best', help: 'Where the monitored metric was best so far.' },
  last: { text: 'last', help: 'Where the run stood most recently; Resume continues from here.' },
  epoch: { text: 'epoch', help: 'Kept every N epochs.' },
};

export function CheckpointsTable({ rec }: { rec: RunRecord }) {
  const checkpoints = useCheckpoints(rec);
  const [exporting, setExporting] = useState<string | null>(null);
  const rows = [...checkpoints].sort((a, b) => b.step - a.step || a.kind.localeCompare(b.kind));
  const monitor = rec.config.monitor.metric;
  const exportOne = async (info: CheckpointInfo) => {
    setExporting(info.key);
    try {
      await downloadCheckpoint(info, rec);
    } finally {
      setExporting(null);
    }
  };
  return (
    <section className="panel" aria-labelledby="checkpoints-title">
      <header className="panel-head">
        <h2 id="checkpoints-title">Checkpoints</h2>
        <span className="muted small">A zip: tfjs model, config.json, metrics.csv, meta.json</span>
      </header>
      {rows.length === 0 ? (
        <p className="panel-empty muted" data-testid="checkpoints-table" data-count={0}>
          No checkpoint yet: the first is written at the end of the first epoch.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="checkpoints-table" data-count={rows.length}>
            <caption className="sr-only">Checkpoints of {rec.name}</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Epoch
                </th>
                <th scope="col" className="num">
                  Step
                </th>
                <th scope="col" className="num">
                  {metricLabel(monitor)}
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Saved</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.key} data-testid="checkpoint-row" data-kind={c.kind} data-step={c.step}>
                  <td>
                    <span
                      className={`badge ${c.kind === 'best' ? 'badge-ok' : ''}`}
                      title={KIND_TEXT[c.kind].help}
                    >
                      {KIND_TEXT[c.kind].text}
                    </span>
                  </td>
                  <td className="num">{formatCount(c.epoch)}</td>
                  <td className="num">{formatCount(c.step)}</td>
                  <td className="num">{formatMetric(monitor, c.metric)}</td>
                  <td className="num">{formatBytes(c.bytes)}</td>
                  <td className="muted nowrap">{formatDate(c.createdAt)}</td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => void exportOne(c)}
                      disabled={exporting === c.key}
                      title="Download this checkpoint as a zip"
                    >
                      Export
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
