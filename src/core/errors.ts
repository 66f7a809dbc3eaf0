// Named errors with a code and the thing they concern; the UI maps codes to messages.

export type ErrorCode =
  | 'invalid-params'
  | 'storage-full'
  | 'storage-failed'
  | 'not-found'
  | 'bad-file'
  | 'bad-layout'
  | 'cancelled';

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
