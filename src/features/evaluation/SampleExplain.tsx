// One sample of an evaluation, large: the image with its attribution map (Grad-CAM or gradient
// saliency, towards the predicted or another class), its scores, and the top probabilities.
// ← and → move through the gallery's list.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { explainSample } from '../../client/evaluator';
import type { SampleRow } from '../../core/evaluate/sampleRows';
import type { AttributionMap } from '../../protocol/evaluations';
import { Dialog } from '../../ui/Dialog';
import { errorText } from '../../ui/errors';
import { useSample } from '../browser/useSample';
import { heatPixels } from './heatColors';

const BOX = 360;

interface Props {
  evaluationId: string;
  datasetId: string;
  rows: SampleRow[];
  at: number;
  onMove: (at: number) => void;
  classes: string[];
  probs: Float32Array;
  onClose: () => void;
}

type MapState =
  { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; map: AttributionMap };

export function SampleExplain(p: Props) {
  const id = useId();
  const row = p.rows[p.at];
  const entry = useSample(p.datasetId, row.key, 0);
  const [method, setMethod] = useState<AttributionMap['method']>('grad-cam');
  const [target, setTarget] = useState<number | null>(null);
  const [opacity, setOpacity] = useState(0.6);
  const [result, setResult] = useState<{ key: string; value: MapState } | null>(null);
  const explained = target ?? row.predicted[0] ?? row.target[0] ?? 0;
  const want = `${row.key}/${method}/${explained}`;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<[number, number]>([1, 1]);
  const scale = BOX / Math.max(size[0], size[1]);
  const fit = { w: Math.round(size[0] * scale), h: Math.round(size[1] * scale) };

  useEffect(() => {
    let live = true;
    explainSample(p.evaluationId, row.key, method, explained).then(
      (map) => live && setResult({ key: want, value: { state: 'ready', map } }),
      (error: unknown) => live && setResult({ key: want, value: { state: 'error', error } }),
    );
    return () => {
      live = false;
    };
  }, [p.evaluationId, row.key, method, explained, want]);

  const state: MapState = useMemo(
    () => (result?.key === want ? result.value : { state: 'loading' }),
    [result, want],
  );
  useEffect(() => {
    const c = canvas.current;
    if (!c || state.state !== 'ready') return;
    const m = state.map;
    c.width = m.width;
    c.height = m.height;
    c.getContext('2d')?.putImageData(new ImageData(heatPixels(m.values, opacity), m.width, m.height), 0, 0);
  }, [state, opacity]);

  const k = p.classes.length;
  const top = Array.from({ length: k }, (_, c) => ({ c, p: p.probs[row.i * k + c] }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 5);
  const names = (cs: number[]) => (cs.length ? cs.map((c) => p.classes[c]).join(', ') : 'none');

  return (
    <Dialog
      title={row.name}
      onClose={p.onClose}
      className="dialog-wide"
      testId="sample-explain"
      onKeyDown={(e) => {
        if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
        if (e.key === 'ArrowRight' && p.at + 1 < p.rows.length) p.onMove(p.at + 1);
        if (e.key === 'ArrowLeft' && p.at > 0) p.onMove(p.at - 1);
      }}
      actions={
        <span className="muted small num">
          {p.at + 1} / {p.rows.length}
        </span>
      }
    >
      <div className="explain">
        <figure className="explain-figure" style={{ width: BOX, height: BOX }}>
          {entry === null && (
            <span className="sample-missing">The image is not in the dataset any more.</span>
          )}
          {/* The model saw the whole image stretched to its square input: the map covers the image exactly. */}
          <span className="explain-stack" style={{ width: fit.w, height: fit.h }}>
            {entry && (
              <img
                src={entry.url}
                alt={row.name}
                onLoad={(e) => setSize([e.currentTarget.naturalWidth, e.currentTarget.naturalHeight])}
              />
            )}
            <canvas
              ref={canvas}
              className="explain-overlay"
              data-testid="attribution-map"
              data-state={state.state}
              aria-hidden="true"
              hidden={state.state !== 'ready'}
            />
          </span>
          {state.state === 'loading' && (
            <span className="explain-status muted small">Computing the map…</span>
          )}
        </figure>
        <div className="explain-side">
          <dl className="facts">
            <dt>True</dt>
            <dd data-testid="explain-true">{names(row.target)}</dd>
            <dt>Predicted</dt>
            <dd data-testid="explain-pred">{names(row.predicted)}</dd>
            <dt>Confidence</dt>
            <dd className="num">{(row.confidence * 100).toFixed(1)}%</dd>
            <dt>Loss</dt>
            <dd className="num">{row.loss.toFixed(4)}</dd>
          </dl>
          <div className="field">
            <label htmlFor={`${id}-method`}>Attribution</label>
            <select
              id={`${id}-method`}
              value={method}
              onChange={(e) => setMethod(e.target.value as AttributionMap['method'])}
            >
              <option value="grad-cam">Grad-CAM (last feature map)</option>
              <option value="saliency">Gradient saliency</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-target`}>Explain class</label>
            <select id={`${id}-target`} value={explained} onChange={(e) => setTarget(Number(e.target.value))}>
              {p.classes.map((c, i) => (
                <option key={c} value={i}>
                  {c}
                  {row.predicted.includes(i) ? ' (predicted)' : ''}
                  {row.target.includes(i) ? ' (true)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-opacity`}>Overlay opacity</label>
            <input
              id={`${id}-opacity`}
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              onChange={(e) => setOpacity(Number(e.target.value))}
            />
          </div>
          {state.state === 'error' && (
            <p className="notice notice-error small" role="alert">
              {errorText(state.error)}
            </p>
          )}
          {state.state === 'ready' && state.map.layer && (
            <p className="muted small">Grad-CAM on layer “{state.map.layer}”.</p>
          )}
          <h3 className="panel-title">Top probabilities</h3>
          <ol className="plain-list prob-list">
            {top.map((t) => (
              <li key={t.c}>
                <span className="prob-name">{p.classes[t.c]}</span>
                <span className="prob-bar" style={{ width: `${Math.round(t.p * 100)}%` }} />
                <span className="num">{(t.p * 100).toFixed(1)}%</span>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </Dialog>
  );
}
