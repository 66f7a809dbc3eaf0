// "Import config" (a hidden file input behind a button) and "Export config", and the list of what was
// wrong with an imported file.
import { useRef, type ChangeEvent } from 'react';
import type { ImportProblems } from './useExperiment';

interface Props {
  onImport: (file: File) => void;
  onExport: () => void;
  /** Export needs a valid config: the file is the complete parsed one. */
  canExport: boolean;
}

export function ConfigFileButtons({ onImport, onExport, canExport }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const onPicked = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    // Reset, so picking the same file again (after fixing it) fires another change.
    e.currentTarget.value = '';
    if (file) onImport(file);
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()}>
        Import config
      </button>
      <button
        type="button"
        className="btn"
        onClick={onExport}
        disabled={!canExport}
        title={canExport ? undefined : 'Fix the fields marked in red first.'}
      >
        Export config
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        tabIndex={-1}
        aria-label="Config file to import"
        data-testid="config-import-input"
        onChange={onPicked}
      />
    </>
  );
}

export function ImportProblemsPanel({
  report,
  onDismiss,
}: {
  report: ImportProblems;
  onDismiss: () => void;
}) {
  const { fileName, problems } = report;
  return (
    <section
      className="notice notice-error exp-import-problems"
      role="alert"
      data-testid="config-import-problems"
    >
      <div className="exp-import-problems-head">
        <strong>
          {fileName} was not imported: {problems.length === 1 ? 'one problem' : `${problems.length} problems`}
          . Nothing in the form changed.
        </strong>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.path && <code>{p.path}</code>} {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
