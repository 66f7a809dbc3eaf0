// The three charts of a run. Each reads only its own series, so a new step re-renders the step charts.
import type { RunRecord } from '../../protocol/runs';
import { EpochChart } from './EpochChart';
import { LossChart } from './LossChart';
import { LrChart } from './LrChart';
import { useEpochs, useIsLive, useStepSeries } from './useRunData';

export function RunCharts({ rec }: { rec: RunRecord }) {
  return (
    <div className="run-charts">
      <LossPanel rec={rec} />
      <EpochPanel rec={rec} />
      <LrPanel rec={rec} />
    </div>
  );
}

function LossPanel({ rec }: { rec: RunRecord }) {
  const { steps, count } = useStepSeries(rec);
  return <LossChart steps={steps} count={count} animate={!useIsLive(rec.id)} />;
}

function LrPanel({ rec }: { rec: RunRecord }) {
  const { steps, count } = useStepSeries(rec);
  return <LrChart steps={steps} count={count} animate={!useIsLive(rec.id)} />;
}

function EpochPanel({ rec }: { rec: RunRecord }) {
  const epochs = useEpochs(rec);
  return <EpochChart epochs={epochs} monitor={rec.config.monitor.metric} animate={!useIsLive(rec.id)} />;
}
