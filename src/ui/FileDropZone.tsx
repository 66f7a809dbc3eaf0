// A screen area that takes dropped files; while files are held over it an overlay says what a drop does.
import type { ReactNode } from 'react';
import { UploadIcon } from './icons';
import { useFileDrop } from './useFileDrop';

interface Props {
  testId: string;
  /** The overlay's headline and the line under it. */
  title: string;
  hint: string;
  /** Called during the drop event, so the DataTransfer's entries are still readable. */
  onDrop: (data: DataTransfer) => void;
  children: ReactNode;
}

export function FileDropZone({ testId, title, hint, onDrop, children }: Props) {
  const { over, handlers } = useFileDrop(onDrop);
  return (
    <div className="dropzone" data-testid={testId} {...handlers}>
      {children}
      {over && (
        <div className="dropzone-overlay" aria-hidden="true">
          <div className="dropzone-card">
            <UploadIcon />
            <strong>{title}</strong>
            <span>{hint}</span>
          </div>
        </div>
      )}
    </div>
  );
}
