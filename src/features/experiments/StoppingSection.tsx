// Stopping and checkpoints: early stopping on a monitored metric, and which checkpoints are kept.
import type { MonitorMetric } from '../../core/train/config';
import { CheckInput, NumberInput, Section, SelectInput, useFormKit } from './FormKit';
import { METRIC_LABELS, metricsFor } from './formModel';

export function StoppingSection() {
  const { values } = useFormKit();
  const early = values['early_stopping.enabled'];
  return (
    <Section title="Stopping and checkpoints">
      <div className="field exp-check-field span-all">
        <CheckInput k="early_stopping.enabled" label="Stop early when the monitored metric stops improving" />
      </div>
      <SelectInput
        k="monitor.metric"
        label="Monitored metric"
        hint="Picks the best checkpoint too."
        options={metricsFor(values.task).map((m) => ({ value: m, label: METRIC_LABELS[m as MonitorMetric] }))}
      />
      <SelectInput
        k="monitor.mode"
        label="Better when"
        options={[
          { value: 'min', label: 'Lower (min)' },
          { value: 'max', label: 'Higher (max)' },
        ]}
      />
      <NumberInput
        k="early_stopping.patience"
        label="Patience"
        unit="epochs"
        min={1}
        step={1}
        disabled={!early}
        hint="Without improvement, then stop."
      />
      <NumberInput
        k="early_stopping.min_delta"
        label="Minimum change"
        min={0}
        disabled={!early}
        hint="Smaller changes do not count."
      />
      <div className="exp-divider span-all" />
      <fieldset className="subfield span-2">
        <legend>Checkpoints kept</legend>
        <div className="checks">
          <CheckInput k="checkpoint.save_best" label="The best" />
          <CheckInput k="checkpoint.save_last" label="The last" />
        </div>
      </fieldset>
      <NumberInput
        k="checkpoint.every_n_epochs"
        label="Also keep every"
        unit="epochs"
        min={0}
        step={1}
        hint="0 keeps none extra."
      />
      <NumberInput
        k="checkpoint.last_every_minutes"
        label="Refresh the last every"
        unit="min"
        min={0}
        max={1440}
        step={1}
        hint="Mid-epoch, so a closed tab loses little; 0: epoch ends only."
      />
    </Section>
  );
}
