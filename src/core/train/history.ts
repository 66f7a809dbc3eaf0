// The run's history as a CSV log in the format of PyTorch Lightning's CSVLogger (metrics.csv), its reader,
// and the smoothing and downsampling the live charts use.
import { TilewrightError } from '../errors';
import { csvField } from '../formats/csv';
import type { EpochPoint, History, StepPoint } from './types';

type Row = Record<string, number>;

function stepRow(s: StepPoint): Row {
  const parts = Object.fromEntries(Object.entries(s.parts ?? {}).map(([k, v]) => [`train_loss_${k}`, v]));
  return {
    ...parts,
    epoch: s.epoch,
    step: s.step,
    train_loss: s.loss,
    lr: s.lr,
    grad_norm: s.grad_norm,
    time_s: s.time_ms / 1000,
  };
}

function epochRow(e: EpochPoint): Row {
  // The metrics (val_loss, val_accuracy, …) first, so a stray key cannot overwrite epoch or step.
  return {
    ...e.metrics,
    epoch: e.epoch,
    step: e.step,
    train_loss_epoch: e.train_loss,
    time_s: e.time_ms / 1000,
  };
}

/** Rows ordered by step; at the same step, the step rows before the epoch row (the sort is stable). */
function rowsOf(h: History): Row[] {
  const rows = [
    ...h.steps.map((s) => ({ row: stepRow(s), kind: 0 })),
    ...h.epochs.map((e) => ({ row: epochRow(e), kind: 1 })),
  ];
  return rows.sort((a, b) => a.row.step - b.row.step || a.kind - b.kind).map((r) => r.row);
}

/** Python's csv writer prints float('nan') and the infinities so. */
function cell(v: number | undefined): string {
  if (v === undefined) return '';
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/**
 * metrics.csv as Lightning's CSVLogger writes it: the header is the sorted union of all keys, one row per
 * logged dict (each step; each epoch end), an empty cell where a row lacks a key, and \r\n line ends
 * (Python's csv module). Empty string for an empty history (Lightning writes no file then).
 */
export function metricsCsv(history: History): string {
  const { columns, rows } = historyTable(history);
  if (!rows.length) return '';
  // Only column names can need quoting.
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((k) => cell(r[k] ?? undefined)).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The history as the table metrics.csv holds (what parseMetricsCsv reads back), without the text. */
export function historyTable(history: History): MetricsTable {
  const rows = rowsOf(history);
  // By UTF-16 code units: Python's order (code points) for any name without astral characters.
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  return { columns, rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))) };
}

