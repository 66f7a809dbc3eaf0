// Actions on evaluations: listing, running one as the job of the job bar, renaming and deleting.
import { evaluateCheckpoint } from '../client/evaluator';
import type { EvaluateRequest, EvaluationRecord } from '../protocol/evaluations';
import {
  deleteEvaluation as deleteStored,
  getEvaluation,
  listEvaluations,
  renameEvaluation as renameStored,
} from '../storage';
import { runJob } from './jobs';
import { useStudio } from './store';
import { toast, toastError } from './toasts';

function upsert(list: EvaluationRecord[] | null, rec: EvaluationRecord): EvaluationRecord[] {
  const rest = (list ?? []).filter((e) => e.id !== rec.id);
  return [rec, ...rest].sort((a, b) => b.createdAt - a.createdAt);
}

export async function refreshEvaluations(): Promise<void> {
  try {
    useStudio.setState({ evaluations: await listEvaluations(), evaluationsError: null });
  } catch (e) {
    useStudio.setState({ evaluationsError: e });
  }
}

/** Runs the evaluation as the one long job; resolves with the new evaluation's id, or null. */
export async function startEvaluation(request: EvaluateRequest, subject: string): Promise<string | null> {
  const out = await runJob({ kind: 'evaluate', subject }, (signal, onEvent) =>
    evaluateCheckpoint(signal, request, onEvent),
  );
  switch (out.status) {
    case 'busy':
      toast('info', 'Another job is running', 'Wait for it to finish, or cancel it, then evaluate.');
      return null;
    case 'failed':
      toastError(out.error);
      return null;
    case 'cancelled':
      toast('info', 'Evaluation cancelled', 'Nothing was stored.');
      return null;
    case 'done': {
      const rec = await getEvaluation(out.value);
      if (rec) useStudio.setState((s) => ({ evaluations: upsert(s.evaluations, rec) }));
      return out.value;
    }
  }
}

/** Throws TilewrightError('invalid-params') for an empty name, so the inline editor can show it. */
export async function renameEvaluation(id: string, name: string): Promise<void> {
  const rec = await renameStored(id, name);
  useStudio.setState((s) => ({ evaluations: upsert(s.evaluations, rec) }));
}

export async function deleteEvaluation(rec: EvaluationRecord): Promise<void> {
  try {
    await deleteStored(rec.id);
    useStudio.setState((s) => ({ evaluations: s.evaluations?.filter((e) => e.id !== rec.id) ?? null }));
    toast('success', `Deleted "${rec.name}"`);
  } catch (e) {
    toastError(e);
  }
}
