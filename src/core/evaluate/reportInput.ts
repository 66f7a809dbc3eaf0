// The input of a classification report, as `npm run cli -- classification-report IN.json` reads it:
// { y_true, y_pred, labels?, label_names?, y_score?, multilabel? }. Checked here, once, with messages
// that name the field and the index of any bad value.
import { TilewrightError } from '../errors';

export interface Scores {
  values: ArrayLike<number>;
  columns: number;
}

/** Score rows as the row-major form reports use. */
export function scoresOf(rows: number[][]): Scores {
  const columns = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * columns);
  rows.forEach((r, i) => values.set(r, i * columns));
  return { values, columns };
}

interface Common {
  /** The reported class indices (single label) or columns (multi-label), in report order. */
  labels: number[];
  /** The name of each reported label, in the order of labels. */
  names: string[];
  /** Probabilities (or any scores) per class or per label: row-major, `columns` per sample. */
  scores: Scores | null;
}

export interface SingleLabelInput extends Common {
  multilabel: false;
  yTrue: number[];
  yPred: number[];
  /** Whether the person chose the labels (labels or label_names given): scikit-learn then writes
   * `micro avg` instead of `accuracy` unless the labels are exactly the classes that occur. */
  labelsGiven: boolean;
}

export interface MultilabelInput extends Common {
  multilabel: true;
  yTrue: number[][];
  yPred: number[][];
}

export type ReportInput = SingleLabelInput | MultilabelInput;

const KEYS = ['y_true', 'y_pred', 'labels', 'label_names', 'y_score', 'multilabel'];

function bad(field: string, message: string): TilewrightError {
  return new TilewrightError('invalid-params', `${field}: ${message}`, field);
}

function indexList(v: unknown, field: string): number[] {
  if (!Array.isArray(v)) throw bad(field, 'expected a list of class indices.');
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
      throw bad(field, `${field}[${i}] = ${JSON.stringify(x)} is not a class index (an integer ≥ 0).`);
  });
  return v as number[];
}

function indicatorRows(v: unknown, field: string, width?: number): number[][] {
  if (!Array.isArray(v)) throw bad(field, 'expected a list of rows of 0/1, one per sample.');
  const L = width ?? (Array.isArray(v[0]) ? v[0].length : 0);
  v.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== L)
      throw bad(field, `${field}[${i}] is not a row of ${L} values of 0 or 1.`);
    row.forEach((x, l) => {
      if (x !== 0 && x !== 1) throw bad(field, `${field}[${i}][${l}] = ${JSON.stringify(x)} is not 0 or 1.`);
    });
  });
  return v as number[][];
}

function scoreRows(v: unknown, n: number): number[][] {
  if (!Array.isArray(v) || v.length !== n)
    throw bad(
      'y_score',
      `expected ${n} rows of scores, one per sample${Array.isArray(v) ? `, got ${v.length}` : ''}.`,
    );
  const C = Array.isArray(v[0]) ? v[0].length : 0;
  v.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== C || C < 2)
      throw bad(
        'y_score',
        `y_score[${i}] is not a row of ${Math.max(C, 2)} or more numbers like the first row.`,
      );
    row.forEach((x, c) => {
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw bad('y_score', `y_score[${i}][${c}] = ${JSON.stringify(x)} is not a finite number.`);
    });
  });
  return v as number[][];
}

