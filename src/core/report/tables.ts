// A report's tables and matrices as files: one CSV each (named by id) and one JSON holding them all.
import { csvLines } from '../formats/csv';
import type { Cell, ReportDocument, Table } from './document';

const text = (v: Cell) => (v === null ? '' : String(v));

export function tableCsv(t: Table): string {
  return csvLines([t.columns, ...t.rows.map((r) => r.map(text))]);
}

/** Every table and matrix of the document, as CSV files keyed by file name. */
export function reportCsvFiles(doc: ReportDocument): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of doc.sections) {
    if (s.kind === 'table') out[`${s.table.id}.csv`] = tableCsv(s.table);
    if (s.kind === 'matrix')
      out[`${s.id}.csv`] = tableCsv({
        id: s.id,
        title: s.title,
        columns: ['true \\ predicted', ...s.labels],
        rows: s.values.map((r, i) => [s.labels[i], ...r]),
      });
  }
  return out;
}

/** The document's facts, tables and matrices as one JSON value (charts and images left out). */
export function reportJson(doc: ReportDocument): unknown {
  const tables: Record<string, unknown> = {};
  for (const s of doc.sections) {
    if (s.kind === 'table')
      tables[s.table.id] = {
        title: s.table.title,
        columns: s.table.columns,
        rows: s.table.rows,
        ...(s.table.note ? { note: s.table.note } : {}),
      };
    if (s.kind === 'matrix') tables[s.id] = { title: s.title, labels: s.labels, values: s.values };
  }
  return {
    title: doc.title,
    generated_at: new Date(doc.generatedAt).toISOString(),
    facts: Object.fromEntries(doc.facts),
    tables,
  };
}
