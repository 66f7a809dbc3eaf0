// A modal on the native <dialog>: focus is trapped and restored by the browser, Escape asks to close.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface DialogProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Extra class on the <dialog>, e.g. for a wide layout. */
  className?: string;
  onKeyDown?: (e: KeyboardEvent<HTMLDialogElement>) => void;
  testId?: string;
  /** Header content right of the title (before the close button). */
  actions?: ReactNode;
  /** Forms say no: a stray click outside should not throw away what was typed. */
  closeOnBackdrop?: boolean;
}

export function Dialog({
  title,
  onClose,
  children,
  className,
  onKeyDown,
  testId,
  actions,
  closeOnBackdrop = true,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
      onMouseDown={(e) => {
        // A press on the backdrop (the dialog element itself, outside its content box) closes.
        if (closeOnBackdrop && e.target === ref.current) onClose();
      }}
    >
      <div className="dialog-body">
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          {actions}
          <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={onClose}>
            <CloseIcon />
          </button>
        </header>
        {children}
      </div>
    </dialog>
  );
}

function CloseIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <path d="M3 3l8 8M11 3l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
