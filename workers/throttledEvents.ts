// Job events to the page at most every EVENT_MS (a forced event always goes: the first, the last, errors).
import type { JobEvent } from '../src/protocol/jobs';

const EVENT_MS = 100;

export function throttledEmitter(onEvent: (e: JobEvent) => void): (e: JobEvent, force?: boolean) => void {
  let last = 0;
  return (e, force = false) => {
    const now = performance.now();
    if (!force && now - last < EVENT_MS) return;
    last = now;
    // onEvent is a comlink proxy: the call returns a promise that fails if the page has gone away.
    const r = onEvent(e) as unknown;
    if (r instanceof Promise) r.catch(() => undefined);
  };
}
