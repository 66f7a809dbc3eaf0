// Every metric of a metrics log as a series against step or epoch, for plotting any log: the studio's
// own history and PyTorch Lightning's metrics.csv (sparse rows: train and val values on different rows).
import type { MetricsTable } from './history';

export type MetricAxis = 'step' | 'epoch';

export interface MetricSeries {
  name: string;
  points: { x: number; y: number }[];
}

/** Columns that place a row (or time it) rather than measure the model. */
const NOT_METRICS = /^(epoch|step|time_s|time_ms|created_at|timestamp)$/;

export function metricColumns(table: MetricsTable): string[] {
  return table.columns.filter((c) => !NOT_METRICS.test(c));
}

/** Which axes the log can be plotted against. Without a step column, the row number stands in for it. */
export function axesOf(table: MetricsTable): MetricAxis[] {
  return table.columns.includes('epoch') ? ['step', 'epoch'] : ['step'];
}

/**
 * One series per metric column, skipping empty and non-finite cells. Against epoch, a metric logged
 * several times in an epoch (per step) is averaged over that epoch; one logged once keeps its value.
 */
export function metricSeries(table: MetricsTable, axis: MetricAxis): MetricSeries[] {
  const hasStep = table.columns.includes('step');
  return metricColumns(table).map((name) => {
    if (axis === 'step') {
      const points: { x: number; y: number }[] = [];
      table.rows.forEach((r, i) => {
        const y = r[name];
        const x = hasStep ? r.step : i;
        if (y !== null && y !== undefined && Number.isFinite(y) && x !== null && x !== undefined)
          points.push({ x, y });
      });
      return { name, points };
    }
    const sums = new Map<number, { sum: number; n: number }>();
    for (const r of table.rows) {
      const y = r[name];
      const e = r.epoch;
      if (y === null || y === undefined || !Number.isFinite(y) || e === null || e === undefined) continue;
      const acc = sums.get(e) ?? { sum: 0, n: 0 };
      acc.sum += y;
      acc.n++;
      sums.set(e, acc);
    }
    const points = [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([x, a]) => ({ x, y: a.sum / a.n }));
    return { name, points };
  });
}
