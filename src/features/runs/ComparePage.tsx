// Several runs overlaid: smoothed training loss per step, validation loss and a metric per epoch.
import { useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { hrefFor } from '../../app/routes';
import type { RunRecord } from '../../protocol/runs';
import { useStudio } from '../../state/store';
import { formatCount } from '../../ui/format';
import { ChevronLeft } from '../../ui/icons';
import { smoothedLoss } from './chartData';
import { AXIS, ChartLegend, GRID, RUN_COLORS, TOOLTIP } from './ChartPanel';
import { DEFAULT_SMOOTHING, MARGIN, SmoothingSlider } from './LossChart';
import {
  capitalize,
  formatLoss,
  formatMetric,
  formatMetricTick,
  formatTick,
  headlineMetric,
  metricDomain,
  metricAt,
  metricLabel,
} from './runFacts';
import { StatusBadge } from './StatusBadge';

interface Series {
  run: RunRecord;
  color: string;
}

export function ComparePage({ ids }: { ids: string[] }) {
  const runs = useStudio((s) => s.runs);
  // A run training now is drawn from its live points (re-rendered as they arrive).
  const live = useStudio((s) => (s.live && ids.includes(s.live.id) ? s.live : null));
  const series = useMemo<Series[]>(() => {
    const found = ids.flatMap((id) => runs?.find((r) => r.id === id) ?? []);
    return found.map((run, i) => ({
      run:
        live?.id === run.id
          ? { ...run, history: { steps: live.steps.slice(0, live.stepCount), epochs: live.epochs } }
          : run,
      color: RUN_COLORS[i % RUN_COLORS.length],
    }));
  }, [ids, runs, live]);
  const [weight, setWeight] = useState(DEFAULT_SMOOTHING);

  const head = (
    <div className="screen-head">
      <div>
        <a className="back" href={hrefFor({ name: 'runs' })}>
          <ChevronLeft />
          Runs
        </a>
        <h1 className="screen-title">Compare runs</h1>
        <p className="screen-sub">Curves of {series.length} runs overlaid; each run keeps its colour.</p>
      </div>
    </div>
  );
  if (runs === null)
    return (
      <div className="screen">
        <p className="muted">Loading runs…</p>
      </div>
    );
  if (series.length < 2)
    return (
      <div className="screen">
        {head}
        <div className="notice">
          <strong>Pick at least two runs</strong>
          <p>
            {ids.length - series.length > 0 ? 'Some of these runs no longer exist. ' : ''}
            Tick two or more runs on the <a href="#/runs">runs screen</a> and press Compare.
          </p>
        </div>
      </div>
    );

  return (
    <div className="screen">
      {head}
      <section className="panel compare-legend-panel" aria-label="Runs compared">
        <ul className="compare-runs">
          {series.map((s) => (
            <li key={s.run.id}>
              <span className="legend-swatch" style={{ background: s.color }} aria-hidden="true" />
              <a href={hrefFor({ name: 'run', id: s.run.id })} className="dataset-link">
                {s.run.name}
              </a>
              <StatusBadge status={live?.id === s.run.id ? live.status : s.run.status} />
              <span className="muted small">
                {s.run.config.model.name} · {s.run.config.dataset_name} ·{' '}
                {formatCount(s.run.history.epochs.length)}/{formatCount(s.run.config.epochs)} epochs
              </span>
            </li>
          ))}
        </ul>
      </section>
      <div className="compare-charts" data-testid="compare-chart" data-runs={series.length}>
        <StepLossChart series={series} weight={weight} onWeight={setWeight} />
        <EpochCompareChart series={series} metric="val_loss" title="Validation loss" />
        <EpochCompareChart series={series} metric={commonMetric(series)} title={null} />
      </div>
    </div>
  );
}

function Legend({ series }: { series: Series[] }) {
  return <ChartLegend items={series.map((s) => ({ label: s.run.name, color: s.color }))} />;
}

function StepLossChart({
  series,
  weight,
  onWeight,
}: {
  series: Series[];
  weight: number;
  onWeight: (w: number) => void;
}) {
  const lines = useMemo(
    () => series.map((s) => ({ ...s, data: smoothedLoss(s.run.history.steps, weight) })),
    [series, weight],
  );
  return (
    <section className="panel chart-panel chart-wide" aria-label="Training loss, smoothed">
      <header className="chart-head">
        <h2 className="chart-title">Training loss, smoothed</h2>
        <Legend series={series} />
        <SmoothingSlider value={weight} onChange={onWeight} />
      </header>
      <div className="chart-body">
        <LineChart responsive style={{ width: '100%', height: 260 }} margin={MARGIN}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            tickFormatter={formatCount}
            allowDuplicatedCategory={false}
            {...AXIS}
          />
          <YAxis dataKey="value" tickFormatter={formatTick} width={52} domain={['auto', 'auto']} {...AXIS} />
          <Tooltip
            {...TOOLTIP}
            labelFormatter={(s) => `Step ${formatCount(Number(s))}`}
            formatter={(v, name) => [formatLoss(Number(v)), name]}
          />
          {lines.map((l) => (
            <Line
              key={l.run.id}
              data={l.data}
              dataKey="value"
              name={l.run.name}
              stroke={l.color}
              strokeWidth={1.75}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </div>
    </section>
  );
}

function EpochCompareChart({
  series,
  metric,
  title,
}: {
  series: Series[];
  metric: string | null;
  title: string | null;
}) {
  const lines = useMemo(
    () =>
      series.map((s) => ({
        ...s,
        data: s.run.history.epochs.flatMap((p) => {
          const v = metric ? metricAt(p, metric) : undefined;
          return v !== undefined && Number.isFinite(v) ? [{ epoch: p.epoch + 1, value: v }] : [];
        }),
      })),
    [series, metric],
  );
  const label = title ?? (metric ? capitalize(metricLabel(metric)) : 'Metric');
  const points = lines.reduce((n, l) => n + l.data.length, 0);
  const fmt = (v: number) => (metric ? formatMetric(metric, v) : formatLoss(v));
  const tick = (v: number) => (metric ? formatMetricTick(metric, v) : formatTick(v));
  return (
    <section className="panel chart-panel" aria-label={label} data-points={points}>
      <header className="chart-head">
        <h2 className="chart-title">{label} per epoch</h2>
      </header>
      <div className="chart-body">
        {points === 0 ? (
          <p className="chart-empty">No run has validated an epoch yet.</p>
        ) : (
          <LineChart responsive style={{ width: '100%', height: 220 }} margin={MARGIN}>
            <CartesianGrid {...GRID} />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDecimals={false}
              allowDuplicatedCategory={false}
              {...AXIS}
            />
            <YAxis
              dataKey="value"
              tickFormatter={tick}
              width={52}
              domain={metric ? metricDomain(metric) : ['auto', 'auto']}
              {...AXIS}
            />
            <Tooltip
              {...TOOLTIP}
              labelFormatter={(e) => `Epoch ${e}`}
              formatter={(v, name) => [fmt(Number(v)), name]}
            />
            {lines.map((l) => (
              <Line
                key={l.run.id}
                data={l.data}
                dataKey="value"
                name={l.run.name}
                stroke={l.color}
                strokeWidth={2}
                dot={l.data.length <= 40 ? { r: 2.5 } : false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </div>
    </section>
  );
}

/** The metric to overlay: the monitored one when the runs agree on a non-loss metric, else accuracy-like. */
function commonMetric(series: Series[]): string | null {
  const first = series[0].run;
  return headlineMetric(first.history.epochs, first.config.monitor.metric);
}
