// A report as data: facts and sections (tables, a heatmap matrix, line charts, a gallery, preformatted
// text). Evaluation and segmentation fill one; html.ts renders it to one self-contained page, and
// tables.ts writes its tables as CSV and JSON. Text here is plain text: renderers escape it.

export type Cell = string | number | null;

export interface Table {
  /** File-name-safe id, e.g. "classification_report" (the CSV is named after it). */
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  note?: string;
}

export interface ChartSeries {
  name: string;
  points: { x: number; y: number }[];
}

export interface Chart {
  title: string;
  xLabel: string;
  series: ChartSeries[];
  /** Fractions are drawn on 0..1 with percent ticks. */
  percent?: boolean;
  /** A dashed diagonal y = x (reliability diagrams). */
  diagonal?: boolean;
}

export interface GalleryItem {
  /** data: URL of the image (already validated as an image type), or absent when the image is gone. */
  image?: string;
  lines: string[];
}

export type Section =
  | { kind: 'table'; table: Table }
  | {
      kind: 'matrix';
      id: string;
      title: string;
      labels: string[];
      values: number[][];
      note?: string;
      fraction: boolean;
    }
  | { kind: 'charts'; title: string; charts: Chart[] }
  | { kind: 'gallery'; title: string; note?: string; items: GalleryItem[] }
  | { kind: 'text'; title: string; text: string };

export interface ReportDocument {
  title: string;
  /** Label and value pairs shown under the title. */
  facts: [string, string][];
  sections: Section[];
  generatedAt: number;
}
