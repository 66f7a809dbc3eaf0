// Every ShapesParams field plus name, count and seed; validated on each change, errors beside their fields.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { PALETTE } from '../../core/generate/params';
import { startGenerate } from '../../state/jobActions';
import { isJobRunning } from '../../state/jobs';
import { Field, fieldAria } from '../../ui/Field';
import { DiceIcon } from '../../ui/icons';
import { rgbToHex } from '../../ui/format';
import { useJobRunning } from '../jobs/useJobRunning';
import {
  FIELD_ORDER,
  initialValues,
  randomSeed,
  validate,
  type ErrorKey,
  type GenerateFormValues,
} from './formModel';

type NumericKey = 'count' | 'size' | 'minShapes' | 'maxShapes' | 'minSide' | 'maxSide' | 'colors';

export function GenerateForm({ onClose }: { onClose: () => void }) {
  const uid = useId();
  const fid = (k: string) => `${uid}-${k}`;
  const running = useJobRunning();
  const [values, setValues] = useState<GenerateFormValues>(() => initialValues());
  const [touched, setTouched] = useState<ReadonlySet<ErrorKey>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const { errors, job } = useMemo(() => validate(values), [values]);
  const shown = (k: ErrorKey) => (submitted || touched.has(k) ? errors[k] : undefined);

  const change = <K extends keyof GenerateFormValues>(
    key: K,
    value: GenerateFormValues[K],
    touches: ErrorKey = key,
  ) => {
    setValues((v) => ({ ...v, [key]: value }));
    setTouched((t) => (t.has(touches) ? t : new Set(t).add(touches)));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!job) {
      const first = FIELD_ORDER.find((k) => errors[k]);
      if (first) document.getElementById(fid(first === 'kinds' ? 'rectangle' : first))?.focus();
      return;
    }
    if (isJobRunning()) return;
    void startGenerate(job);
    onClose();
  };

  const numberField = (
    key: NumericKey,
    label: string,
    opts: { min?: number; max?: number; hint?: string; unit?: string } = {},
  ) => (
    <Field id={fid(key)} label={label} error={shown(key)} hint={opts.hint}>
      <div className="input-unit">
        <input
          type="number"
          className="input"
          inputMode="numeric"
          step={1}
          min={opts.min}
          max={opts.max}
          value={values[key]}
          onChange={(e) => change(key, e.target.value)}
          {...fieldAria(fid(key), shown(key), !!opts.hint)}
        />
        {opts.unit && <span className="unit">{opts.unit}</span>}
      </div>
    </Field>
  );

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="generate-form">
      <div className="dialog-content form-grid">
        <fieldset className="form-section">
          <legend>Dataset</legend>
          <Field id={fid('name')} label="Name" error={shown('name')} className="span-2">
            <input
              className="input"
              value={values.name}
              onChange={(e) => change('name', e.target.value)}
              autoComplete="off"
              {...fieldAria(fid('name'), shown('name'))}
            />
          </Field>
          {numberField('count', 'Images', { min: 1, max: 1_000_000 })}
          <Field
            id={fid('seed')}
            label="Seed"
            error={shown('seed')}
            hint="Same seed and settings, same images."
          >
            <div className="input-group">
              <input
                type="number"
                className="input"
                inputMode="numeric"
                min={0}
                step={1}
                value={values.seed}
                placeholder="required"
                onChange={(e) => change('seed', e.target.value)}
                {...fieldAria(fid('seed'), shown('seed'), true)}
              />
              <button
                type="button"
                className="btn"
                onClick={() => change('seed', String(randomSeed()))}
                aria-label="Random seed"
              >
                <DiceIcon />
                Random
              </button>
            </div>
          </Field>
        </fieldset>

        <fieldset className="form-section">
          <legend>Image</legend>
          {numberField('size', 'Size', {
            min: 32,
            max: 1024,
            unit: 'px',
            hint: 'Square images, 32–1024 px.',
          })}
          <Field id={fid('background')} label="Background" error={shown('background')}>
            <div className="input-group">
              <input
                type="color"
                className="input-color"
                value={values.background}
                onChange={(e) => change('background', e.target.value)}
                {...fieldAria(fid('background'), shown('background'))}
              />
              <span className="mono muted">{values.background}</span>
            </div>
          </Field>
          {numberField('colors', 'Colours', {
            min: 1,
            max: PALETTE.length,
            hint: `From a palette of ${PALETTE.length}.`,
          })}
          <div className="palette" aria-hidden="true">
            {PALETTE.slice(0, Math.max(0, Math.min(PALETTE.length, Number(values.colors) || 0))).map(
              (c, i) => (
                <span key={i} className="swatch" style={{ background: rgbToHex(c) }} />
              ),
            )}
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Shapes</legend>
          {numberField('minShapes', 'Min shapes per image', { min: 0, max: 50 })}
          {numberField('maxShapes', 'Max shapes per image', { min: 1, max: 50 })}
          {numberField('minSide', 'Min side', { min: 2, unit: 'px' })}
          {numberField('maxSide', 'Max side', { min: 2, unit: 'px' })}
          <fieldset
            className="subfield span-2"
            aria-describedby={shown('kinds') ? `${fid('kinds')}-error` : undefined}
          >
            <legend>Kinds</legend>
            <div className="checks">
              <label className="check" htmlFor={fid('rectangle')}>
                <input
                  id={fid('rectangle')}
                  type="checkbox"
                  checked={values.rectangle}
                  onChange={(e) => change('rectangle', e.target.checked, 'kinds')}
                  aria-invalid={!!shown('kinds')}
                />
                Rectangles
              </label>
              <label className="check" htmlFor={fid('ellipse')}>
                <input
                  id={fid('ellipse')}
                  type="checkbox"
                  checked={values.ellipse}
                  onChange={(e) => change('ellipse', e.target.checked, 'kinds')}
                  aria-invalid={!!shown('kinds')}
                />
                Ellipses
              </label>
              <label className="check" htmlFor={fid('rotate')}>
                <input
                  id={fid('rotate')}
                  type="checkbox"
                  checked={values.rotate}
                  onChange={(e) => change('rotate', e.target.checked)}
                />
                Rotate shapes
              </label>
            </div>
            {shown('kinds') && (
              <p id={`${fid('kinds')}-error`} className="field-error">
                {shown('kinds')}
              </p>
            )}
          </fieldset>
        </fieldset>

        <fieldset className="form-section">
          <legend>Occlusion</legend>
          <div className="radios span-2">
            <label className="check" htmlFor={fid('occl-none')}>
              <input
                id={fid('occl-none')}
                type="radio"
                name={`${uid}-occlusion`}
                checked={values.occlusion === 'none'}
                onChange={() => change('occlusion', 'none', 'maxHidden')}
              />
              No overlap
            </label>
            <div className="check-inline">
              <label className="check" htmlFor={fid('occl-allow')}>
                <input
                  id={fid('occl-allow')}
                  type="radio"
                  name={`${uid}-occlusion`}
                  checked={values.occlusion === 'allow'}
                  onChange={() => change('occlusion', 'allow', 'maxHidden')}
                />
                Allow up to
              </label>
              <label htmlFor={fid('maxHidden')} className="sr-only">
                Largest hidden fraction per instance
              </label>
              <input
                type="number"
                className="input input-narrow"
                step={0.05}
                min={0}
                max={0.95}
                value={values.maxHidden}
                disabled={values.occlusion !== 'allow'}
                onChange={(e) => change('maxHidden', e.target.value)}
                {...fieldAria(fid('maxHidden'), shown('maxHidden'))}
              />
              <span>hidden per instance</span>
            </div>
            {shown('maxHidden') ? (
              <p id={`${fid('maxHidden')}-error`} className="field-error">
                {shown('maxHidden')}
              </p>
            ) : (
              <p className="field-hint">
                A fraction of each shape's pixels that later shapes may cover (0–0.95).
              </p>
            )}
          </div>
        </fieldset>
      </div>
      <footer className="dialog-foot">
        {submitted && !job && (
          <span className="field-error foot-msg" role="alert">
            Fix the highlighted fields.
          </span>
        )}
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={running}>
          Generate
        </button>
      </footer>
    </form>
  );
}
