// Error codes → what the person reads. Bridges and storage throw TilewrightError; nothing else words errors.
import { isTilewrightError, type ErrorCode } from '../core/errors';

export interface ErrorMessage {
  title: string;
  detail: string;
}

const MESSAGES: Record<ErrorCode, (subject?: string) => ErrorMessage> = {
  'storage-full': () => ({
    title: "The browser's storage is full",
    detail:
      'The last batch was not written. Free space by deleting datasets you no longer need; nothing already stored was lost.',
  }),
  'storage-failed': (s) => ({
    title: 'Could not write to browser storage',
    detail: `Writing ${s ?? 'data'} failed. Nothing already stored was lost; try again, or reload the page.`,
  }),
  'invalid-params': (s) => ({
    title: 'Invalid settings',
    detail: s ? `Check the field "${s}".` : 'Check the highlighted fields.',
  }),
  'not-found': () => ({
    title: 'Dataset not found',
    detail: 'It was deleted, perhaps in another tab.',
  }),
  'bad-file': (s) => ({
    title: 'Unreadable file',
    detail: s ? `"${s}" could not be read.` : 'A file could not be read.',
  }),
  'bad-layout': () => ({
    title: 'Unrecognised layout',
    detail:
      'Use an ImageFolder (one folder per class), an images/ + masks/ pair, or COCO instances (an annotation file beside its images), as a folder or a .zip file.',
  }),
  cancelled: () => ({ title: 'Cancelled', detail: 'The job was stopped.' }),
  busy: () => ({
    title: 'A run is already training',
    detail: 'One run trains at a time in this tab. Wait for it to end, or stop it first.',
  }),
  'device-lost': () => ({
    title: 'The GPU was lost',
    detail:
      'The graphics device stopped answering mid-run. Resume from the last checkpoint, on WebGL or the CPU if it happens again.',
  }),
  'backend-unavailable': (s) => ({
    title: 'Backend unavailable',
    detail: `The ${s ?? 'chosen'} backend cannot start in this browser. Choose another one, or auto.`,
  }),
  'gpu-oom': () => ({
    title: 'Out of memory',
    detail: 'The backend ran out of memory. Use a smaller batch size, input size or model.',
  }),
  'non-finite-loss': () => ({
    title: 'The loss diverged',
    detail: 'The loss became NaN or infinite. Lower the learning rate or turn on gradient clipping.',
  }),
  incompatible: (s) => ({
    title: 'Model and data do not fit',
    detail: s ? `The model cannot score "${s}".` : 'The model cannot score this data.',
  }),
  'training-failed': () => ({
    title: 'Training failed',
    detail: 'The run stopped on an error. Its last checkpoint is kept.',
  }),
};

/** Title and detail for any thrown value; the error's own message is kept as the detail when it says more. */
export function describeError(e: unknown): ErrorMessage {
  if (isTilewrightError(e) && e.code in MESSAGES) {
    const base = MESSAGES[e.code](e.subject);
    // Bridges word specific messages (which field, which file); prefer them for the codes that carry a subject.
    const specific =
      e.code === 'invalid-params' ||
      e.code === 'bad-layout' ||
      e.code === 'bad-file' ||
      e.code === 'cancelled' ||
      e.code === 'busy';
    return specific && e.message ? { title: base.title, detail: e.message } : base;
  }
  if (e instanceof DOMException && e.name === 'QuotaExceededError') return MESSAGES['storage-full']();
  const detail = e instanceof Error ? e.message : String(e);
  return { title: 'Something went wrong', detail: detail || 'An unexpected error occurred.' };
}

/** One line: "Title: detail". */
export function errorText(e: unknown): string {
  const { title, detail } = describeError(e);
  return `${title}: ${detail}`;
}

export function isCancel(e: unknown): boolean {
  return (
    (isTilewrightError(e) && e.code === 'cancelled') || (e instanceof DOMException && e.name === 'AbortError')
  );
}
