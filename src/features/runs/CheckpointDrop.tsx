// Checkpoint zips dropped anywhere on the wrapped screen become imported runs.
import type { ReactNode } from 'react';
import { importCheckpoints } from '../../state/runs';
import { FileDropZone } from '../../ui/FileDropZone';

export function CheckpointDrop({ children }: { children: ReactNode }) {
  return (
    <FileDropZone
      testId="checkpoint-drop"
      title="Drop to import a checkpoint"
      hint="A checkpoint .zip exported from Tilewright becomes a run here, with its history."
      onDrop={(data) => void importCheckpoints([...data.files])}
    >
      {children}
    </FileDropZone>
  );
}
