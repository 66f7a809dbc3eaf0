// An evaluation's samples as rows to list, sort, filter and download: what was true, what the model
// said, how sure it was, and its loss.
import type { Target } from '../train/types';
import { csvLines } from '../formats/csv';
import { argmaxRow } from './headline';

export interface SampleRow {
  /** Position in the evaluation's samples. */
  i: number;
  key: number;
  name: string;
  /** True classes (one for single label), and the predicted ones (argmax; or every label ≥ threshold). */
  target: number[];
  predicted: number[];
  /**
   * Single label: the probability of the predicted class. Multi-label: the mean over labels of the
   * probability given to the decision taken (p when predicted, 1 - p when not).
   */
  confidence: number;
  loss: number;
  correct: boolean;
}

export interface ScoredSamples {
  keys: number[];
  names: string[];
  targets: Target[];
  probs: Float32Array;
  losses: Float32Array;
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export function sampleRows(
  s: ScoredSamples,
  numClasses: number,
  multilabel: boolean,
  threshold: number,
): SampleRow[] {
  return s.keys.map((key, i) => {
    const t = s.targets[i];
    const target = typeof t === 'number' ? [t] : [...t].sort((a, b) => a - b);
    let predicted: number[];
    let confidence: number;
    if (!multilabel) {
      const c = argmaxRow(s.probs, i, numClasses);
      predicted = [c];
      confidence = s.probs[i * numClasses + c];
    } else {
      predicted = [];
      let sum = 0;
      for (let c = 0; c < numClasses; c++) {
        const p = s.probs[i * numClasses + c];
        if (p >= threshold) predicted.push(c);
        sum += p >= threshold ? p : 1 - p;
      }
      confidence = sum / numClasses;
    }
    return {
      i,
      key,
      name: s.names[i],
      target,
      predicted,
      confidence,
      loss: s.losses[i],
      correct: sameSet(target, predicted),
    };
  });
}

export type RowOrder = 'confidence' | 'loss';

/** Most confident (or highest loss) first; ties by name, so the order is stable. */
export function sortRows(rows: SampleRow[], by: RowOrder): SampleRow[] {
  return [...rows].sort((a, b) => b[by] - a[by] || a.name.localeCompare(b.name));
}

/** Single label: the samples of one confusion-matrix cell (true class, predicted class). */
export function inCell(rows: SampleRow[], trueClass: number, predictedClass: number): SampleRow[] {
  return rows.filter((r) => r.target[0] === trueClass && r.predicted[0] === predictedClass);
}

/** file_name, true, predicted, confidence, loss; multi-label sets joined by ";". */
export function samplesCsv(rows: SampleRow[], classes: string[]): string {
  const names = (cs: number[]) => cs.map((c) => classes[c] ?? String(c)).join(';');
  return csvLines([
    ['file_name', 'true', 'predicted', 'confidence', 'loss'],
    ...rows.map((r) => [r.name, names(r.target), names(r.predicted), String(r.confidence), String(r.loss)]),
  ]);
}
