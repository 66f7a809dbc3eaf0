// The confusion matrix as a heatmap: rows are true classes, columns predicted ones; counts or
// normalised by true class, by predicted class or by all. Cells shrink with the class count (45 for
// RESISC45) and hide their numbers when too small, keeping them in the tooltip and the accessible name.
// One tab stop: arrow keys move between cells; Enter or a click opens the gallery of that cell.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { normalizeConfusion } from '../../core/metrics/classification';

export type Normalize = 'none' | 'true' | 'pred' | 'all';

const NORMALIZE: { value: Normalize; label: string }[] = [
  { value: 'none', label: 'Counts' },
  { value: 'true', label: 'By true class' },
  { value: 'pred', label: 'By predicted class' },
  { value: 'all', label: 'By all' },
];

/** The matrix as shown: counts, or normalised as sklearn's confusion_matrix(normalize=...). */
function normalizeMatrix(cm: number[][], mode: Normalize): number[][] {
  return mode === 'none' ? cm : normalizeConfusion(cm, mode);
}

interface Props {
  cm: number[][];
  classes: string[];
  selected: [number, number] | null;
  onSelect: (cell: [number, number]) => void;
}

export function ConfusionMatrix({ cm, classes, selected, onSelect }: Props) {
  const id = useId();
  const [mode, setMode] = useState<Normalize>('none');
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const grid = useRef<HTMLDivElement>(null);
  const n = classes.length;
  const shown = useMemo(() => normalizeMatrix(cm, mode), [cm, mode]);
  const max = useMemo(() => Math.max(1e-12, ...shown.flat()), [shown]);
  const cell = Math.max(14, Math.min(44, Math.floor(520 / Math.max(1, n))));
  const showNumbers = cell >= 30;
  const labelWidth = Math.min(160, 12 + 7 * Math.max(...classes.map((c) => c.length), 4));
  const text = (v: number) => (mode === 'none' ? String(v) : v.toFixed(2));

  const move = (e: KeyboardEvent) => {
    const [i, j] = focus;
    const to: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, i - 1), j],
      ArrowDown: [Math.min(n - 1, i + 1), j],
      ArrowLeft: [i, Math.max(0, j - 1)],
      ArrowRight: [i, Math.min(n - 1, j + 1)],
      Home: [i, 0],
      End: [i, n - 1],
    };
    const next = to[e.key];
    if (!next) return;
    e.preventDefault();
    setFocus(next);
    grid.current?.querySelector<HTMLElement>(`[data-cell="${next[0]},${next[1]}"]`)?.focus();
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="confusion-matrix">
      <header className="panel-head">
        <h2 id={`${id}-title`}>Confusion matrix</h2>
        <label className="muted small" htmlFor={`${id}-norm`}>
          Show
        </label>
        <select id={`${id}-norm`} value={mode} onChange={(e) => setMode(e.target.value as Normalize)}>
          {NORMALIZE.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </header>
      <div className="cm-wrap">
        <div className="cm-axis-x muted small" style={{ marginLeft: labelWidth }}>
          Predicted class →
        </div>
        <div
          className="cm"
          style={{ gridTemplateColumns: `${labelWidth}px repeat(${n}, ${cell}px)` }}
          role="grid"
          aria-label="Confusion matrix: rows are true classes, columns predicted classes"
          ref={grid}
          onKeyDown={move}
        >
          <div role="row" className="cm-row">
            <span role="columnheader" className="cm-corner muted small">
              True ↓
            </span>
            {classes.map((c) => (
              <span
                key={c}
                role="columnheader"
                className="cm-col-label"
                title={c}
                style={{ height: labelWidth }}
              >
                <span>{c}</span>
              </span>
            ))}
          </div>
          {shown.map((row, i) => (
            <div role="row" className="cm-row" key={classes[i]}>
              <span role="rowheader" className="cm-row-label" title={classes[i]}>
                {classes[i]}
              </span>
              {row.map((v, j) => {
                const strength = v / max;
                const isSel = selected?.[0] === i && selected?.[1] === j;
                const label = `true ${classes[i]}, predicted ${classes[j]}: ${cm[i][j]} samples${mode === 'none' ? '' : ` (${text(v)})`}`;
                return (
                  <button
                    type="button"
                    role="gridcell"
                    key={j}
                    data-cell={`${i},${j}`}
                    data-count={cm[i][j]}
                    className={`cm-cell ${i === j ? 'cm-diag' : ''} ${isSel ? 'cm-selected' : ''}`}
                    style={{
                      width: cell,
                      height: cell,
                      background: `rgb(47 100 224 / ${(0.06 + 0.94 * strength).toFixed(3)})`,
                      color: strength > 0.55 ? '#fff' : 'var(--text)',
                    }}
                    tabIndex={focus[0] === i && focus[1] === j ? 0 : -1}
                    title={label}
                    aria-label={label}
                    aria-selected={isSel}
                    onFocus={() => setFocus([i, j])}
                    onClick={() => onSelect([i, j])}
                  >
                    {showNumbers && v !== 0 ? text(v) : ''}
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
