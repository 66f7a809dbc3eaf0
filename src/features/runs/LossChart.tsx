// Training loss per step: every point faint, the smoothed curve on top, with its smoothing slider.
import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepPoint } from '../../core/train/types';
import { formatCount } from '../../ui/format';
import { ANIMATE_BELOW, lossParts, lossRows } from './chartData';
import { AXIS, COLORS, ChartLegend, ChartPanel, GRID, TOOLTIP } from './ChartPanel';
import { formatLoss, formatTick } from './runFacts';

export const DEFAULT_SMOOTHING = 0.6;

export function SmoothingSlider({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  const id = useId();
  return (
    <span className="chart-control">
      <label htmlFor={id}>Smoothing</label>
      <input
        id={id}
        type="range"
        min={0}
        max={0.99}
        step={0.01}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        data-testid="smoothing"
      />
      <span className="num chart-control-value">{value.toFixed(2)}</span>
    </span>
  );
}

interface Props {
  steps: readonly StepPoint[];
  count: number;
  /** Live runs redraw at once as points arrive; a finished run's small chart animates in. */
  animate: boolean;
}

export function LossChart({ steps, count, animate: mayAnimate }: Props) {
  const [weight, setWeight] = useState(DEFAULT_SMOOTHING);
  // Recomputed when a point arrives or the slider moves; `steps` may grow in place, `count` says how far.
  const rows = useMemo(() => lossRows(steps, count, weight), [steps, count, weight]);
  const parts = lossParts(steps);
  const animate = mayAnimate && rows.length < ANIMATE_BELOW;
  return (
    <ChartPanel
      title="Training loss"
      testId="loss-chart"
      points={count}
      empty="The loss appears after the first step."
      className="chart-wide"
      controls={
        <>
          <ChartLegend
            items={[
              { label: 'per step', color: COLORS.loss, faint: true },
              { label: parts.length ? 'total, smoothed' : 'smoothed', color: COLORS.loss },
              ...parts.map((k, i) => ({
                label: PART_LABELS[k] ?? k,
                color: PART_COLORS[i % PART_COLORS.length],
                dashed: true,
              })),
            ]}
          />
          <SmoothingSlider value={weight} onChange={setWeight} />
        </>
      }
    >
      <LineChart responsive style={{ width: '100%', height: 240 }} data={rows} margin={MARGIN}>
        <CartesianGrid {...GRID} />
        <XAxis
          dataKey="step"
          type="number"
          domain={['dataMin', 'dataMax']}
          allowDecimals={false}
          tickFormatter={formatCount}
          {...AXIS}
        />
        <YAxis tickFormatter={formatTick} width={52} domain={['auto', 'auto']} {...AXIS} />
        <Tooltip
          {...TOOLTIP}
          labelFormatter={(s) => `Step ${formatCount(Number(s))}`}
          formatter={(v, name) => [
            formatLoss(Number(v)),
            name === 'smooth' ? 'smoothed' : name === 'loss' ? 'loss' : String(name),
          ]}
        />
        {parts.map((k, i) => (
          <Line
            key={k}
            name={PART_LABELS[k] ?? k}
            dataKey={(r: { parts?: Record<string, number> }) => r.parts?.[k]}
            stroke={PART_COLORS[i % PART_COLORS.length]}
            strokeWidth={1.5}
            strokeDasharray="4 3"
            dot={false}
            type="monotone"
            isAnimationActive={animate}
            animationDuration={300}
          />
        ))}
        <Line
          dataKey="loss"
          stroke={COLORS.loss}
          strokeOpacity={0.25}
          strokeWidth={1}
          dot={false}
          type="linear"
          isAnimationActive={animate}
          animationDuration={300}
        />
        <Line
          dataKey="smooth"
          stroke={COLORS.loss}
          strokeWidth={2}
          dot={false}
          type="monotone"
          isAnimationActive={animate}
          animationDuration={300}
        />
      </LineChart>
    </ChartPanel>
  );
}

export const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };

/** Segmentation's loss parts, as the legend names them. */
const PART_LABELS: Record<string, string> = { ce: 'cross-entropy', dice: 'Dice', focal: 'focal' };
const PART_COLORS = ['#e07a1f', '#1c7c4d', '#b8336a'];
