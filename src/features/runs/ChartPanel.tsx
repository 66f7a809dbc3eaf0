// The frame every run chart sits in: a titled panel, its legend or controls, and a placeholder until data.
import type { ReactNode } from 'react';

interface Props {
  title: string;
  testId: string;
  /** Points received (not drawn): what the e2e tests watch grow. */
  points: number;
  /** Right of the title: a slider, a legend. */
  controls?: ReactNode;
  empty: string;
  className?: string;
  children: ReactNode;
}

export function ChartPanel({ title, testId, points, controls, empty, className, children }: Props) {
  return (
    <section
      className={`panel chart-panel ${className ?? ''}`}
      data-testid={testId}
      data-points={points}
      aria-label={title}
    >
      <header className="chart-head">
        <h2 className="chart-title">{title}</h2>
        {controls}
      </header>
      <div className="chart-body">{points > 0 ? children : <p className="chart-empty">{empty}</p>}</div>
    </section>
  );
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  faint?: boolean;
}

export function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((i) => (
        <li key={i.label}>
          <span
            className={`legend-line ${i.dashed ? 'legend-dashed' : ''}`}
            style={{ borderColor: i.color, opacity: i.faint ? 0.4 : 1 }}
            aria-hidden="true"
          />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** Shared look of axes and grid (recharts props). */
export const AXIS = {
  tick: { fontSize: 11, fill: '#687384' },
  stroke: '#cdd2d9',
  tickLine: false,
} as const;
export const GRID = { stroke: '#eef0f2', vertical: false } as const;
export const TOOLTIP = {
  contentStyle: {
    fontSize: 12,
    borderRadius: 6,
    border: '1px solid #e1e4e8',
    boxShadow: '0 4px 12px rgb(16 24 40 / 0.12)',
    padding: '6px 10px',
  },
  labelStyle: { fontWeight: 600, marginBottom: 2 },
  isAnimationActive: false,
} as const;

export const COLORS = {
  loss: '#2f64e0',
  val: '#e8731a',
  metric: '#1c7c4d',
  lr: '#7a4fd6',
} as const;

/** Distinct colours for overlaid runs (Tableau 10). */
export const RUN_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#b07aa1',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
];
