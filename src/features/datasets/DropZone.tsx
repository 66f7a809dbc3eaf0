// Folders and zips dropped anywhere on the wrapped screen are imported.
import type { ReactNode } from 'react';
import { sourceFromDrop } from '../../client/importer';
import { startImport } from '../../state/jobActions';
import { isJobRunning } from '../../state/jobs';
import { toast, toastError } from '../../state/toasts';
import { FileDropZone } from '../../ui/FileDropZone';

function onDrop(data: DataTransfer): void {
  if (isJobRunning()) {
    toast('info', 'A job is already running', 'Wait for it to finish, or cancel it, then drop again.');
    return;
  }
  // Must run inside the drop event: the entries are only readable synchronously.
  sourceFromDrop(data).then(startImport, toastError);
}

export function DropZone({ children }: { children: ReactNode }) {
  return (
    <FileDropZone
      testId="drop-zone"
      title="Drop to import"
      hint="An ImageFolder (one folder per class), an images/ + masks/ folder, COCO instances, or a .zip of any."
      onDrop={onDrop}
    >
      {children}
    </FileDropZone>
  );
}
