// An evaluation's record (from the store's list) and its samples (read from storage once per id).
import { useEffect, useState } from 'react';
import type { EvaluationRecord, StoredSamples } from '../../protocol/evaluations';
import { getEvaluationSamples } from '../../storage';
import { useStudio } from '../../state/store';

export type Loaded<T> =
  { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; value: T };

export function useEvaluationRecord(id: string): EvaluationRecord | null | undefined {
  const list = useStudio((s) => s.evaluations);
  if (list === null) return undefined;
  return list.find((e) => e.id === id) ?? null;
}

export function useEvaluationSamples(id: string): Loaded<StoredSamples> {
  const [loaded, setLoaded] = useState<{ id: string; value: Loaded<StoredSamples> } | null>(null);
  useEffect(() => {
    let live = true;
    getEvaluationSamples(id).then(
      (value) => live && setLoaded({ id, value: { state: 'ready', value } }),
      (error: unknown) => live && setLoaded({ id, value: { state: 'error', error } }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return loaded?.id === id ? loaded.value : { state: 'loading' };
}
