// The occlusion study's second model in one click: the evaluated checkpoint's config on the Experiments
// screen, with heavily occluded samples left out of training (or, for a model trained without them,
// every sample put back), ready to train and then to compare here bin by bin.
import { useState } from 'react';
import type { ExperimentConfig } from '../../../core/train/config';
import { readCheckpoint } from '../../../core/train/checkpoint';
import type { EvaluationRecord } from '../../../protocol/evaluations';
import { toast, toastError } from '../../../state/toasts';
import { getEvaluationCheckpoint } from '../../../storage';
import { openExperiment } from '../../experiments/useExperiment';

/** Training samples whose least visible instance shows less than this are left out of the comparison run. */
export const OCCLUSION_FILTER = 0.5;

export function ComparisonRunButton({ rec }: { rec: EvaluationRecord }) {
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try {
      const { config } = readCheckpoint(await getEvaluationCheckpoint(rec.id), `${rec.name}.zip`);
      const filtered = config.train_min_visible > 0;
      const next: ExperimentConfig = {
        ...config,
        train_min_visible: filtered ? 0 : OCCLUSION_FILTER,
      };
      openExperiment(next, rec.dataset.id);
      toast(
        'info',
        `Set up from “${rec.checkpoint.runName}”`,
        filtered
          ? 'Training on every sample this time. Press Train, then evaluate the new run and compare.'
          : `Training leaves out samples with a rectangle or ellipse less than ${OCCLUSION_FILTER * 100} % visible. Press Train, then evaluate the new run and compare.`,
      );
    } catch (e) {
      toastError(e);
      setBusy(false);
    }
  };
  return (
    <button type="button" className="btn" disabled={busy} onClick={() => void open()}>
      Train a comparison model…
    </button>
  );
}
