// A checkpoint evaluated on a dataset: the dataset's classes must be among the model's outputs (by name;
// the order may differ). Classes the model knows but the dataset lacks are fine: they are never true.
import { TilewrightError } from '../errors';
import type { Target } from '../train/types';

/** Maps a target in the dataset's class indices to the model's output indices. */
export function classMapping(modelClasses: string[], dataClasses: string[]): (t: Target) => Target {
  const index = new Map(modelClasses.map((c, i) => [c, i]));
  const unknown = dataClasses.filter((c) => !index.has(c));
  if (unknown.length)
    throw new TilewrightError(
      'incompatible',
      `The model was not trained on the dataset's ${unknown.length === 1 ? 'class' : 'classes'} ` +
        `${unknown.map((c) => `"${c}"`).join(', ')}; it knows ${modelClasses.map((c) => `"${c}"`).join(', ')}.`,
      unknown[0],
    );
  const map = dataClasses.map((c) => index.get(c)!);
  if (map.every((m, i) => m === i)) return (t) => t;
  return (t) => (typeof t === 'number' ? map[t] : t.map((c) => map[c]));
}
