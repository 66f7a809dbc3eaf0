// Opening a file to look at it: a checkpoint .zip (its model, config and history, and evaluate it) or a
// metrics CSV (every metric plotted). Read on the page: both readers are plain TypeScript, no tfjs.
import { navigate } from '../app/routes';
import { TilewrightError } from '../core/errors';
import { readCheckpoint } from '../core/train/checkpoint';
import { parseMetricsCsv } from '../core/train/history';
import { useStudio } from './store';
import { toastError } from './toasts';

/** Larger CSVs are refused: a 100,000-step log is a few MB. */
const MAX_CSV_BYTES = 200 << 20;

export async function openFile(file: File): Promise<void> {
  try {
    const name = file.name;
    if (/\.csv$/i.test(name)) {
      if (file.size > MAX_CSV_BYTES)
        throw new TilewrightError(
          'bad-file',
          `${name} is ${Math.round(file.size / 1e6)} MB: too large for a metrics log.`,
          name,
        );
      const table = parseMetricsCsv(await file.text());
      if (!table.columns.length) throw new TilewrightError('bad-file', `${name} is empty.`, name);
      useStudio.setState({ opened: { kind: 'metrics', fileName: name, table } });
    } else if (/\.zip$/i.test(name)) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const contents = readCheckpoint(bytes, name);
      useStudio.setState({ opened: { kind: 'checkpoint', fileName: name, bytes, contents } });
    } else
      throw new TilewrightError(
        'bad-file',
        `${name}: open a checkpoint (.zip) or a metrics log (.csv).`,
        name,
      );
    navigate({ name: 'viewer' });
  } catch (e) {
    // Messages from the readers name the file (or metrics.csv and its line); say which file that was.
    if (e instanceof TilewrightError && !e.message.includes(file.name))
      toastError(new TilewrightError(e.code, `${file.name}: ${e.message}`, e.subject));
    else toastError(e);
  }
}
