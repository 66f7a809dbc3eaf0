// What the worker says while the run trains. Debug lines are kept only with "Verbose log" on.
import { useEffect, useId, useRef } from 'react';
import { setVerboseLog } from '../../state/runs';
import { useStudio } from '../../state/store';
import { useIsLive, useLogLines } from './useRunData';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function RunLog({ id }: { id: string }) {
  const lines = useLogLines(id);
  const live = useIsLive(id);
  const verbose = useStudio((s) => s.verboseLog);
  const checkId = useId();
  const box = useRef<HTMLOListElement>(null);
  const stick = useRef(true);

  // Follow the newest line unless the person scrolled up to read.
  useEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <section className="panel run-log" aria-labelledby="run-log-title">
      <header className="panel-head">
        <h2 id="run-log-title">Log</h2>
        <label className="check check-sm" htmlFor={checkId}>
          <input
            id={checkId}
            type="checkbox"
            checked={verbose}
            onChange={(e) => setVerboseLog(e.target.checked)}
          />
          Verbose log
        </label>
      </header>
      {lines.length === 0 ? (
        <p className="panel-empty muted" data-testid="run-log" data-lines={0}>
          {live
            ? 'Nothing logged yet.'
            : 'The log is shown while a run trains in this tab; it is not stored with the run.'}
        </p>
      ) : (
        <ol
          ref={box}
          className="log-lines"
          data-testid="run-log"
          data-lines={lines.length}
          aria-live="off"
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {lines.map((l) => (
            <li key={l.id} className={`log-line log-${l.level}`}>
              <time className="log-time">{timeFormat.format(l.at)}</time>
              <span className="log-level">{l.level}</span>
              <span className="log-msg">{l.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
