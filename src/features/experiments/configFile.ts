// Experiment configs as JSON files: the export is the complete parsed config; an import lists every bad
// or unknown setting with its path, so a typo ("learning_rat") is never silently dropped.
import { safeFileName } from '../../client/download';
import { defaultConfig, parseConfig, type ExperimentConfig, type Task } from '../../core/train/config';
import { humanize } from './formModel';

export interface ConfigProblem {
  /** Dotted path of the setting ("optimizer.beta1"), or "" for the file as a whole. */
  path: string;
  message: string;
}

export type ConfigRead = { ok: true; config: ExperimentConfig } | { ok: false; problems: ConfigProblem[] };

export function configFileName(datasetName: string, task: Task): string {
  return `${safeFileName(datasetName)}-${task}.config.json`;
}

export function configJson(config: ExperimentConfig): string {
  return JSON.stringify(config, null, 2) + '\n';
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every key the schema knows, nested as in the config (optional keys included). */
const TEMPLATE: Plain = (() => {
  const t = defaultConfig() as unknown as Plain;
  return { ...t, model: { ...(t.model as Plain), backbone: '', backbone_layer: '' } };
})();

/** Paths of the keys the config does not have. */
export function unknownKeys(input: Plain, template: Plain = TEMPLATE, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const path = prefix + key;
    if (!(key in template)) out.push(path);
    else if (isPlain(value) && isPlain(template[key]))
      out.push(...unknownKeys(value, template[key] as Plain, `${path}.`));
  }
  return out;
}

/**
 * Parses a config file's text. A file that names no dataset gets `datasetName` (the one picked on the
 * page); keys left out take their defaults, as they would on the command line.
 */
export function readConfigText(text: string, fileName: string, datasetName: string): ConfigRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [{ path: '', message: `“${fileName}” is not a JSON file (${why}).` }] };
  }
  if (!isPlain(json))
    return {
      ok: false,
      problems: [{ path: '', message: `“${fileName}” holds ${describe(json)}, not a config object.` }],
    };
  const problems: ConfigProblem[] = unknownKeys(json).map((path) => ({
    path,
    message: 'Not a setting of the experiment config.',
  }));
  const parsed = parseConfig({ dataset_name: datasetName, ...json });
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push({
        path: issue.path.join('.'),
        message: humanize(issue.message),
      });
  return problems.length || !parsed.success ? { ok: false, problems } : { ok: true, config: parsed.data };
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return `a ${typeof v}`;
}

/** A tfjs model.json (a backbone), not a config: dropped alone, it goes to the backbone import. */
export function isModelJson(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return isPlain(json) && 'modelTopology' in json;
  } catch {
    return false;
  }
}
