// Bridge to the evaluation worker: one worker per evaluation job (terminated at its end or on cancel),
// and one kept for questions (attribution maps, a checkpoint's layers), so opening sample after sample
// reuses the loaded model. That one goes after a quiet minute.
import { proxy, wrap, type Remote } from 'comlink';
import { TilewrightError } from '../core/errors';
import type { AttributionMap, EvaluateRequest, EvaluateWorkerApi } from '../protocol/evaluations';
import type { JobEvent } from '../protocol/jobs';
import type { LayerRow } from '../core/models/layerTable';

const IDLE_MS = 60_000;

function spawn(): { worker: Worker; api: Remote<EvaluateWorkerApi> } {
  const worker = new Worker(new URL('../../workers/evaluate.worker.ts', import.meta.url), { type: 'module' });
  return { worker, api: wrap<EvaluateWorkerApi>(worker) };
}

export async function evaluateCheckpoint(
  signal: AbortSignal,
  request: EvaluateRequest,
  onEvent: (e: JobEvent) => void,
): Promise<string> {
  const { worker, api } = spawn();
  const cancelled = new Promise<never>((_, reject) =>
    signal.addEventListener(
      'abort',
      () => reject(new TilewrightError('cancelled', 'Evaluation cancelled.')),
      { once: true },
    ),
  );
  try {
    return await Promise.race([api.evaluate(request, proxy(onEvent)), cancelled]);
  } finally {
    worker.terminate();
  }
}

let explainer: {
  worker: Worker;
  api: Remote<EvaluateWorkerApi>;
  idle: ReturnType<typeof setTimeout> | null;
} | null = null;

export function explainSample(
  evaluationId: string,
  key: number,
  method: AttributionMap['method'],
  target?: number,
): Promise<AttributionMap> {
  return ask((api) => api.attribution(evaluationId, key, method, target));
}

export function inspectCheckpointModel(bytes: Uint8Array, fileName: string): Promise<LayerRow[]> {
  return ask((api) => api.inspectModel(bytes, fileName));
}

async function ask<T>(call: (api: Remote<EvaluateWorkerApi>) => Promise<T>): Promise<T> {
  explainer ??= { ...spawn(), idle: null };
  const e = explainer;
  if (e.idle) clearTimeout(e.idle);
  try {
    return await call(e.api);
  } finally {
    e.idle = setTimeout(() => {
      e.worker.terminate();
      if (explainer === e) explainer = null;
    }, IDLE_MS);
  }
}
