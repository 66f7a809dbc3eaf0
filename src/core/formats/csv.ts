// CSV as Python's csv module writes it: fields quoted only when needed (QUOTE_MINIMAL, RFC 4180) and
// \r\n line ends, so our files read the same in pandas, Excel and a text editor.

/** One field: quoted when it holds a comma, a quote or a line break, inner quotes doubled. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Lines of fields, each line ended by \r\n. */
export function csvLines(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
