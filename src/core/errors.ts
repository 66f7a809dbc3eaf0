// Named errors with a code and the thing they concern; the UI maps codes to messages.

export type ErrorCode =
  | 'invalid-params'
  | 'storage-full'
  | 'storage-failed'
  | 'not-found'
  | 'bad-file'
  | 'bad-layout'
  | 'cancelled'
  /** A training run is already live in this tab (one at a time). */
  | 'busy'
  /** The GPU device was lost mid-run (driver reset, tab in background too long); resumable on another backend. */
  | 'device-lost'
  /** The chosen tfjs backend cannot start in this browser. */
  | 'backend-unavailable'
  /** The backend ran out of memory (batch, input or model too large for it). */
  | 'gpu-oom'
  /** The training loss became NaN or infinite. */
  | 'non-finite-loss'
  /** Training failed for a reason without a code of its own. */
  | 'training-failed'
  /** A model and a dataset (or a file) that do not fit together, e.g. classes the model never saw. */
  | 'incompatible';

export class TilewrightError extends Error {
  readonly code: ErrorCode;
  /** The file, field or value the error concerns. */
  readonly subject?: string;
  constructor(code: ErrorCode, message: string, subject?: string) {
    super(message);
    this.name = 'TilewrightError';
    this.code = code;
    this.subject = subject;
  }
}

export function isTilewrightError(e: unknown): e is TilewrightError {
  return e instanceof Error && typeof (e as Partial<TilewrightError>).code === 'string';
}
