// The run's history as a CSV log in the format of PyTorch Lightning's CSVLogger (metrics.csv): the
// header is the sorted union of all keys, one row per logged dict, empty cells where a key is missing.
// Also the smoothing and downsampling the live charts use.
import { TilewrightError } from '../errors';
import type { History } from './types';

type Row = Record<string, number>;

function rowsOf(h: History): Row[] {
  const rows: { row: Row; order: number }[] = [];
  for (const s of h.steps)
    rows.push({
      row: {
        epoch: s.epoch,
        step: s.step,
        train_loss: s.loss,
        lr: s.lr,
        grad_norm: s.grad_norm,
        time_s: s.time_ms / 1000,
      },
      order: s.step * 2,
    });
  for (const e of h.epochs)
    rows.push({
      row: {
        epoch: e.epoch,
        step: e.step,
        train_loss_epoch: e.train_loss,
        ...e.metrics,
        time_s: e.time_ms / 1000,
      },
      order: e.step * 2 + 1,
    });
  return rows.sort((a, b) => a.order - b.order).map((r) => r.row);
}

function cell(v: number | undefined): string {
  if (v === undefined) return '';
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

export function metricsCsv(history: History): string {
  const rows = rowsOf(history);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  const lines = [keys.join(',')];
  for (const r of rows) lines.push(keys.map((k) => cell(r[k])).join(','));
  return lines.join('\n') + '\n';
}

/** Reads our metrics.csv and Lightning's (sparse rows; empty cells are null; nan/inf as numbers). */
export function parseMetricsCsv(text: string): { columns: string[]; rows: Record<string, number | null>[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.length) throw new TilewrightError('bad-file', 'metrics.csv is empty.', 'metrics.csv');
  const columns = splitCsvLine(lines[0]);
  const rows = lines.slice(1).map((line, i) => {
    const cells = splitCsvLine(line);
    if (cells.length !== columns.length)
      throw new TilewrightError(
        'bad-file',
        `metrics.csv line ${i + 2} has ${cells.length} cells, the header has ${columns.length}.`,
        'metrics.csv',
      );
    const row: Record<string, number | null> = {};
    cells.forEach((c, j) => {
      const t = c.trim().toLowerCase();
      if (t === '') row[columns[j]] = null;
      else if (t === 'nan') row[columns[j]] = NaN;
      else if (t === 'inf' || t === '+inf') row[columns[j]] = Infinity;
      else if (t === '-inf') row[columns[j]] = -Infinity;
      else {
        const v = Number(t);
        if (Number.isNaN(v))
          throw new TilewrightError(
            'bad-file',
            `metrics.csv line ${i + 2}, column ${columns[j]}: "${c}" is not a number.`,
            'metrics.csv',
          );
        row[columns[j]] = v;
      }
    });
    return row;
  });
  return { columns, rows };
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** TensorBoard's smoothing: an exponential moving average, debiased; NaN values pass through. */
export function smoothEma(values: number[], weight: number): number[] {
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return weight === 0 ? v : last / (1 - Math.pow(weight, n));
  });
}

/**
 * At most about maxPoints points for a chart: the first and last, and from each bucket between them
 * its lowest and highest point (in x order), so spikes survive.
 */
export function downsample<T>(points: T[], maxPoints: number, y: (p: T) => number): T[] {
  if (points.length <= maxPoints || maxPoints < 4) return points;
  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = points.length - 2;
  const out: T[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = y(points[i]);
      if (v < y(points[lo])) lo = i;
      if (v > y(points[hi])) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else if (lo < hi) out.push(points[lo], points[hi]);
    else out.push(points[hi], points[lo]);
  }
  out.push(points[points.length - 1]);
  return out;
}
