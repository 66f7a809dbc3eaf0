// Files dropped anywhere on the experiment screen: a config .json, or a model's files (the owner sorts them).
import type { ReactNode } from 'react';
import { FileDropZone } from '../../ui/FileDropZone';

export function ConfigDrop({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  return (
    <FileDropZone
      testId="experiment-drop"
      title="Drop to import"
      hint="A config .json fills the form; a model.json with its .bin files becomes a backbone."
      onDrop={(data) => onFiles([...data.files])}
    >
      {children}
    </FileDropZone>
  );
}
