// Optimisation: optimiser and its parameters, learning rate and its schedule, epochs, batches, clipping.
import type { ReactNode } from 'react';
import { CheckInput, NumberInput, Section, SelectInput, useFormKit } from './FormKit';
import { optimizerFields, schedulerFields, type BoolField, type NumberField } from './formModel';

const OPTIMIZERS = [
  { value: 'adamw', label: 'AdamW (decoupled weight decay)' },
  { value: 'adam', label: 'Adam' },
  { value: 'sgd', label: 'SGD' },
];
const SCHEDULERS = [
  { value: 'constant', label: 'Constant' },
  { value: 'step', label: 'Step decay' },
  { value: 'cosine', label: 'Cosine, with warm-up' },
  { value: 'onecycle', label: 'One-cycle' },
];

type ParamProps = {
  label: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  unit?: string;
  hint?: string;
};
const PARAMS: Partial<Record<NumberField, ParamProps>> = {
  'optimizer.beta1': { label: 'Beta 1', min: 0, max: 0.999, step: 0.01 },
  'optimizer.beta2': { label: 'Beta 2', min: 0, max: 0.9999, step: 0.001 },
  'optimizer.eps': { label: 'Epsilon', min: 0, max: 1 },
  'optimizer.momentum': { label: 'Momentum', min: 0, max: 0.999, step: 0.05 },
  'scheduler.warmup_steps': { label: 'Warm-up', min: 0, step: 1, unit: 'steps', hint: 'Linear rise from 0.' },
  'scheduler.min_lr': { label: 'Minimum LR', min: 0, hint: 'Reached at the last step.' },
  'scheduler.step_epochs': { label: 'Decay every', min: 1, step: 1, unit: 'epochs' },
  'scheduler.gamma': {
    label: 'Decay factor',
    min: 0,
    max: 1,
    step: 0.05,
    hint: 'The rate is multiplied by it.',
  },
  'scheduler.pct_start': {
    label: 'Rising fraction',
    min: 0.05,
    max: 0.95,
    step: 0.05,
    hint: 'Of all steps.',
  },
  'scheduler.div_factor': { label: 'Start divisor', min: 1, hint: 'Starts at LR ÷ this.' },
  'scheduler.final_div_factor': { label: 'Final divisor', min: 1, hint: 'Ends at start ÷ this.' },
};
const BOOL_PARAMS: Partial<Record<BoolField, string>> = { 'optimizer.nesterov': 'Nesterov momentum' };

function Param({ k }: { k: NumberField | BoolField }) {
  const bool = BOOL_PARAMS[k as BoolField];
  if (bool)
    return (
      <div className="field exp-check-field">
        <CheckInput k={k as BoolField} label={bool} />
      </div>
    );
  const p = PARAMS[k as NumberField];
  return p ? <NumberInput k={k as NumberField} {...p} /> : null;
}

export function OptimisationSection({ lrChart }: { lrChart: ReactNode }) {
  const { values } = useFormKit();
  return (
    <Section title="Optimisation">
      <SelectInput k="optimizer.name" label="Optimizer" className="span-2" options={OPTIMIZERS} />
      <NumberInput
        k="learning_rate"
        label="Learning rate"
        min={0}
        max={10}
        hint="Peak rate of the schedule."
      />
      <NumberInput
        k="optimizer.weight_decay"
        label="Weight decay"
        min={0}
        max={1}
        step={0.001}
        hint={
          values['optimizer.name'] === 'adamw' ? 'Decoupled from the gradient.' : 'L2, added to the gradient.'
        }
      />
      {optimizerFields(values['optimizer.name']).map((k) => (
        <Param key={k} k={k} />
      ))}

      <div className="exp-divider span-all" />
      <SelectInput k="scheduler.name" label="Scheduler" options={SCHEDULERS} />
      {schedulerFields(values['scheduler.name']).map((k) => (
        <Param key={k} k={k} />
      ))}
      <div className="span-all">{lrChart}</div>

      <div className="exp-divider span-all" />
      <NumberInput k="epochs" label="Epochs" min={1} step={1} />
      <NumberInput k="batch_size" label="Batch size" min={1} max={4096} step={1} />
      <NumberInput
        k="grad_accum_steps"
        label="Gradient accumulation"
        min={1}
        max={1024}
        step={1}
        unit="batches"
        hint="Batches summed into one step."
      />
      <NumberInput
        k="grad_clip_norm"
        label="Gradient clipping"
        min={0}
        step={0.5}
        hint="Largest global L2 norm; 0 is off."
      />
    </Section>
  );
}
