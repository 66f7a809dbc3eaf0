// Backend: automatic (the fastest for this model, timed before the run) or one named, with what this
// browser offers and, once measured, how fast a training step of this model runs on each.
import { BACKEND_NAMES } from '../../core/train/config';
import type { BackendInfo, BackendName, ProbeResult } from '../../protocol/runs';
import { BACKEND_LABELS } from '../../ui/backends';
import { Section, SelectInput } from './FormKit';
import type { BackendSpeeds } from './useExperiment';

const NAMES = BACKEND_LABELS;

interface Props {
  backends: BackendInfo[] | null;
  error?: string;
  speeds: BackendSpeeds | null;
  /** The fastest measured (marked in the list). */
  fastest?: BackendName;
  canMeasure: boolean;
  onMeasure: () => void;
}

export function BackendSection({ backends, error, speeds, fastest, canMeasure, onMeasure }: Props) {
  const options = [
    { value: 'auto', label: 'Automatic (the fastest here)' },
    ...BACKEND_NAMES.map((n) => {
      const b = backends?.find((x) => x.name === n);
      return { value: n, label: b && !b.available ? `${NAMES[n]} (not available)` : NAMES[n] };
    }),
  ];
  const measuring = speeds?.status === 'measuring';
  return (
    <Section title="Backend">
      <SelectInput
        k="backend"
        label="Backend"
        className="span-2"
        options={options}
        hint="Automatic times a training step of this model on each backend when the run starts and takes the fastest. WebAssembly runs our SIMD kernels on the CPU."
      />
      <ul className="exp-backends span-2" data-testid="backend-list" aria-label="What this browser offers">
        {backends === null && !error && <li className="muted">Asking the training worker…</li>}
        {error && <li className="field-error">{error}</li>}
        {backends?.map((b) => (
          <li key={b.name} data-backend={b.name}>
            <span className={`dot ${b.available ? 'dot-ok' : 'dot-no'}`} aria-hidden="true" />
            <strong>{NAMES[b.name]}</strong>
            <span className="muted" title={b.detail}>
              {b.available ? b.detail || 'available' : `not available${b.detail ? `: ${b.detail}` : ''}`}
            </span>
            {b.available && speeds?.results && (
              <Speed result={speeds.results.find((r) => r.name === b.name)} fastest={fastest === b.name} />
            )}
          </li>
        ))}
      </ul>
      <div className="exp-measure span-2">
        <button
          type="button"
          className="btn"
          disabled={!canMeasure || measuring || !backends}
          onClick={onMeasure}
          title={canMeasure ? undefined : 'Fix the form first: the speed depends on the model and input.'}
        >
          {measuring ? 'Measuring…' : speeds?.results ? 'Measure again' : 'Measure speed'}
        </button>
        <span className="muted" role="status" data-testid="backend-measure-status">
          {measuring
            ? 'Timing a training step of this model on each backend (a few seconds; slow backends are cut short).'
            : speeds?.status === 'error'
              ? `Could not measure: ${speeds.error}`
              : speeds?.results
                ? 'Training images/s of this model (batch of up to 8 images); ≤ marks a backend timed on its warm-up step only.'
                : 'Times a training step of this model on each backend, as Automatic does.'}
        </span>
      </div>
    </Section>
  );
}

function Speed({ result, fastest }: { result?: ProbeResult; fastest: boolean }) {
  if (!result) return null;
  if (result.imagesPerSecond === null)
    return (
      <span className="field-error" data-testid={`speed-${result.name}`} title={result.error}>
        failed
      </span>
    );
  return (
    <span className="exp-speed" data-testid={`speed-${result.name}`}>
      {result.timed ? '' : '≤ '}
      {result.imagesPerSecond.toPrecision(3)} images/s
      {fastest && <span className="badge badge-ok">fastest</span>}
    </span>
  );
}
