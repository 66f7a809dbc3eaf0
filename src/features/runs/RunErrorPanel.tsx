// Why a run failed, what to do next, and the ways to continue it (on another backend after a lost GPU).
import type { BackendName, RunRecord } from '../../protocol/runs';
import { resumeTraining } from '../../state/runs';
import { describeError } from '../../ui/errors';
import { useStudio } from '../../state/store';

/** Where a run can go after its GPU was lost. */
const OTHER_BACKENDS: { name: BackendName; label: string }[] = [
  { name: 'webgl', label: 'WebGL' },
  { name: 'wasm', label: 'WebAssembly' },
  { name: 'cpu', label: 'CPU' },
];

export function RunErrorPanel({ rec }: { rec: RunRecord }) {
  const busy = useStudio((s) => s.live !== null);
  const err = rec.error;
  if (rec.status !== 'failed') return null;
  const coded = Object.assign(new Error(err?.message ?? ''), { code: err?.code ?? 'training-failed' });
  const { title, detail } = describeError(coded);
  const resume = (backend?: BackendName) => void resumeTraining(rec.id, backend);
  // A deleted dataset (or backbone) will not come back by retrying; the checkpoints below still export.
  const canResume = rec.datasetId !== null && err?.code !== 'not-found';
  return (
    <section
      className="notice notice-error run-error"
      role="alert"
      data-testid="run-error"
      data-code={err?.code}
    >
      <strong>{title}</strong>
      <p>{err?.message || detail}</p>
      {err?.hint && <p className="run-error-hint">{err.hint}</p>}
      {!canResume && (
        <p className="muted small">Its checkpoints are kept: export one below to keep the model.</p>
      )}
      {canResume && (
        <div className="row-gap run-error-actions">
          <button type="button" className="btn btn-sm" onClick={() => resume()} disabled={busy}>
            Resume
          </button>
          {err?.code === 'device-lost' &&
            OTHER_BACKENDS.filter((b) => b.name !== rec.summary?.backend).map((b) => (
              <button
                key={b.name}
                type="button"
                className="btn btn-sm"
                onClick={() => resume(b.name)}
                disabled={busy}
              >
                Resume on {b.label}
              </button>
            ))}
          <span className="muted small">
            {rec.checkpoints.length
              ? 'Continues from its last checkpoint.'
              : 'Starts again from the beginning.'}
          </span>
        </div>
      )}
    </section>
  );
}
