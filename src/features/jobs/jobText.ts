// How a job is worded in the bar: verb, unit, rate and time left.
import type { ActiveJob } from '../../state/jobSlice';
import { formatCount, formatDuration } from '../../ui/format';
import type { JobKind } from '../../protocol/jobs';

const WORDING: Record<JobKind, { verb: string; unit: string }> = {
  generate: { verb: 'Generating', unit: 'images' },
  import: { verb: 'Importing', unit: 'files' },
  export: { verb: 'Exporting', unit: 'samples' },
  evaluate: { verb: 'Evaluating', unit: 'images' },
};

export interface JobView {
  label: string;
  /** 0-100, or null while the total is unknown. */
  percent: number | null;
  rate: string | null;
  eta: string | null;
}

export function describeJob(job: ActiveJob): JobView {
  const { verb, unit } = WORDING[job.kind];
  if (job.cancelling)
    return { label: `Cancelling ${verb.toLowerCase()}…`, percent: null, rate: null, eta: null };
  if (job.total <= 0) return { label: `${verb} — preparing…`, percent: null, rate: null, eta: null };
  const label = `${verb} ${formatCount(job.done)} / ${formatCount(job.total)} ${unit}`;
  const percent = Math.min(100, Math.floor((job.done / job.total) * 100));
  const seconds = job.firstAt === undefined ? 0 : (job.lastAt - job.firstAt) / 1000;
  const perSecond = seconds >= 0.5 ? (job.done - job.firstDone) / seconds : 0;
  if (perSecond <= 0) return { label, percent, rate: null, eta: null };
  const rate = `${perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(1)} ${unit}/s`;
  const eta = `${formatDuration((job.total - job.done) / perSecond)} left`;
  return { label, percent, rate, eta };
}
