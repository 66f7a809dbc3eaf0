// The learning rate over the run's optimiser steps, as the scheduler will set it.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ExperimentConfig } from '../../core/train/config';
import { schedulePreview } from '../../core/train/schedule';
import { formatCount } from '../../ui/format';
import { AXIS, COLORS, GRID, TOOLTIP } from '../runs/ChartPanel';
import { formatLr } from '../runs/runFacts';

interface Props {
  config: ExperimentConfig | undefined;
  stepsPerEpoch: number | undefined;
  /** True when steps per epoch is estimated from the dataset's split fractions (no preview yet). */
  estimated: boolean;
}

export function LrChart({ config, stepsPerEpoch, estimated }: Props) {
  const total = config && stepsPerEpoch ? stepsPerEpoch * config.epochs : 0;
  const data = useMemo(
    () =>
      config && stepsPerEpoch
        ? schedulePreview(total, stepsPerEpoch, config.learning_rate, config.scheduler, 160)
        : [],
    [config, stepsPerEpoch, total],
  );
  return (
    <figure className="exp-lr" data-testid="lr-preview">
      <figcaption>
        <span>Learning rate by step</span>
        {total > 0 && (
          <span className="muted">
            {estimated ? '≈ ' : ''}
            {formatCount(total)} steps · peak {formatLr(Math.max(...data.map((d) => d.lr)))}
          </span>
        )}
      </figcaption>
      {data.length ? (
        <LineChart
          responsive
          style={{ width: '100%', height: 120 }}
          data={data}
          margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
        >
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="step"
            type="number"
            domain={[0, 'dataMax']}
            allowDecimals={false}
            tickFormatter={formatCount}
            {...AXIS}
          />
          <YAxis width={48} domain={[0, 'auto']} tickFormatter={formatLr} {...AXIS} />
          <Tooltip
            {...TOOLTIP}
            formatter={(v) => [formatLr(Number(v)), 'learning rate']}
            labelFormatter={(s) => `Step ${formatCount(Number(s))}`}
          />
          <Line
            type="linear"
            dataKey="lr"
            stroke={COLORS.lr}
            strokeWidth={1.75}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      ) : (
        <p className="exp-lr-empty muted">The curve appears when the optimisation settings are valid.</p>
      )}
    </figure>
  );
}
