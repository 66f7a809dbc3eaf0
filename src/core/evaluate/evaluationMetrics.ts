// An evaluation's classification report and calibration, from its scored samples: the same code as
// `tilewright classification-report`, over every class of the checkpoint (labels = range(C)).
import type { Calibration } from '../metrics/scoring';
import { calibration } from '../metrics/scoring';
import { classificationReport, ECE_BINS, type ClassificationReport } from './classificationReport';
import type { SampleRow } from './sampleRows';

export interface EvaluationMetrics {
  report: ClassificationReport;
  /** Reliability bins of the top-label confidence; single label only. */
  calibration: Calibration | null;
}

export function evaluationMetrics(
  rows: SampleRow[],
  probs: ArrayLike<number>,
  classes: string[],
  multilabel: boolean,
): EvaluationMetrics {
  const C = classes.length;
  const labels = classes.map((_, c) => c);
  const scores = { values: probs, columns: C };
  if (multilabel) {
    const indicator = (cs: number[]) => {
      const row = new Array<number>(C).fill(0);
      for (const c of cs) row[c] = 1;
      return row;
    };
    const report = classificationReport({
      multilabel: true,
      yTrue: rows.map((r) => indicator(r.target)),
      yPred: rows.map((r) => indicator(r.predicted)),
      labels,
      names: classes,
      scores,
    });
    return { report, calibration: null };
  }
  const yTrue = rows.map((r) => r.target[0]);
  const report = classificationReport({
    multilabel: false,
    yTrue,
    yPred: rows.map((r) => r.predicted[0]),
    labels,
    names: classes,
    scores: C >= 2 ? scores : null,
    labelsGiven: true,
  });
  return { report, calibration: C >= 2 ? calibration(yTrue, probs, C, ECE_BINS) : null };
}
