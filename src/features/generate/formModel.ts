// The generate form's values (as typed) ↔ a generation job, validated by GenerateJobSchema so the
// form and the bridge agree on every rule; each error is keyed by the form field it belongs to.
import {
  DEFAULT_SHAPES_PARAMS,
  GenerateJobSchema,
  fieldErrors,
  type ShapesParams,
} from '../../core/generate/params';
import { hexToRgb, rgbToHex } from '../../ui/format';

export interface GenerateFormValues {
  name: string;
  count: string;
  seed: string;
  size: string;
  minShapes: string;
  maxShapes: string;
  minSide: string;
  maxSide: string;
  colors: string;
  background: string;
  rectangle: boolean;
  ellipse: boolean;
  rotate: boolean;
  occlusion: 'none' | 'allow';
  /** Fraction of an instance's pixels later shapes may hide, when occlusion is allowed. */
  maxHidden: string;
}

export type ErrorKey = keyof GenerateFormValues | 'kinds';
export type FormErrors = Partial<Record<ErrorKey, string>>;

export interface ValidJob {
  name: string;
  seed: number;
  count: number;
  params: ShapesParams;
}

export function initialValues(p: ShapesParams = DEFAULT_SHAPES_PARAMS): GenerateFormValues {
  return {
    name: 'Shapes',
    count: '1000',
    seed: '',
    size: String(p.size),
    minShapes: String(p.minShapes),
    maxShapes: String(p.maxShapes),
    minSide: String(p.minSide),
    maxSide: String(p.maxSide),
    colors: String(p.colors),
    background: rgbToHex(p.background),
    rectangle: p.kinds.includes('rectangle'),
    ellipse: p.kinds.includes('ellipse'),
    rotate: p.rotate,
    occlusion: p.occlusion === 'none' ? 'none' : 'allow',
    maxHidden: p.occlusion === 'none' ? '0.3' : String(p.occlusion),
  };
}

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

const NUMERIC_PARAMS = ['size', 'minShapes', 'maxShapes', 'minSide', 'maxSide', 'colors'] as const;

/** Zod's path of an issue → the field that shows it. */
function errorKeyOf(path: string): ErrorKey | null {
  const [head, field] = path.split('.');
  if (head === 'seed' || head === 'count') return head;
  if (head !== 'params' || !field) return null;
  if (field === 'occlusion') return 'maxHidden';
  if (field === 'background' || field === 'kinds' || field === 'rotate') return field;
  return (NUMERIC_PARAMS as readonly string[]).includes(field) ? (field as ErrorKey) : null;
}

/** Zod's generic wording, said the way the rest of the form speaks. */
export function humanize(message: string): string {
  let m: RegExpExecArray | null;
  if ((m = /expected number to be >=\s*(\S+)/.exec(message))) return `must be at least ${m[1]}`;
  if ((m = /expected number to be >\s*(\S+)/.exec(message))) return `must be more than ${m[1]}`;
  if ((m = /expected number to be <=\s*(\S+)/.exec(message))) return `must be at most ${m[1]}`;
  if ((m = /expected number to be <\s*(\S+)/.exec(message))) return `must be less than ${m[1]}`;
  if (/expected int/.test(message)) return 'must be a whole number';
  if (/expected number, received NaN/.test(message)) return 'must be a number';
  return message;
}

type Parsed = { value: number } | { error: string };

function parseNumber(text: string, required = true): Parsed | undefined {
  const t = text.trim();
  if (!t) return required ? { error: 'required' } : undefined;
  const n = Number(t);
  return Number.isFinite(n) ? { value: n } : { error: 'must be a number' };
}

/** Validates everything; `job` is set only when there are no errors. */
export function validate(v: GenerateFormValues): { errors: FormErrors; job?: ValidJob } {
  const local: FormErrors = {};
  const numberOf = (key: ErrorKey, text: string, required = true): number | undefined => {
    const p = parseNumber(text, required);
    if (!p) return undefined;
    if ('error' in p) {
      local[key] = p.error;
      return Number.NaN;
    }
    return p.value;
  };
  if (!v.name.trim()) local.name = 'a name is required';
  // An empty seed goes through as undefined so the schema's own "a seed is required" names the reason.
  const seed = numberOf('seed', v.seed, false);
  const count = numberOf('count', v.count);
  const params: Record<string, unknown> = {};
  for (const key of NUMERIC_PARAMS) params[key] = numberOf(key, v[key]);
  const bg = hexToRgb(v.background);
  if (!bg) local.background = 'choose a colour';
  params.background = bg ?? [0, 0, 0];
  params.kinds = [...(v.rectangle ? ['rectangle'] : []), ...(v.ellipse ? ['ellipse'] : [])];
  params.rotate = v.rotate;
  params.occlusion = v.occlusion === 'none' ? 'none' : numberOf('maxHidden', v.maxHidden);

  const result = GenerateJobSchema.safeParse({ seed, count, params });
  const errors: FormErrors = {};
  if (!result.success) {
    for (const [path, message] of Object.entries(fieldErrors(result.error))) {
      const key = errorKeyOf(path);
      if (key && !(key in errors)) errors[key] = humanize(message);
    }
  }
  // Local reasons ("required", "must be a number") say more than what the schema made of a NaN.
  Object.assign(errors, local);
  if (Object.keys(errors).length || !result.success) return { errors };
  return { errors, job: { name: v.name.trim(), ...result.data } };
}

/** The order fields appear in, to focus the first one with an error on submit. */
export const FIELD_ORDER: ErrorKey[] = [
  'name',
  'count',
  'seed',
  'size',
  'background',
  'colors',
  'minShapes',
  'maxShapes',
  'minSide',
  'maxSide',
  'kinds',
  'rotate',
  'maxHidden',
];
