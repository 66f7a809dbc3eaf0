// Download the evaluation's report: the HTML page alone, or the zip with every table and the matrix PNG.
import { useState } from 'react';
import { downloadBlob, safeFileName } from '../../client/download';
import type { EvaluationRecord } from '../../protocol/evaluations';
import { toastError } from '../../state/toasts';

export type ReportKind = 'html' | 'zip';

/** build makes the file of a kind: the HTML page alone, or the zip of every file. */
export function ReportButtons({
  rec,
  build,
}: {
  rec: EvaluationRecord;
  build: (kind: ReportKind) => Promise<Blob>;
}) {
  const [busy, setBusy] = useState<ReportKind | null>(null);
  const make = async (kind: ReportKind) => {
    setBusy(kind);
    try {
      const blob = await build(kind);
      downloadBlob(blob, `${safeFileName(rec.name)}-report.${kind}`);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="toolbar report-buttons">
      <button type="button" className="btn" onClick={() => void make('html')} disabled={busy !== null}>
        {busy === 'html' ? 'Making report…' : 'Download report (HTML)'}
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => void make('zip')}
        disabled={busy !== null}
        title="report.html, report.json, a CSV of every table, samples.csv and confusion_matrix.png"
      >
        {busy === 'zip' ? 'Making files…' : 'Export all files (.zip)'}
      </button>
    </div>
  );
}
