// `tilewright classification-report IN.json` and `segmentation-report IN.json`: read predictions made
// anywhere, print the report as JSON.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { classificationReport } from '../core/evaluate/classificationReport';
import { parseReportInput } from '../core/evaluate/reportInput';
import { parseSegmentationInput, segmentationReport } from '../core/evaluate/segmentationReport';
import { decodeLabelPng } from '../core/formats/png';
import type { LabelMap } from '../core/metrics/segmentation';
import { isTilewrightError } from '../core/errors';
import { jsonText } from '../core/formats/json';

export class ReportInputError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export type ReportKind = 'classification' | 'segmentation';

async function readInput(file: string): Promise<{ where: string; json: unknown }> {
  const where = file === '-' ? 'stdin' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${where}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return { where, json: JSON.parse(text) };
  } catch (e) {
    throw new ReportInputError(`${where}: not JSON (${(e as Error).message})`);
  }
}

/** A PNG label map named in IN, relative to IN's folder (or the working folder for stdin). */
function pngLoader(file: string): (p: string, field: string) => LabelMap {
  const base = file === '-' ? process.cwd() : path.dirname(path.resolve(file));
  return (p, field) => {
    const full = path.resolve(base, p);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ReportInputError(`${field}: cannot read ${p}${code === 'ENOENT' ? ' (no such file)' : ''}`);
    }
    try {
      return decodeLabelPng(bytes);
    } catch (e) {
      throw new ReportInputError(`${field}: ${p}: ${(e as Error).message}`);
    }
  };
}

/** The report of the file's predictions as JSON text. Bad JSON or fields throw ReportInputError naming the file. */
export async function runReport(kind: ReportKind, file: string): Promise<string> {
  const { where, json } = await readInput(file);
  try {
    if (kind === 'classification') return jsonText(classificationReport(parseReportInput(json)));
    return jsonText(segmentationReport(parseSegmentationInput(json, pngLoader(file))));
  } catch (e) {
    if (e instanceof ReportInputError) throw new ReportInputError(`${where}: ${e.message}`);
    if (isTilewrightError(e) && e.code === 'invalid-params')
      throw new ReportInputError(`${where}: ${e.message}`);
    throw e;
  }
}
