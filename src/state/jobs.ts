// Runs the one long job: owns its AbortController, feeds progress to the job bar, and refuses a second
// start while one runs (the guard is here, not only in the buttons' disabled attribute).
import type { JobEvent, JobKind } from '../protocol/jobs';
import { isCancel } from '../ui/errors';
import { useStudio } from './store';

export type JobOutcome<T> =
  | { status: 'done'; value: T }
  /** Stopped by Cancel; some jobs still hand back what they kept (generation resolves with the record). */
  | { status: 'cancelled'; value?: T }
  | { status: 'failed'; error: unknown }
  | { status: 'busy' };

export interface JobSpec {
  kind: JobKind;
  subject: string;
  datasetId?: string;
  /** Called once with the first progress report (e.g. to list the dataset now being written). */
  onStarted?: () => void;
}

let controller: AbortController | null = null;
let nextId = 1;
// Progress can arrive thousands of times a second; the bar is repainted at most this often.
const PAINT_MS = 100;

export function isJobRunning(): boolean {
  return controller !== null;
}

export async function runJob<T>(
  spec: JobSpec,
  run: (signal: AbortSignal, onEvent: (e: JobEvent) => void) => Promise<T>,
): Promise<JobOutcome<T>> {
  if (controller) return { status: 'busy' };
  const ctrl = new AbortController();
  controller = ctrl;
  const id = nextId++;
  const now = performance.now();
  useStudio.setState({
    job: {
      id,
      kind: spec.kind,
      subject: spec.subject,
      datasetId: spec.datasetId,
      done: 0,
      total: 0,
      startedAt: now,
      firstDone: 0,
      lastAt: now,
      cancelling: false,
    },
  });

  let pending: JobEvent | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  const paint = () => {
    timer = null;
    const e = pending;
    pending = null;
    if (!e || e.kind === 'error' || e.kind === 'dataset') return;
    const t = performance.now();
    useStudio.setState((s) => {
      if (!s.job || s.job.id !== id) return {};
      const first = s.job.firstAt === undefined;
      return {
        job: {
          ...s.job,
          done: e.done,
          total: e.total,
          phase: e.kind === 'progress' ? (e.phase ?? s.job.phase) : s.job.phase,
          firstAt: first ? t : s.job.firstAt,
          firstDone: first ? e.done : s.job.firstDone,
          lastAt: t,
        },
      };
    });
  };
  const onEvent = (e: JobEvent) => {
    if (ctrl.signal.aborted || e.kind === 'error') return;
    if (e.kind === 'dataset') {
      useStudio.setState((s) => (s.job?.id === id ? { job: { ...s.job, datasetId: e.datasetId } } : {}));
      return;
    }
    if (!started) {
      started = true;
      spec.onStarted?.();
    }
    pending = e;
    const firstOrLast = useStudio.getState().job?.firstAt === undefined || e.kind === 'done';
    if (firstOrLast) {
      if (timer) clearTimeout(timer);
      paint();
    } else if (!timer) timer = setTimeout(paint, PAINT_MS);
  };

  try {
    const value = await run(ctrl.signal, onEvent);
    return ctrl.signal.aborted ? { status: 'cancelled', value } : { status: 'done', value };
  } catch (error) {
    return ctrl.signal.aborted || isCancel(error) ? { status: 'cancelled' } : { status: 'failed', error };
  } finally {
    if (timer) clearTimeout(timer);
    controller = null;
    useStudio.setState({ job: null });
  }
}

/** Aborts the running job; the bar stays (as "Cancelling…") until the job has really stopped. */
export function cancelJob(): void {
  if (!controller || controller.signal.aborted) return;
  controller.abort();
  useStudio.setState((s) => (s.job ? { job: { ...s.job, cancelling: true } } : {}));
}
