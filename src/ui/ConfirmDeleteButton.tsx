// "Delete", then a confirmation that says what goes; the deletion runs only once it is confirmed.
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  /** The name of what is deleted, for the dialog's title. */
  name: string;
  small?: boolean;
  disabled?: boolean;
  /** The button's tooltip, e.g. why it is disabled. */
  title?: string;
  onConfirm: () => void | Promise<unknown>;
  /** The dialog's text: what goes, and whether it can be undone. */
  children: ReactNode;
}

export function ConfirmDeleteButton({ name, small, disabled, title, onConfirm, children }: Props) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`btn btn-danger-quiet ${small ? 'btn-sm' : ''}`}
        onClick={() => setAsking(true)}
        disabled={disabled}
        title={title}
      >
        Delete
      </button>
      {asking && (
        <ConfirmDialog
          title={`Delete "${name}"?`}
          confirmLabel="Delete"
          danger
          onConfirm={() => {
            setAsking(false);
            void onConfirm();
          }}
          onCancel={() => setAsking(false)}
        >
          {children}
        </ConfirmDialog>
      )}
    </>
  );
}
