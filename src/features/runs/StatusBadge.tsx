import type { RunStatus } from '../../protocol/runs';
import { STATUS_BADGE, STATUS_HELP, STATUS_TEXT } from './runFacts';

export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  return (
    <span
      className={STATUS_BADGE[status]}
      title={STATUS_HELP[status]}
      data-testid={testId}
      data-status={status}
    >
      {STATUS_TEXT[status]}
    </span>
  );
}
