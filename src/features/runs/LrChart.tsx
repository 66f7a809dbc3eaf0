// The learning rate per step, as the scheduler set it.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepPoint } from '../../core/train/types';
import { formatCount } from '../../ui/format';
import { ANIMATE_BELOW, lrRows } from './chartData';
import { AXIS, COLORS, ChartPanel, GRID, TOOLTIP } from './ChartPanel';
import { MARGIN } from './LossChart';
import { formatLr } from './runFacts';

interface Props {
  steps: readonly StepPoint[];
  count: number;
  animate: boolean;
}

export function LrChart({ steps, count, animate }: Props) {
  const rows = useMemo(() => lrRows(steps, count), [steps, count]);
  return (
    <ChartPanel
      title="Learning rate"
      testId="lr-chart"
      points={count}
      empty="The schedule appears after the first step."
    >
      <LineChart responsive style={{ width: '100%', height: 220 }} data={rows} margin={MARGIN}>
        <CartesianGrid {...GRID} />
        <XAxis
          dataKey="step"
          type="number"
          domain={['dataMin', 'dataMax']}
          allowDecimals={false}
          tickFormatter={formatCount}
          {...AXIS}
        />
        <YAxis tickFormatter={formatLr} width={52} domain={[0, 'auto']} {...AXIS} />
        <Tooltip
          {...TOOLTIP}
          labelFormatter={(s) => `Step ${formatCount(Number(s))}`}
          formatter={(v) => [formatLr(Number(v)), 'learning rate']}
        />
        <Line
          dataKey="lr"
          stroke={COLORS.lr}
          strokeWidth={1.75}
          dot={false}
          type="linear"
          isAnimationActive={animate && rows.length < ANIMATE_BELOW}
          animationDuration={300}
        />
      </LineChart>
    </ChartPanel>
  );
}
