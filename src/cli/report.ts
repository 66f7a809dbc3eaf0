// `tilewright classification-report IN.json`: read predictions, print the report as JSON.
import { readFile } from 'node:fs/promises';
import { classificationReport } from '../core/evaluate/classificationReport';
import { parseReportInput } from '../core/evaluate/reportInput';
import { isTilewrightError } from '../core/errors';
import { jsonText } from '../core/formats/json';

export class ReportInputError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The report of the file's predictions as JSON text. Bad JSON or fields throw ReportInputError naming the file. */
export async function runClassificationReport(file: string): Promise<string> {
  const where = file === '-' ? 'stdin' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${where}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(`${where}: not JSON (${(e as Error).message})`);
  }
  try {
    return jsonText(classificationReport(parseReportInput(json)));
  } catch (e) {
    if (isTilewrightError(e) && e.code === 'invalid-params')
      throw new ReportInputError(`${where}: ${e.message}`);
    throw e;
  }
}
