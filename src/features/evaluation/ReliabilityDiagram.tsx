// Calibration: accuracy against mean confidence in 15 bins of the top-label confidence, with the
// diagonal a calibrated model would follow, and how many samples each bin holds.
import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { Calibration } from '../../core/metrics/scoring';
import { formatCount } from '../../ui/format';
import { AXIS, COLORS, ChartLegend, ChartPanel, GRID, TOOLTIP } from '../runs/ChartPanel';

const percent = (v: number) => `${Math.round(100 * v)}%`;

export function ReliabilityDiagram({ calibration }: { calibration: Calibration }) {
  const rows = useMemo(
    () =>
      calibration.bins.map((b) => ({
        mid: (b.lo + b.hi) / 2,
        accuracy: b.count ? b.accuracy : null,
        confidence: b.count ? b.confidence : null,
        share: b.count,
        range: `${percent(b.lo)}–${percent(b.hi)}`,
        ideal: (b.lo + b.hi) / 2,
      })),
    [calibration],
  );
  const total = calibration.bins.reduce((a, b) => a + b.count, 0);
  return (
    <ChartPanel
      title={`Calibration · ECE ${(100 * calibration.ece).toFixed(2)}%`}
      testId="reliability-diagram"
      points={total}
      empty="No samples."
      controls={
        <ChartLegend
          items={[
            { label: 'accuracy per bin', color: COLORS.metric },
            { label: 'perfectly calibrated', color: '#9aa3af', dashed: true },
            { label: 'samples', color: '#d7dce3' },
          ]}
        />
      }
    >
      <ComposedChart
        responsive
        style={{ width: '100%', height: 240 }}
        data={rows}
        margin={{ top: 8, right: 8, bottom: 4, left: 4 }}
      >
        <CartesianGrid {...GRID} />
        <XAxis
          dataKey="mid"
          type="number"
          domain={[0, 1]}
          ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
          tickFormatter={percent}
          {...AXIS}
        />
        <YAxis
          yAxisId="acc"
          domain={[0, 1]}
          ticks={[0, 0.25, 0.5, 0.75, 1]}
          tickFormatter={percent}
          width={44}
          {...AXIS}
        />
        <YAxis
          yAxisId="count"
          orientation="right"
          width={44}
          tickFormatter={(v: number) => formatCount(v)}
          {...AXIS}
        />
        <Tooltip
          {...TOOLTIP}
          labelFormatter={(_, p) =>
            `Confidence ${(p?.[0]?.payload as { range?: string } | undefined)?.range ?? ''}`
          }
          formatter={(v, name) =>
            name === 'share'
              ? [formatCount(Number(v)), 'samples']
              : [`${(100 * Number(v)).toFixed(1)}%`, String(name)]
          }
        />
        <Bar yAxisId="count" dataKey="share" fill="#e3e7ec" isAnimationActive={false} />
        <Line
          yAxisId="acc"
          dataKey="ideal"
          stroke="#9aa3af"
          strokeDasharray="4 3"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          yAxisId="acc"
          dataKey="accuracy"
          stroke={COLORS.metric}
          strokeWidth={2}
          connectNulls
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ChartPanel>
  );
}
