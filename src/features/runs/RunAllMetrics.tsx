// Every metric the run logged (losses, learning rate, gradient norm, each validation metric) against
// step or epoch, from its stored history: shown once the run is not training in this tab.
import { useMemo } from 'react';
import { historyTable } from '../../core/train/history';
import type { RunRecord } from '../../protocol/runs';
import { useStudio } from '../../state/store';
import { MetricsPlots } from '../metrics/MetricsPlots';

export function RunAllMetrics({ rec }: { rec: RunRecord }) {
  const live = useStudio((s) => s.live?.id === rec.id);
  const table = useMemo(() => historyTable(rec.history), [rec.history]);
  if (live || table.rows.length === 0) return null;
  return <MetricsPlots table={table} title="All metrics" testId="run-all-metrics" />;
}
