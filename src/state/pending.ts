// Records with work under way (a rename, a delete): their ids sit in a list of the store while it runs,
// so their buttons wait and a second click starts nothing.
import { useStudio } from './store';

/** Runs `work` with `id` in `list`; undefined, without running it, if `id` is already there. */
export async function withPending<T>(
  list: 'pendingIds' | 'runPendingIds',
  id: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  if (useStudio.getState()[list].includes(id)) return undefined;
  useStudio.setState((s) => ({ [list]: [...s[list], id] }));
  try {
    return await work();
  } finally {
    useStudio.setState((s) => ({ [list]: s[list].filter((p) => p !== id) }));
  }
}
