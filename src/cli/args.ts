// Command-line flags → a validated GenerateJob (generate), a task (config) or paths (train).
// Validation is the schema's (the same rules and messages as the page's form); this file only turns
// text into values and zod paths into flag names.
import { GenerateJobSchema, fieldErrors, type GenerateJob } from '../core/generate/params';
import { TASKS, type Task } from '../core/train/config';

/** A usage error: the CLI prints one `flag: message` line per problem and exits with code 2. */
export class UsageError extends Error {
  readonly problems: { flag: string; message: string }[];
  constructor(flag: string, message: string);
  constructor(problems: { flag: string; message: string }[]);
  constructor(a: string | { flag: string; message: string }[], message?: string) {
    const problems = typeof a === 'string' ? [{ flag: a, message: message ?? '' }] : a;
    super(problems.map((p) => `${p.flag}: ${p.message}`).join('\n'));
    this.name = 'UsageError';
    this.problems = problems;
  }
}

interface FlagSpec {
  /** Takes no value (`--rotate`). */
  boolean?: boolean;
  /** Where the value goes in the job, e.g. ['params', 'minShapes']; absent for CLI-only flags. */
  path?: string[];
  parse?: (text: string, flag: string) => unknown;
}

function parseNumber(text: string, flag: string): number {
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()))
    throw new UsageError(flag, `expected a number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const GENERATE_FLAGS: Record<string, FlagSpec> = {
  '--out': {},
  '--count': { path: ['count'], parse: parseNumber },
  '--seed': { path: ['seed'], parse: parseNumber },
  '--size': { path: ['params', 'size'], parse: parseNumber },
  '--min-shapes': { path: ['params', 'minShapes'], parse: parseNumber },
  '--max-shapes': { path: ['params', 'maxShapes'], parse: parseNumber },
  '--min-side': { path: ['params', 'minSide'], parse: parseNumber },
  '--max-side': { path: ['params', 'maxSide'], parse: parseNumber },
  '--colors': { path: ['params', 'colors'], parse: parseNumber },
  '--background': {
    path: ['params', 'background'],
    parse: (text, flag) => {
      const parts = text.split(',');
      if (parts.length !== 3)
        throw new UsageError(flag, `expected R,G,B (three numbers 0-255), got ${JSON.stringify(text)}`);
      return parts.map((p) => parseNumber(p, flag));
    },
  },
  '--kinds': { path: ['params', 'kinds'], parse: parseList },
  '--occlusion': {
    path: ['params', 'occlusion'],
    parse: (text, flag) => (text.trim() === 'none' ? 'none' : parseNumber(text, flag)),
  },
  '--rotate': { boolean: true, path: ['params', 'rotate'] },
  '--force': { boolean: true },
};

export interface GenerateArgs {
  job: GenerateJob;
  out: string;
  /** Replace the outputs of an earlier run in a non-empty --out directory. */
  force: boolean;
}

/** Splits `--name value` / `--name=value` / `--flag`. A value may start with '-' (`--count -3`). */
export function readFlags(
  argv: readonly string[],
  specs: Record<string, FlagSpec>,
): Map<string, string | true> {
  const seen = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new UsageError(arg, 'unexpected argument (flags start with --; see --help)');
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = specs[name];
    if (!spec) throw new UsageError(name, 'unknown option (see --help)');
    if (seen.has(name)) throw new UsageError(name, 'given more than once');
    if (spec.boolean) {
      if (eq >= 0) throw new UsageError(name, 'takes no value');
      seen.set(name, true);
    } else if (eq >= 0) {
      seen.set(name, arg.slice(eq + 1));
    } else {
      if (i + 1 >= argv.length) throw new UsageError(name, 'needs a value');
      seen.set(name, argv[++i]);
    }
  }
  return seen;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let t = target;
  for (const key of path.slice(0, -1)) t = (t[key] ??= {}) as Record<string, unknown>;
  t[path[path.length - 1]] = value;
}

/** Flag name for a zod issue path such as 'params.background.1'. */
function flagFor(path: string): string {
  let best = '';
  let bestLength = -1;
  for (const [flag, spec] of Object.entries(GENERATE_FLAGS)) {
    const p = spec.path?.join('.');
    if (p && (path === p || path.startsWith(p + '.')) && p.length > bestLength) {
      best = flag;
      bestLength = p.length;
    }
  }
  return best || path;
}

export function parseGenerateArgs(argv: readonly string[]): GenerateArgs | { help: true } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const flags = readFlags(argv, GENERATE_FLAGS);
  // Collect every problem, one per flag, so a single run shows all that needs fixing.
  const problems = new Map<string, string>();
  const out = flags.get('--out');
  if (typeof out !== 'string' || out.trim() === '')
    problems.set('--out', 'required (the directory to write to)');
  if (!flags.has('--count')) problems.set('--count', 'required (how many images)');

  const raw: Record<string, unknown> = { params: {} };
  for (const [name, value] of flags) {
    const spec = GENERATE_FLAGS[name];
    if (!spec.path) continue;
    try {
      setPath(raw, spec.path, value === true ? true : spec.parse ? spec.parse(value, name) : value);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      problems.set(name, e.problems[0].message);
    }
  }
  const result = GenerateJobSchema.safeParse(raw);
  if (!result.success) {
    for (const [path, message] of Object.entries(fieldErrors(result.error))) {
      const flag = flagFor(path);
      // The seed schema's one custom message ('a seed is required') also covers its range checks.
      const text =
        flag === '--seed' && flags.has('--seed') && /required/.test(message)
          ? `must be from 0 to ${2 ** 32 - 1}`
          : message;
      if (!problems.has(flag)) problems.set(flag, text);
    }
  }
  if (problems.size > 0 || !result.success) {
    const order = Object.keys(GENERATE_FLAGS);
    const list = [...problems].map(([flag, message]) => ({ flag, message }));
    list.sort((x, y) => order.indexOf(x.flag) - order.indexOf(y.flag));
    throw new UsageError(list);
  }
  return { job: result.data, out: out as string, force: flags.has('--force') };
}

export const GENERATE_USAGE = `Usage: tilewright generate --out DIR --count N --seed S [options]

Writes a synthetic shapes dataset:
  DIR/images/NNNNNN.png   RGB images (NNNNNN = sample index, from 000000)
  DIR/masks/NNNNNN.png    8-bit class maps: 0 background, 1 rectangle, 2 ellipse
  DIR/annotations.json    COCO instances (RLE masks, bbox, area, visible_fraction, color)
The same arguments always give the same bytes.

Required:
  --out DIR              output directory (must be empty or new, unless --force)
  --count N              number of images (1 to 1000000)
  --seed S               dataset seed (0 to 4294967295)

Options (defaults in brackets):
  --size PX              image side in pixels, 32-1024 [224]
  --min-shapes N         fewest shapes per image [1]
  --max-shapes N         most shapes per image [6]
  --min-side PX          smallest shape side [20]
  --max-side PX          largest shape side [40]
  --colors N             how many palette colours to use, 1-12 [3]
  --background R,G,B     background colour [24,24,28]
  --kinds LIST           comma-separated: rectangle,ellipse [rectangle,ellipse]
  --occlusion none|F     'none': shapes never overlap; F in [0, 0.95]: a shape may lose up to
                         that fraction of its pixels to later shapes [none]
  --rotate               rotate shapes by random angles
  --force                write into a non-empty DIR, replacing an earlier run's files
  --help                 show this help

Exit codes: 0 done, 1 failed while writing, 2 bad arguments.
`;

// ---- config ----

/** Tasks the engine trains (segmentation is refused by the config schema for now). */

export interface ConfigArgs {
  task: Task;
}

const CONFIG_FLAGS: Record<string, FlagSpec> = { '--task': {} };

export function parseConfigArgs(argv: readonly string[]): ConfigArgs | { help: true } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const flags = readFlags(argv, CONFIG_FLAGS);
  const task = flags.get('--task') ?? 'classification';
  if (!(TASKS as readonly unknown[]).includes(task))
    throw new UsageError('--task', `expected one of ${TASKS.join(', ')}, got ${JSON.stringify(task)}`);
  return { task: task as Task };
}

export const CONFIG_USAGE = `Usage: tilewright config [--task classification|multilabel]

Prints the complete default experiment config for a task as JSON, every key with its default value.
Save it, edit it, and give it to 'tilewright train --config FILE'. A config file may leave out any key
that has a default (everything but random_seed; dataset_name defaults to the name of the --data folder).

Options:
  --task T               ${TASKS.join(', ')} [classification]
  --help                 show this help

Exit codes: 0 done, 2 bad arguments.
`;

// ---- train ----

export interface TrainArgs {
  /** Path of the experiment config (JSON). */
  config: string;
  /** The dataset folder. */
  data: string;
  /** Where checkpoint.zip, best.zip and metrics.csv go. */
  out: string;
  /** Replace an earlier run's files in --out. */
  force: boolean;
}

const TRAIN_FLAGS: Record<string, FlagSpec> = {
  '--config': {},
  '--data': {},
  '--out': {},
  '--force': { boolean: true },
};

export function parseTrainArgs(argv: readonly string[]): TrainArgs | { help: true } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const flags = readFlags(argv, TRAIN_FLAGS);
  const problems: { flag: string; message: string }[] = [];
  const text = (flag: string, what: string): string => {
    const v = flags.get(flag);
    if (typeof v === 'string' && v.trim() !== '') return v;
    problems.push({ flag, message: `required (${what})` });
    return '';
  };
  const config = text('--config', 'the experiment config, a JSON file');
  const data = text('--data', 'the dataset folder');
  const out = text('--out', 'the directory to write the checkpoint and metrics to');
  if (problems.length) throw new UsageError(problems);
  return { config, data, out, force: flags.has('--force') };
}

export const TRAIN_USAGE = `Usage: tilewright train --config FILE --data DIR --out OUT [--force]

Trains a model on the CPU (tfjs cpu backend) with the same engine as the studio, and writes
  OUT/checkpoint.zip   the last checkpoint (model/model.json + weights, config.json, metrics.csv,
                       meta.json, history.json, optimizer state), the same file the studio downloads
  OUT/best.zip         the checkpoint of the best epoch (when checkpoint.save_best is on)
  OUT/epoch-N.zip      every checkpoint.every_n_epochs epochs (when above 0)
  OUT/metrics.csv      the history, in PyTorch Lightning's CSVLogger format
The same config and data give the same metrics (apart from the time column).

DIR is a dataset folder as the studio imports it:
  <class>/<image>.png                   class folders (ImageFolder, e.g. EuroSAT RGB)
  images/<name>.png + masks/<name>.png  images with class-index masks
  images/ + annotations.json            COCO instances (e.g. the output of 'tilewright generate')
Images must be PNG: Node has no JPEG decoder without an extra dependency, so convert JPEG first
(e.g. 'mogrify -format png *.jpg') or train in the studio. The split is the studio's default (90% train,
10% val, stratified), drawn with the config's random_seed.

