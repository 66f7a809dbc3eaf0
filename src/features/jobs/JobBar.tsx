// The single progress bar of the current long job, with its Cancel button. Absent when nothing runs.
import { cancelJob } from '../../state/jobs';
import { useStudio } from '../../state/store';
import { describeJob } from './jobText';

export function JobBar() {
  const job = useStudio((s) => s.job);
  if (!job) return null;
  const { label, percent, rate, eta } = describeJob(job);
  return (
    <section className="jobbar" aria-label="Current job" data-testid="job-bar">
      <div className="jobbar-text">
        <strong className="jobbar-label">{label}</strong>
        <span className="jobbar-subject" title={job.subject}>
          {job.subject}
        </span>
      </div>
      <div
        className={`progress ${percent === null ? 'progress-indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? label : `${label} (${percent}%)`}
      >
        <div className="progress-fill" style={{ width: percent === null ? undefined : `${percent}%` }} />
      </div>
      <div className="jobbar-stats" aria-hidden={percent === null}>
        <span className="num">{percent === null ? '' : `${percent}%`}</span>
        {rate && <span className="num">{rate}</span>}
        {eta && <span className="num">{eta}</span>}
      </div>
      <button type="button" className="btn btn-sm" onClick={cancelJob} disabled={job.cancelling}>
        Cancel
      </button>
    </section>
  );
}
