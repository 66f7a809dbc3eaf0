// Files dragged onto an element: whether they are held over it, and what is dropped. Drags that carry no
// files (text, links) are left to the browser.
import { useRef, useState, type DragEvent } from 'react';

const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

interface FileDropOptions {
  /** A zone inside another drop zone keeps its drags and drops from the outer one. */
  nested?: boolean;
}

/**
 * `handlers` go on the zone's element; `onDrop` gets the DataTransfer during the drop event, while its
 * entries can still be read.
 */
export function useFileDrop(onDrop: (data: DataTransfer) => void, { nested = false }: FileDropOptions = {}) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them so the highlight does not flicker.
  const depth = useRef(0);
  const handlers = {
    onDragEnter(e: DragEvent) {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (nested) e.stopPropagation();
      depth.current++;
      setOver(true);
    },
    onDragOver(e: DragEvent) {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (nested) e.stopPropagation();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(e: DragEvent) {
      if (!carriesFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop(e: DragEvent) {
      depth.current = 0;
      setOver(false);
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (nested) e.stopPropagation();
      onDrop(e.dataTransfer);
    },
  };
  return { over, handlers };
}
