// "Import checkpoint…": a button in front of a hidden file input (the e2e tests may fill the input).
import { useRef } from 'react';
import { importCheckpoints } from '../../state/runs';

export function ImportCheckpointButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()}>
        Import checkpoint…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        multiple
        className="sr-only"
        tabIndex={-1}
        aria-label="Checkpoint files to import"
        data-testid="checkpoint-input"
        onChange={(e) => {
          const files = e.currentTarget.files ? [...e.currentTarget.files] : [];
          e.currentTarget.value = '';
          if (files.length) void importCheckpoints(files);
        }}
      />
    </>
  );
}
