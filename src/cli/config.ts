// `config` prints a task's complete default experiment config; `loadConfigFile` reads one back for
// `train`, with every problem named by its path in the file (the schema's own rules and messages).
import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig, parseConfig, type ExperimentConfig } from '../core/train/config';
import { UsageError, type ConfigArgs } from './args';

/** The text `tilewright config` prints: the default config as pretty JSON, keys as the schema orders them. */
export function configText({ task }: ConfigArgs): string {
  return JSON.stringify(defaultConfig(task), null, 2) + '\n';
}

/** A config file that fails the schema: one `path: message` line per bad field. Exit code 2. */
export class ConfigError extends Error {
  readonly file: string;
  readonly problems: { path: string; message: string }[];
  constructor(file: string, problems: { path: string; message: string }[]) {
    super(
      `${file} is not a valid experiment config:\n` +
        problems.map((p) => `${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

export interface LoadedConfig {
  config: ExperimentConfig;
  /** Keys the schema does not know (dropped, most likely misspelt), as paths. */
  unknownKeys: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths of keys in `input` that the parsed config does not have (the schema strips unknown keys). */
function unknownKeys(input: unknown, parsed: unknown, prefix = ''): string[] {
  if (!isObject(input) || !isObject(parsed)) return [];
  const out: string[] = [];
  for (const key of Object.keys(input)) {
    const p = prefix ? `${prefix}.${key}` : key;
    if (!(key in parsed)) out.push(p);
    else out.push(...unknownKeys(input[key], parsed[key], p));
  }
  return out;
}

/**
 * Reads and validates an experiment config file. A missing dataset_name is taken from the data folder's
 * name (the studio fills it from the dataset picked). Throws UsageError('--config') when the file cannot
 * be read or is not JSON, ConfigError listing every bad field otherwise.
 */
export function loadConfigFile(file: string, dataDir: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      '--config',
      code === 'ENOENT'
        ? `${file} does not exist (write one with 'tilewright config > ${path.basename(file)}')`
        : code === 'EISDIR'
          ? `${file} is a directory, not a JSON file`
          : `cannot read ${file} (${code ?? String(e)})`,
    );
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    throw new UsageError('--config', `${file} is not valid JSON (${e instanceof Error ? e.message : e})`);
  }
  if (!isObject(input))
    throw new ConfigError(file, [{ path: '(root)', message: 'expected a JSON object of settings' }]);
  const withName =
    input.dataset_name === undefined
      ? { ...input, dataset_name: path.basename(path.resolve(dataDir)) }
      : input;
  const result = parseConfig(withName);
  if (!result.success) {
    const problems: { path: string; message: string }[] = [];
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const p = issue.path.map(String).join('.') || '(root)';
      const line = `${p}: ${issue.message}`;
      if (seen.has(line)) continue;
      seen.add(line);
      problems.push({ path: p, message: issue.message });
    }
    throw new ConfigError(file, problems);
  }
  return { config: result.data, unknownKeys: unknownKeys(withName, result.data) };
}
