// Files dropped anywhere on the experiment screen: a config .json, or a model's files (the owner sorts them).
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { UploadIcon } from '../../ui/icons';

const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

export function ConfigDrop({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them so the overlay does not flicker.
  const depth = useRef(0);
  return (
    <div
      className="dropzone"
      data-testid="experiment-drop"
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
        depth.current = 0;
        setOver(false);
        if (!carriesFiles(e)) return;
        e.preventDefault();
        onFiles([...e.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <div className="dropzone-overlay" aria-hidden="true">
          <div className="dropzone-card">
            <UploadIcon />
            <strong>Drop to import</strong>
            <span>A config .json fills the form; a model.json with its .bin files becomes a backbone.</span>
          </div>
        </div>
      )}
    </div>
  );
}