/** A metrics log as columns and sparse rows (null where a row lacks a column). */
export interface MetricsTable {
  columns: string[];
  rows: Record<string, number | null>[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const SPECIAL = new Map([
  ['nan', NaN],
  ['inf', Infinity],
  ['infinity', Infinity],
]);

/** A cell as Python's float() would read it (no hex, no underscores); null when empty. */
function value(raw: string): number | null | undefined {
  const t = raw.trim();
  if (t === '') return null;
  if (NUMBER.test(t)) return Number(t);
  const sign = t[0] === '-' ? -1 : 1;
  const special = SPECIAL.get(t.replace(/^[+-]/, '').toLowerCase());
  return special === undefined ? undefined : sign * special;
}

function bad(message: string): TilewrightError {
  return new TilewrightError('bad-file', message, 'metrics.csv');
}

/** RFC 4180 records with the line each starts on; blank lines are skipped, as Python's DictReader does. */
function records(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cur = '';
  // Whether the current field was quoted: "" alone on a line is a record of one empty cell, not a blank line.
  let quoted = false;
  let line = 1;
  let start = 1;
  const endField = () => {
    cells.push(cur);
    cur = '';
    quoted = false;
  };
  const endRecord = () => {
    const blank = cells.length === 0 && cur === '' && !quoted;
    endField();
    if (!blank) out.push({ line: start, cells });
    cells = [];
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && cur === '' && !quoted) {
      const open = line;
      quoted = true;
      for (i++; ;) {
        if (i >= text.length) throw bad(`metrics.csv line ${open}: a quoted field is never closed.`);
        if (text[i] === '"' && text[i + 1] === '"') {
          cur += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else {
          if (text[i] === '\n') line++;
          cur += text[i++];
        }
      }
      if (i < text.length && !',\r\n'.includes(text[i]))
        throw bad(`metrics.csv line ${line}: text after the closing quote of a field.`);
      continue;
    }
    if (ch === ',') endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = ++line;
    } else if (ch === '"') throw bad(`metrics.csv line ${line}: a quote inside an unquoted field.`);
    else cur += ch;
    i++;
  }
  if (cur !== '' || quoted || cells.length) endRecord();
  return out;
}

/**
 * Reads our metrics.csv and Lightning's: sparse rows, empty cells as null, nan/inf as numbers.
 * An empty file has no columns and no rows. Throws TilewrightError('bad-file') naming the line otherwise.
 */
export function parseMetricsCsv(text: string): MetricsTable {
  const recs = records(text);
  if (!recs.length) return { columns: [], rows: [] };
  const [head, ...body] = recs;
  const columns = head.cells;
  const seen = new Set<string>();
  for (const c of columns) {
    if (c.trim() === '') throw bad(`metrics.csv line ${head.line}: the header has an empty column name.`);
    if (seen.has(c)) throw bad(`metrics.csv line ${head.line}: the header names ${c} twice.`);
    seen.add(c);
  }
  const rows = body.map(({ line, cells }) => {
    if (cells.length !== columns.length)
      throw bad(`metrics.csv line ${line} has ${cells.length} cells, the header has ${columns.length}.`);
    const row: Record<string, number | null> = {};
    cells.forEach((c, j) => {
      const v = value(c);
      if (v === undefined)
        throw bad(`metrics.csv line ${line}, column ${columns[j]}: "${c}" is not a number.`);
      row[columns[j]] = v;
    });
    return row;
  });
  return { columns, rows };
}

/**
 * TensorBoard's smoothing: an exponential moving average debiased by 1 − w^k, k counting the finite
 * values so far. Non-finite values pass through without entering the average, and a constant series is
 * returned as is (no floating-point drift), both as TensorBoard does. The weight is clamped to
 * [0, 0.999], the range of TensorBoard's slider (at 1 the average would never move).
 */
export function smoothEma(values: number[], weight: number): number[] {
  const w = Number.isNaN(weight) ? 0 : Math.min(0.999, Math.max(0, weight));
  const n = values.length;
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = values[i] === values[0];
  if (constant) return values.slice();
  // Plain loops: this runs over every step of a run each time the chart updates.
  const out = new Array<number>(n);
  let last = 0;
  // w^k as a running product, set to 0 once 1 − w^k is exactly 1 anyway: denormals would make it slow.
  let wk = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    wk = wk * w < 1e-17 ? 0 : wk * w;
    out[i] = last / (1 - wk);
  }
  return out;
}

/**
 * At most max(maxPoints, 2) points for a chart: the first and the last, and from each of
 * ⌊(maxPoints − 2) / 2⌋ buckets between them its lowest and highest point (in x order), so spikes survive.
 * NaN values never count as extremes; a bucket of only NaN keeps its first point. Returns `points` itself
 * when it is no longer than maxPoints. One pass, y called once per point.
 */
export function downsample<T>(points: T[], maxPoints: number, y: (p: T) => number): T[] {
  if (points.length <= Math.max(2, maxPoints)) return points;
  const buckets = Math.max(0, Math.floor((maxPoints - 2) / 2));
  const inner = points.length - 2;
  const out: T[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    let loV = Infinity;
    let hiV = -Infinity;
    for (let i = start; i < end; i++) {
      const v = y(points[i]);
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < loV) {
        lo = i;
        loV = v;
      }
      if (hi < 0 || v > hiV) {
        hi = i;
        hiV = v;
      }
    }
    if (lo < 0) out.push(points[start]);
    else if (lo === hi) out.push(points[lo]);
    else out.push(points[Math.min(lo, hi)], points[Math.max(lo, hi)]);
  }
  out.push(points[points.length - 1]);
  return out;
}
