// Checkpoint zips dropped anywhere on the wrapped screen become imported runs.
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { importCheckpoints } from '../../state/runs';
import { UploadIcon } from '../../ui/icons';

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer.types.includes('Files');
}

export function CheckpointDrop({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them so the overlay does not flicker.
  const depth = useRef(0);
  return (
    <div
      className="dropzone"
      data-testid="checkpoint-drop"
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
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        void importCheckpoints([...e.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <div className="dropzone-overlay" aria-hidden="true">
          <div className="dropzone-card">
            <UploadIcon />
            <strong>Drop to import a checkpoint</strong>
            <span>A checkpoint .zip exported from Tilewright becomes a run here, with its history.</span>
          </div>
        </div>
      )}
    </div>
  );
}
