// Messages long jobs (generation, import, export, evaluation) report to the page: one discriminated union.

export type JobKind = 'generate' | 'import' | 'export' | 'evaluate';

export type JobEvent =
  /** The dataset this job writes, sent as soon as it exists (so the page can tell it from interrupted ones). */
  | { kind: 'dataset'; datasetId: string }
  | { kind: 'progress'; done: number; total: number; phase?: string }
  | { kind: 'done'; done: number; total: number }
  | { kind: 'error'; code: string; message: string };

/** One entry of an import report: a file that was not imported, and why. */
export interface ImportProblem {
  path: string;
  reason:
    | 'not-an-image'
    | 'unreadable'
    | 'missing-mask'
    | 'missing-image'
    | 'bad-mask'
    | 'size-mismatch'
    | 'outside-layout'
    /** COCO: an annotation file that cannot be parsed, or annotations that cannot become instances. */
    | 'bad-annotation';
  detail: string;
}

export interface ImportReport {
  datasetId: string | null;
  layout: 'imagefolder' | 'image-mask' | 'coco' | 'unknown';
  imported: number;
  problems: ImportProblem[];
  classes: string[];
  seconds: number;
}