export function parseReportInput(json: unknown): ReportInput {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw bad('input', 'expected a JSON object with y_true and y_pred.');
  const o = json as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw bad(unknown[0], `unknown key (the keys are ${KEYS.join(', ')}).`);
  if (o.y_true === undefined) throw bad('y_true', 'missing.');
  if (o.y_pred === undefined) throw bad('y_pred', 'missing.');
  if (o.multilabel !== undefined && typeof o.multilabel !== 'boolean')
    throw bad('multilabel', 'expected true or false.');
  if (!Array.isArray(o.y_true) || o.y_true.length === 0)
    throw bad('y_true', 'expected a non-empty list, one entry per sample.');
  if (!Array.isArray(o.y_pred) || o.y_pred.length !== o.y_true.length)
    throw bad(
      'y_pred',
      `expected ${o.y_true.length} entries like y_true${Array.isArray(o.y_pred) ? `, got ${o.y_pred.length}` : ''}.`,
    );
  const rows = Array.isArray(o.y_true[0]);
  const multilabel = (o.multilabel as boolean | undefined) ?? rows;
  if (multilabel !== rows)
    throw bad(
      'y_true',
      multilabel
        ? 'multilabel is true, so y_true must hold rows of 0/1.'
        : 'holds rows: set multilabel to true, or give class indices.',
    );
  let names: string[] | null = null;
  if (o.label_names !== undefined) {
    if (!Array.isArray(o.label_names) || o.label_names.some((x) => typeof x !== 'string'))
      throw bad('label_names', 'expected a list of strings, the name of class index i at position i.');
    names = o.label_names as string[];
  }
  let labels: number[] | null = null;
  if (o.labels !== undefined) {
    labels = indexList(o.labels, 'labels');
    if (!labels.length) throw bad('labels', 'expected at least one label.');
    const seen = new Set<number>();
    labels.forEach((l, i) => {
      if (seen.has(l)) throw bad('labels', `labels[${i}] = ${l} is listed twice.`);
      seen.add(l);
    });
  }
  const checkNamed = (values: number[], field: string) => {
    if (!names) return;
    values.forEach((v, i) => {
      if (v >= names.length)
        throw bad(
          field,
          `${field}[${i}] = ${v} has no name: label_names holds ${names.length} names (indices 0-${names.length - 1}).`,
        );
    });
  };
  const nameOf = (l: number) => (names ? names[l] : String(l));

  if (multilabel) {
    const yTrue = indicatorRows(o.y_true, 'y_true');
    const L = yTrue[0].length;
    if (L === 0) throw bad('y_true', 'rows hold no labels.');
    const yPred = indicatorRows(o.y_pred, 'y_pred', L);
    if (names && names.length !== L)
      throw bad('label_names', `expected ${L} names, one per column of y_true, got ${names.length}.`);
    labels ??= Array.from({ length: L }, (_, l) => l);
    labels.forEach((l, i) => {
      if (l >= L) throw bad('labels', `labels[${i}] = ${l} is not a column of y_true (0-${L - 1}).`);
    });
    let scores: Scores | null = null;
    if (o.y_score !== undefined) {
      scores = scoresOf(scoreRows(o.y_score, yTrue.length));
      if (scores.columns !== L)
        throw bad('y_score', `expected ${L} scores per row, one per label, got ${scores.columns}.`);
    }
    return { multilabel: true, yTrue, yPred, labels, names: labels.map(nameOf), scores };
  }

  const yTrue = indexList(o.y_true, 'y_true');
  const yPred = indexList(o.y_pred, 'y_pred');
  checkNamed(yTrue, 'y_true');
  checkNamed(yPred, 'y_pred');
  if (labels) checkNamed(labels, 'labels');
  const labelsGiven = labels !== null || names !== null;
  labels ??= names
    ? Array.from({ length: names.length }, (_, l) => l)
    : [...new Set([...yTrue, ...yPred])].sort((a, b) => a - b);
  let scores: Scores | null = null;
  if (o.y_score !== undefined) {
    scores = scoresOf(scoreRows(o.y_score, yTrue.length));
    const C = scores.columns;
    if (names && C !== names.length)
      throw bad('y_score', `expected ${names.length} scores per row, one per name in label_names, got ${C}.`);
    yTrue.forEach((t, i) => {
      if (t >= C) throw bad('y_true', `y_true[${i}] = ${t} has no score: y_score rows hold ${C} classes.`);
    });
  }
  return { multilabel: false, yTrue, yPred, labels, names: labels.map(nameOf), scores, labelsGiven };
}
