// Every metric of a metrics log, one small chart each, against step or epoch: for a run's history, a
// checkpoint's, or a dropped metrics.csv (the studio's or Lightning's).
import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { downsample, type MetricsTable } from '../../core/train/history';
import { axesOf, metricSeries, type MetricAxis } from '../../core/train/metricSeries';
import { AXIS, GRID, TOOLTIP } from '../runs/ChartPanel';
import { MARGIN } from '../runs/LossChart';
import { formatMetric, formatMetricTick, formatTick, metricDomain, metricLabel } from '../runs/runFacts';

/** Points drawn per chart: enough for the shape, few enough to stay smooth with 100,000-step logs. */
const MAX_POINTS = 600;

interface Props {
  table: MetricsTable;
  title: string;
  testId?: string;
}

export function MetricsPlots({ table, title, testId = 'metrics-plots' }: Props) {
  const id = useId();
  const axes = axesOf(table);
  const [chosen, setAxis] = useState<MetricAxis>('step');
  const axis = axes.includes(chosen) ? chosen : 'step';
  const series = useMemo(
    () =>
      metricSeries(table, axis)
        .filter((s) => s.points.length > 0)
        .map((s) => ({ ...s, shown: downsample(s.points, MAX_POINTS, (p) => p.y) })),
    [table, axis],
  );
  return (
    <section
      className="panel"
      aria-labelledby={`${id}-title`}
      data-testid={testId}
      data-metrics={series.length}
    >
      <header className="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {axes.length > 1 && (
          <div className="segmented" role="group" aria-label="Horizontal axis">
            {axes.map((a) => (
              <button
                key={a}
                type="button"
                className="seg"
                style={{ padding: '0 10px' }}
                aria-pressed={a === axis}
                onClick={() => setAxis(a)}
              >
                By {a}
              </button>
            ))}
          </div>
        )}
      </header>
      {series.length === 0 ? (
        <p className="panel-empty muted">This log has no metric values yet.</p>
      ) : (
        <div className="metric-grid">
          {series.map((s) => (
            <figure key={s.name} className="metric-chart" data-metric={s.name} data-points={s.points.length}>
              <figcaption title={s.name}>
                {metricLabel(s.name)}
                <span className="muted small num"> · last {formatMetric(s.name, s.points.at(-1)!.y)}</span>
              </figcaption>
              <LineChart responsive style={{ width: '100%', height: 150 }} data={s.shown} margin={MARGIN}>
                <CartesianGrid {...GRID} />
                <XAxis
                  dataKey="x"
                  type="number"
                  domain={['dataMin', 'dataMax']}
                  allowDecimals={false}
                  {...AXIS}
                />
                <YAxis
                  width={48}
                  domain={metricDomain(s.name)}
                  tickFormatter={(v: number) => formatMetricTick(s.name, v)}
                  {...AXIS}
                />
                <Tooltip
                  {...TOOLTIP}
                  labelFormatter={(x) => `${axis === 'epoch' ? 'Epoch' : 'Step'} ${formatTick(Number(x))}`}
                  formatter={(v) => [formatMetric(s.name, Number(v)), metricLabel(s.name)]}
                />
                <Line
                  dataKey="y"
                  stroke="var(--accent)"
                  dot={s.shown.length < 40}
                  strokeWidth={1.5}
                  isAnimationActive={false}
                />
              </LineChart>
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}
