// "Import folder…" and "Import zip…": buttons in front of hidden file inputs (the e2e tests fill the inputs).
import { useEffect, useRef, type ChangeEvent } from 'react';
import { sourceFromFileList } from '../../client/importer';
import { startImport } from '../../state/jobActions';
import { toastError } from '../../state/toasts';
import { useJobRunning } from '../jobs/useJobRunning';

export function ImportButtons() {
  const running = useJobRunning();
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Not in React's attribute types; set directly so the picker chooses folders.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const onPicked = (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const files = input.files ? [...input.files] : [];
    // Reset, so choosing the same folder again fires another change.
    input.value = '';
    if (!files.length) return;
    try {
      void startImport(sourceFromFileList(files));
    } catch (err) {
      toastError(err);
    }
  };

  return (
    <>
      <button type="button" className="btn" onClick={() => folderInput.current?.click()} disabled={running}>
        Import folder…
      </button>
      <button type="button" className="btn" onClick={() => zipInput.current?.click()} disabled={running}>
        Import zip…
      </button>
      <input
        ref={folderInput}
        type="file"
        multiple
        className="sr-only"
        tabIndex={-1}
        aria-label="Folder to import"
        data-testid="import-folder-input"
        onChange={onPicked}
      />
      <input
        ref={zipInput}
        type="file"
        accept=".zip,application/zip"
        className="sr-only"
        tabIndex={-1}
        aria-label="Zip file to import"
        data-testid="import-zip-input"
        onChange={onPicked}
      />
    </>
  );
}