Required:
  --config FILE          experiment config, JSON (see 'tilewright config')
  --data DIR             dataset folder
  --out OUT              output directory (created if needed)

Options:
  --force                replace an earlier run's files in OUT
  --help                 show this help

Progress goes to stderr; a one-line summary to stdout. Ctrl-C stops after the current step and
writes the last checkpoint.
Exit codes: 0 done, 1 failed, 2 bad arguments or config, 130 interrupted.
`;

// ---- classification-report ----

export function parseReportArgs(argv: readonly string[]): { input: string } | { help: true } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const files = argv.filter((a) => !a.startsWith('--') || a === '-');
  const flags = argv.filter((a) => a.startsWith('--'));
  if (flags.length) throw new UsageError(flags[0], 'unknown option');
  if (files.length !== 1) throw new UsageError('IN.json', 'expected one input file (or - for stdin)');
  return { input: files[0] };
}

export const REPORT_USAGE = `Usage: tilewright classification-report IN.json

Prints, as JSON on stdout, the classification report of predictions made anywhere, with scikit-learn's
names and definitions (see docs/REPORTS.md). IN.json (or - to read stdin) holds:
  y_true        class indices, or for multi-label rows of 0/1 (one per sample)
  y_pred        the same for the predictions
  labels        optional: the reported class indices (or columns), in report order
  label_names   optional: label_names[i] is the name of class (or column) i
  y_score       optional: scores (probabilities) per class or per label, one row per sample;
                adds top_k_accuracy, log_loss and ece (or per-label average_precision and ROC AUC)
  multilabel    optional: true for 0/1 rows (inferred from y_true when left out)

Exit codes: 0 done, 1 unreadable file, 2 bad arguments or input (the message names the field).
`;

export const SEGMENTATION_REPORT_USAGE = `Usage: tilewright segmentation-report IN.json

Prints, as JSON on stdout, IoU, Dice, class accuracy and pixel accuracy of label maps made anywhere:
one confusion matrix accumulated over all samples ("dataset") and the same for each sample
("per_sample"). See docs/REPORTS.md. IN.json (or - to read stdin) holds:
  num_classes   the number of classes
  class_names   optional: a name per class
  ignore_index  optional: the target value of unlabelled pixels (e.g. 255), outside the classes
  samples       a list of { name, target, pred }: label maps as rows of class indices, or paths
                (relative to IN.json) to grayscale or palette PNGs whose values are class indices

A class absent from both target and prediction is null and left out of the means.
Exit codes: 0 done, 1 unreadable file, 2 bad arguments or input (the message names the field).
`;
