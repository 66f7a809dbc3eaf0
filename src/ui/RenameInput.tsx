// Inline rename: Enter saves, Escape cancels; an empty name is refused with a message.
import { useId, useState, type KeyboardEvent } from 'react';
import { describeError } from './errors';

interface Props {
  /** What is renamed: its id and current name. */
  rec: { id: string; name: string };
  rename: (id: string, name: string) => Promise<unknown>;
  onDone: () => void;
}

/** Inline rename of a dataset or a run. */
export function RenameInput({ rec, rename, onDone }: Props) {
  const [value, setValue] = useState(rec.name);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const id = useId();

  const save = async () => {
    if (saving) return;
    if (!value.trim()) {
      setError('A name cannot be empty.');
      return;
    }
    if (value.trim() === rec.name) return onDone();
    setSaving(true);
    try {
      await rename(rec.id, value);
      onDone();
    } catch (e) {
      setError(describeError(e).detail);
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onDone();
    }
  };

  return (
    <div className="rename">
      <label htmlFor={id} className="sr-only">
        New name for {rec.name}
      </label>
      <input
        id={id}
        className="input input-sm"
        value={value}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
        aria-invalid={!!error}
        aria-describedby={`${id}-help`}
        disabled={saving}
        data-testid="rename-input"
      />
      <p
        id={`${id}-help`}
        className={error ? 'field-error' : 'field-hint'}
        role={error ? 'alert' : undefined}
      >
        {error ?? 'Enter to save · Escape to cancel'}
      </p>
    </div>
  );
}
