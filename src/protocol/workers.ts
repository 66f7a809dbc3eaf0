// The APIs each worker exposes through comlink. Import these as types only (`import type`).
import type { ShapesParams } from '../core/generate/params';
import type { ImportReport, JobEvent } from './jobs';
import type { SampleMeta } from './records';

export interface GenerateBatchJob {
  datasetId: string;
  /** Metadata chunk id this batch is written as. */
  chunk: number;
  /** Index of the first sample; the batch makes [start, start + count). */
  start: number;
  count: number;
  seed: number;
  params: ShapesParams;
}

export interface GenerateBatchResult {
  metas: SampleMeta[];
  /** Encoded bytes written. */
  bytes: number;
}

export interface GenerateWorkerApi {
  /** Generates, encodes and stores one batch (one IndexedDB transaction). */
  generateBatch(job: GenerateBatchJob): Promise<GenerateBatchResult>;
  /** Generates without encoding or storing, for the benchmark; returns milliseconds spent. */
  benchGenerate(seed: number, params: ShapesParams, start: number, count: number): Promise<number>;
}

export type ImportSource =
  { kind: 'files'; files: { path: string; file: File }[]; root: string } | { kind: 'zip'; file: File };

export interface ImportWorkerApi {
  /**
   * Hands over part of a folder's files ahead of `importDataset`, which imports these together with its
   * source's own files. Posting a File clones its handle, a few microseconds each on the page: the bridge
   * sends a large folder in parts so that no single message blocks the page.
   */
  addFiles(files: { path: string; file: File }[]): void;
  /**
   * Imports into a new dataset with the given id (the bridge owns the id, so it can clean up after a cancel).
   * Good samples are stored in batches; bad files are listed in the report.
   */
  importDataset(
    datasetId: string,
    name: string,
    source: ImportSource,
    onEvent: (e: JobEvent) => void,
  ): Promise<ImportReport>;
}

export interface ExportWorkerApi {
  /** A zip with images/, masks/ and annotations.json (COCO instances). */
  exportDataset(datasetId: string, onEvent: (e: JobEvent) => void): Promise<Blob>;
}

export interface OverlayWorkerApi {
  /** The mask coloured as a translucent overlay, or null when the PNG cannot be read. */
  maskBitmap(bytes: ArrayBuffer, kind: 'class' | 'instance'): Promise<ImageBitmap | null>;
}
