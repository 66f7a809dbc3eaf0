// The generate form in a dialog: a new dataset, or more samples for an existing shapes dataset.
import type { DatasetRecord } from '../../protocol/records';
import { Dialog } from '../../ui/Dialog';
import { AppendForm } from './AppendForm';
import { GenerateForm } from './GenerateForm';

export type GenerateMode = { kind: 'new' } | { kind: 'append'; rec: DatasetRecord };

export function GenerateDialog({ mode, onClose }: { mode: GenerateMode; onClose: () => void }) {
  return (
    <Dialog
      title={mode.kind === 'new' ? 'Generate a shapes dataset' : `Append to "${mode.rec.name}"`}
      onClose={onClose}
      className="dialog-form"
      testId="generate-dialog"
      closeOnBackdrop={false}
    >
      {mode.kind === 'new' ? (
        <GenerateForm onClose={onClose} />
      ) : (
        <AppendForm rec={mode.rec} onClose={onClose} />
      )}
    </Dialog>
  );
}
