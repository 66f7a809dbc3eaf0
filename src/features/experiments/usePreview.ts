// The set-up a run would have, asked of the training worker once the config has been still for a moment.
import { useEffect, useState } from 'react';
import { previewRun } from '../../client/trainer';
import type { ExperimentConfig } from '../../core/train/config';
import type { RunSummary } from '../../protocol/runs';

const DEBOUNCE_MS = 350;

export interface Preview {
  summary?: RunSummary;
  error?: unknown;
  /** A newer config is waiting for its answer (what is shown belongs to an older one). */
  pending: boolean;
}

interface Answer {
  key: string;
  summary?: RunSummary;
  error?: unknown;
}

export function usePreview(config: ExperimentConfig | undefined, datasetId: string | undefined): Preview {
  // The request as a string: the effect runs when its content changes, not when an equal object is rebuilt.
  const key = config && datasetId ? JSON.stringify({ config, datasetId }) : null;
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!key) return;
    let current = true;
    const timer = setTimeout(() => {
      const request = JSON.parse(key) as { config: ExperimentConfig; datasetId: string };
      previewRun(request.config, request.datasetId).then(
        (summary) => current && setAnswer({ key, summary }),
        (error: unknown) => current && setAnswer({ key, error }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);

  if (!key) return { pending: false };
  return { summary: answer?.summary, error: answer?.error, pending: answer?.key !== key };
}
