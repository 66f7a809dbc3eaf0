// The experiment form's inputs: each is bound by its config path to the form's values and errors, so a
// section names a field once (path and label) and gets the label, the error beside it and the aria wiring.
import { createContext, use, type ReactNode } from 'react';
import { Field, fieldAria } from '../../ui/Field';
import type { BoolField, FormErrors, FormValues, StringField } from './formModel';

export interface FormKit {
  values: FormValues;
  errors: FormErrors;
  change: <K extends keyof FormValues>(key: K, value: FormValues[K]) => void;
  /** The DOM id of a field's control. */
  id: (key: string) => string;
}

const FormContext = createContext<FormKit | null>(null);
export const FormProvider = FormContext.Provider;

export function useFormKit(): FormKit {
  const kit = use(FormContext);
  if (!kit) throw new Error('useFormKit outside FormProvider');
  return kit;
}

interface Common {
  label: string;
  hint?: ReactNode;
  disabled?: boolean;
  className?: string;
}

export function NumberInput({
  k,
  unit,
  min,
  max,
  step = 'any',
  placeholder,
  children,
  ...c
}: Common & {
  k: StringField;
  unit?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  placeholder?: string;
  /** Beside the input, e.g. a button. */
  children?: ReactNode;
}) {
  const { values, errors, change, id } = useFormKit();
  const error = errors[k];
  const input = (
    <input
      type="number"
      className="input"
      inputMode={step === 1 ? 'numeric' : 'decimal'}
      min={min}
      max={max}
      step={step}
      value={values[k]}
      placeholder={placeholder}
      disabled={c.disabled}
      onChange={(e) => change(k, e.target.value)}
      {...fieldAria(id(k), error, !!c.hint)}
    />
  );
  return (
    <Field id={id(k)} label={c.label} error={error} hint={c.hint} className={c.className}>
      {unit || children ? (
        <div className={children ? 'input-group' : 'input-unit'}>
          {input}
          {unit && <span className="unit">{unit}</span>}
          {children}
        </div>
      ) : (
        input
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectInput({ k, options, ...c }: Common & { k: StringField; options: Option[] }) {
  const { values, errors, change, id } = useFormKit();
  const error = errors[k];
  // A value no option offers (e.g. from an imported file) is still shown, so it can be seen and changed.
  const known = options.some((o) => o.value === values[k]);
  return (
    <Field id={id(k)} label={c.label} error={error} hint={c.hint} className={c.className}>
      <select
        className="select"
        value={values[k]}
        disabled={c.disabled}
        onChange={(e) => change(k, e.target.value)}
        {...fieldAria(id(k), error, !!c.hint)}
      >
        {!known && <option value={values[k]}>{values[k] || '—'}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckInput({ k, label, disabled }: { k: BoolField; label: string; disabled?: boolean }) {
  const { values, change, id } = useFormKit();
  return (
    <label className="check" htmlFor={id(k)}>
      <input
        id={id(k)}
        type="checkbox"
        checked={values[k]}
        disabled={disabled}
        onChange={(e) => change(k, e.target.checked)}
      />
      {label}
    </label>
  );
}

/** A titled group of fields inside a section. */
export function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <fieldset className="form-section exp-section" data-testid={testId}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
