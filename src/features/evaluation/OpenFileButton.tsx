// "Open a file…": a checkpoint .zip or a metrics CSV, to look at without storing it.
import { useRef } from 'react';
import { openFile } from '../../state/openFile';

export function OpenFileButton({ primary }: { primary?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={`btn ${primary ? 'btn-primary' : ''}`}
        onClick={() => input.current?.click()}
      >
        Open a file…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,.csv,application/zip,text/csv"
        hidden
        aria-label="Checkpoint (.zip) or metrics log (.csv) to open"
        data-testid="open-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void openFile(f);
        }}
      />
    </>
  );
}
