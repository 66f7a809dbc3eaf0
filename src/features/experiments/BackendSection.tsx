// Backend: automatic (the fastest for this model, timed before the run) or one named, with what this
// browser offers.
import { BACKEND_NAMES } from '../../core/train/config';
import type { BackendInfo } from '../../protocol/runs';
import { BACKEND_LABELS } from '../../ui/backends';
import { Section, SelectInput } from './FormKit';

const NAMES = BACKEND_LABELS;

export function BackendSection({ backends, error }: { backends: BackendInfo[] | null; error?: string }) {
  const options = [
    { value: 'auto', label: 'Automatic (the fastest here)' },
    ...BACKEND_NAMES.map((n) => {
      const b = backends?.find((x) => x.name === n);
      return { value: n, label: b && !b.available ? `${NAMES[n]} (not available)` : NAMES[n] };
    }),
  ];
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
          <li key={b.name}>
            <span className={`dot ${b.available ? 'dot-ok' : 'dot-no'}`} aria-hidden="true" />
            <strong>{NAMES[b.name]}</strong>
            <span className="muted" title={b.detail}>
              {b.available ? b.detail || 'available' : `not available${b.detail ? `: ${b.detail}` : ''}`}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
