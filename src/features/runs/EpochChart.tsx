// Per epoch: training and validation loss (left axis) and the headline metric (right axis).
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochPoint } from '../../core/train/types';
import { ANIMATE_BELOW, epochRows } from './chartData';
import { AXIS, COLORS, ChartLegend, ChartPanel, GRID, TOOLTIP, type LegendItem } from './ChartPanel';
import { MARGIN } from './LossChart';
import {
  formatLoss,
  formatMetric,
  formatMetricTick,
  formatTick,
  headlineMetric,
  metricDomain,
  metricLabel,
} from './runFacts';

interface Props {
  epochs: readonly EpochPoint[];
  monitor: string;
  animate: boolean;
}

export function EpochChart({ epochs, monitor, animate: mayAnimate }: Props) {
  const metric = useMemo(() => headlineMetric(epochs, monitor), [epochs, monitor]);
  const rows = useMemo(() => epochRows(epochs, metric), [epochs, metric]);
  const hasVal = rows.some((r) => r.val_loss !== undefined);
  const hasMetric = metric !== null && rows.some((r) => r.metric !== undefined);
  const animate = mayAnimate && rows.length < ANIMATE_BELOW;
  const legend: LegendItem[] = [{ label: 'train loss', color: COLORS.loss, dashed: true }];
  if (hasVal) legend.push({ label: 'val loss', color: COLORS.val });
  if (hasMetric) legend.push({ label: metricLabel(metric), color: COLORS.metric });
  const names: Record<string, string> = {
    train_loss: 'train loss',
    val_loss: 'val loss',
    metric: metric ? metricLabel(metric) : '',
  };
  return (
    <ChartPanel
      title="Per epoch"
      testId="epoch-chart"
      points={epochs.length}
      empty="Validation results appear at the end of each epoch."
      controls={rows.length > 0 && <ChartLegend items={legend} />}
    >
      <LineChart responsive style={{ width: '100%', height: 220 }} data={rows} margin={MARGIN}>
        <CartesianGrid {...GRID} />
        <XAxis
          dataKey="epoch"
          type="number"
          domain={rows.length > 1 ? ['dataMin', 'dataMax'] : [0, 2]}
          allowDecimals={false}
          {...AXIS}
        />
        <YAxis yAxisId="loss" tickFormatter={formatTick} width={52} domain={['auto', 'auto']} {...AXIS} />
        {hasMetric && (
          <YAxis
            yAxisId="metric"
            orientation="right"
            width={48}
            domain={metricDomain(metric)}
            tickFormatter={(v: number) => formatMetricTick(metric, v)}
            {...AXIS}
          />
        )}
        <Tooltip
          {...TOOLTIP}
          labelFormatter={(e) => `Epoch ${e}`}
          formatter={(v, name) => [
            name === 'metric' && metric ? formatMetric(metric, Number(v)) : formatLoss(Number(v)),
            names[String(name)] ?? String(name),
          ]}
        />
        <Line
          yAxisId="loss"
          dataKey="train_loss"
          stroke={COLORS.loss}
          strokeDasharray="4 3"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={animate}
          animationDuration={300}
        />
        {hasVal && (
          <Line
            yAxisId="loss"
            dataKey="val_loss"
            stroke={COLORS.val}
            strokeWidth={2}
            dot={rows.length <= 40 ? { r: 2.5 } : false}
            isAnimationActive={animate}
            animationDuration={300}
          />
        )}
        {hasMetric && (
          <Line
            yAxisId="metric"
            dataKey="metric"
            stroke={COLORS.metric}
            strokeWidth={2}
            dot={rows.length <= 40 ? { r: 2.5 } : false}
            isAnimationActive={animate}
            animationDuration={300}
          />
        )}
      </LineChart>
    </ChartPanel>
  );
}
