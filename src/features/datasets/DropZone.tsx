// Folders and zips dropped anywhere on the wrapped screen are imported.
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { sourceFromDrop } from '../../client/importer';
import { startImport } from '../../state/jobActions';
import { isJobRunning } from '../../state/jobs';
import { toast, toastError } from '../../state/toasts';
import { UploadIcon } from '../../ui/icons';

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer.types.includes('Files');
}

export function DropZone({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them so the overlay does not flicker.
  const depth = useRef(0);

  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    if (isJobRunning()) {
      toast('info', 'A job is already running', 'Wait for it to finish, or cancel it, then drop again.');
      return;
    }
    // Must run inside the drop event: the entries are only readable synchronously.
    sourceFromDrop(e.dataTransfer).then(startImport, toastError);
  };

  return (
    <div
      className="dropzone"
      data-testid="drop-zone"
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={onDrop}
    >
      {children}
      {over && (
        <div className="dropzone-overlay" aria-hidden="true">
          <div className="dropzone-card">
            <UploadIcon />
            <strong>Drop to import</strong>
            <span>
              An ImageFolder (one folder per class), an images/ + masks/ folder, COCO instances, or a .zip of
              any.
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
