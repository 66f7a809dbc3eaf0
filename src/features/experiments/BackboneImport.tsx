// A drop zone and file picker for a tfjs LayersModel (model.json plus its .bin weight files).
import { useRef, type ChangeEvent } from 'react';
import { describeError } from '../../ui/errors';
import { UploadIcon } from '../../ui/icons';
import { useFileDrop } from '../../ui/useFileDrop';

export type BackboneImportState =
  | { status: 'idle' }
  | { status: 'reading'; files: string[] }
  | { status: 'done'; name: string }
  | { status: 'error'; error: unknown };

/** The error's own message, with the file it concerns named when the message does not already. */
export function backboneErrorText(e: unknown): string {
  const { detail } = describeError(e);
  const subject = (e as { subject?: unknown } | null)?.subject;
  return typeof subject === 'string' && subject && !detail.includes(subject)
    ? `${subject}: ${detail}`
    : detail;
}

interface Props {
  state: BackboneImportState;
  onFiles: (files: File[]) => void;
  /** Hidden (only the file input stays) unless the model is 'pretrained'. */
  visible: boolean;
}

export function BackboneImport({ state, onFiles, visible }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const reading = state.status === 'reading';

  const onPicked = (e: ChangeEvent<HTMLInputElement>) => {
    const files = e.currentTarget.files ? [...e.currentTarget.files] : [];
    // Reset, so picking the same files again fires another change.
    e.currentTarget.value = '';
    if (files.length) onFiles(files);
  };
  // The form around takes drops as configs; model files dropped here are this zone's.
  const { over, handlers } = useFileDrop(
    (data) => {
      const files = [...data.files];
      if (files.length && !reading) onFiles(files);
    },
    { nested: true },
  );

  const fileInput = (
    <input
      ref={input}
      type="file"
      multiple
      accept=".json,.bin,application/json,application/octet-stream"
      className="sr-only"
      tabIndex={-1}
      aria-label="Backbone files to import"
      data-testid="backbone-input"
      onChange={onPicked}
    />
  );
  if (!visible) return fileInput;

  return (
    <div className="span-all exp-backbone-import">
      <div
        className={`exp-dropzone ${over ? 'exp-dropzone-over' : ''}`}
        data-testid="backbone-drop"
        {...handlers}
      >
        <UploadIcon />
        <div className="exp-dropzone-text">
          <strong>{reading ? 'Reading the model…' : 'Import a pretrained backbone'}</strong>
          <span className="muted">
            {reading
              ? state.files.join(', ')
              : 'Drop a tfjs LayersModel here: model.json with its .bin weight files.'}
          </span>
        </div>
        <button
          type="button"
          className="btn btn-sm"
          disabled={reading}
          onClick={() => input.current?.click()}
        >
          Choose files…
        </button>
        {fileInput}
      </div>
      {state.status === 'error' && (
        <p className="notice notice-error exp-notice" role="alert" data-testid="backbone-error">
          <strong>Could not import the backbone</strong>
          <span>{backboneErrorText(state.error)}</span>
        </p>
      )}
      {state.status === 'done' && (
        <p className="field-hint" role="status">
          Imported “{state.name}”: it is picked above.
        </p>
      )}
    </div>
  );
}
