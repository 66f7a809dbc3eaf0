// `train`: the studio's training engine (src/core/train) run in Node on the tfjs cpu backend (or wasm with our kernels), over a
// dataset folder (folderData.ts). Writes the same checkpoint files the studio keeps, plus metrics.csv.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TilewrightError } from '../core/errors';
import { ImageCache } from '../core/train/batches';
import { metricsCsv } from '../core/train/history';
import { trainLoop, type LoopEvent } from '../core/train/loop';
import { checkpointBytes, loopParts, prepareRun, type CheckpointContext } from '../core/train/session';
import type { CheckpointKind, LoopPosition, StopReason } from '../core/train/types';
import { UsageError, type TrainArgs } from './args';
import { cliBackend, useCliBackend } from './backend';
import { loadConfigFile } from './config';
import { folderData } from './folderData';

/** Where progress and warnings go: stderr in the CLI, a buffer in tests. */
export interface Output {
  write(text: string): void;
  /** true: the status line is redrawn in place with '\r'; false: a plain line at most every LINE_MS. */
  isTTY: boolean;
}

/** Without a terminal, a progress line at most this often (the first step's is written at once). */
const LINE_MS = 2000;
/** On a terminal, redraw the status line at most this often. */
const TTY_MS = 100;

/** One status line that updates in place on a terminal, plus permanent lines (warnings, epoch results). */
export class StatusLine {
  private shown = false;
  private last = -Infinity;
  constructor(
    private readonly out: Output,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Shows `text` as the current status (throttled unless `force`). */
  update(text: string, force = false): void {
    const t = this.now();
    if (!force && t - this.last < (this.out.isTTY ? TTY_MS : LINE_MS)) return;
    this.last = t;
    if (this.out.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.shown = true;
    } else this.out.write(`${text}\n`);
  }

  /** A line that stays (on a terminal it replaces the status line, which the next update redraws). */
  log(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
  }

  /** Removes the status line from a terminal. */
  clear(): void {
    if (this.shown) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}

export interface TrainReport {
  reason: StopReason;
  /** Completed epochs, and the epochs the config asked for. */
  epochs: number;
  totalEpochs: number;
  steps: number;
  /** The last completed epoch's mean training loss and validation metrics (val_loss, val_accuracy, …). */
  trainLoss: number | null;
  metrics: Record<string, number>;
  seconds: number;
  /** Files written, full paths: checkpoint.zip first. */
  files: string[];
}

/** Files of an earlier run in OUT that --force replaces (and removes, so no stale best.zip is left). */
const OWN_FILE = /^(checkpoint\.zip|best\.zip|epoch-\d+\.zip|metrics\.csv)$/;

function checkOutput(out: string, force: boolean): string[] {
  if (!fs.existsSync(out)) return [];
  if (!fs.statSync(out).isDirectory()) throw new UsageError('--out', `${out} exists and is not a directory`);
  const old = fs.readdirSync(out).filter((n) => OWN_FILE.test(n));
  if (old.length && !force)
    throw new UsageError(
      '--out',
      `${out} already holds ${old.join(', ')} from an earlier run (use --force to replace them)`,
    );
  return old;
}

/** Written beside the target and renamed into place, so an interrupted write never leaves half a zip. */
function writeAtomic(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

const fmt = (v: number) =>
  !Number.isFinite(v) ? String(v) : Math.abs(v) >= 1000 || v === 0 ? v.toFixed(0) : v.toPrecision(4);

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function metricsText(trainLoss: number | null, metrics: Record<string, number>): string {
  const parts = trainLoss === null ? [] : [`train_loss ${fmt(trainLoss)}`];
  for (const [k, v] of Object.entries(metrics)) parts.push(`${k} ${fmt(v)}`);
  return parts.join('  ');
}

/**
 * Trains per `args`. Usage problems throw UsageError or ConfigError (exit 2) before anything is written;
 * data problems throw TilewrightError. When `signal` aborts, the loop stops after its current step and
 * the last checkpoint is written (reason 'stopped').
 */
export async function runTrain(
  signal: AbortSignal,
  args: TrainArgs,
  status: StatusLine,
): Promise<TrainReport> {
  const started = performance.now();
  const { config, unknownKeys } = loadConfigFile(args.config, args.data);
  for (const key of unknownKeys)
    status.log(`warning: ${args.config}: unknown setting "${key}" is ignored (misspelt?)`);
  if (!fs.existsSync(args.data) || !fs.statSync(args.data).isDirectory())
    throw new UsageError('--data', `${args.data} is not a directory`);
  const stale = checkOutput(args.out, args.force);
  const backend = cliBackend(config.backend);
  if (config.backend !== 'auto' && config.backend !== backend)
    status.log(`warning: backend "${config.backend}" is not available on the command line; training on cpu`);
  if (config.model.name === 'pretrained')
    throw new UsageError(
      '--config',
      `model.name "pretrained" needs a backbone imported in the studio; the command line cannot train it`,
    );

  status.update(`reading ${args.data}`, true);
  const data = folderData(args.data, config.task, config.random_seed, {
    segmentation: config.segmentation,
    minVisible: config.train_min_visible,
  });
  if (data.problems.length) {
    const p = data.problems[0];
    const more = data.problems.length - 1;
    status.log(
      `note: ${data.problems.length} file${data.problems.length === 1 ? '' : 's'} left out, e.g. ${p.path}: ${p.detail}` +
        (more ? ` (${more} more)` : ''),
    );
  }
  if (data.skipped)
    status.log(
      `note: ${data.skipped} of ${data.samples} samples have no target for ${config.task} and are left out`,
    );
  if (data.occluded)
    status.log(
      `note: ${data.occluded} training samples with an instance less than ${Math.round(config.train_min_visible * 100)} % visible are left out (train_min_visible)`,
    );
  if (data.train.length === 0)
    throw new TilewrightError('invalid-params', `The training split of ${args.data} is empty.`, args.data);
  if (signal.aborted) throw new TilewrightError('cancelled', 'training cancelled');

  fs.mkdirSync(args.out, { recursive: true });
  for (const name of stale) fs.rmSync(path.join(args.out, name), { force: true });

  const runsOn = await useCliBackend(backend);
  const cache = new ImageCache(data);
  const run = await prepareRun(config, data, { cache });
  const written = new Set<string>();
  try {
    status.log(
      `${data.layout} dataset, ${data.classes.length} classes (${data.classes.join(', ')}): ` +
        `${data.train.length} train / ${data.val.length} val images; ${run.modelName}, ` +
        `${run.params.total.toLocaleString('en')} parameters, ${run.stepsPerEpoch} steps/epoch on ${backend} (${runsOn})`,
    );
    const ctx: CheckpointContext = {
      run: { id: crypto.randomUUID(), name: path.basename(path.resolve(args.out)) },
      dataset: { id: null, name: config.dataset_name },
      classes: data.classes,
      split: { train: data.train, val: data.val },
      backend,
    };
    const fileFor = (kind: CheckpointKind, position: LoopPosition) =>
      path.join(
        args.out,
        kind === 'last' ? 'checkpoint.zip' : kind === 'best' ? 'best.zip' : `epoch-${position.epoch}.zip`,
      );
    let lastSaved: LoopPosition | null = null;
    const save = async (kind: CheckpointKind, position: LoopPosition, metric: number | null) => {
      const file = fileFor(kind, position);
      writeAtomic(file, await checkpointBytes(run, ctx, kind, position, metric));
      written.add(file);
      if (kind === 'last') {
        lastSaved = { ...position };
        writeAtomic(path.join(args.out, 'metrics.csv'), metricsCsv(run.history));
      }
    };

    const loopStart = performance.now();
    let stepsDone = 0;
    let epochNow = run.position.epoch;
    const epochs = config.epochs;
    const onEvent = (e: LoopEvent) => {
      switch (e.kind) {
        case 'step': {
          stepsDone++;
          epochNow = e.point.epoch;
          const elapsed = (performance.now() - loopStart) / 1000;
          const eta = (elapsed / stepsDone) * (run.totalSteps - e.point.step);
          status.update(
            `epoch ${e.point.epoch + 1}/${epochs}  step ${e.stepInEpoch}/${run.stepsPerEpoch}  ` +
              `loss ${fmt(e.point.loss)}  ${e.imagesPerSecond.toFixed(1)} img/s  ETA ${duration(eta)}`,
            stepsDone === 1,
          );
          return;
        }
        case 'validating':
          status.update(`epoch ${epochNow + 1}/${epochs}  validating ${e.done}/${e.total}`);
          return;
        case 'epoch':
          status.log(
            `epoch ${e.point.epoch + 1}/${epochs}  ${metricsText(e.point.train_loss, e.point.metrics)}` +
              `${e.improved ? '  (best so far)' : ''}  ${(e.point.time_ms / 1000).toFixed(1)} s`,
          );
          return;
        case 'log':
          if (e.level !== 'debug') status.log(`${e.level === 'warn' ? 'warning: ' : ''}${e.message}`);
          return;
      }
    };
    const result = await trainLoop(signal, {
      ...loopParts(run),
      data,
      cache,
      onEvent,
      checkpoint: save,
    });
    status.clear();
    // The last checkpoint is always written, also with save_last off or after a non-finite loss (the
    // weights are those of the last good step: the loss is checked before the update).
    const p = result.position;
    const saved = lastSaved as LoopPosition | null;
    if (!saved || saved.step !== p.step || saved.epoch !== p.epoch) {
      const lastEpoch = run.history.epochs.at(-1);
      const monitored =
        p.stepInEpoch === 0 && lastEpoch
          ? config.monitor.metric === 'train_loss'
            ? lastEpoch.train_loss
            : lastEpoch.metrics[config.monitor.metric]
          : undefined;
      await save('last', p, monitored !== undefined && Number.isFinite(monitored) ? monitored : null);
    }
    writeAtomic(path.join(args.out, 'metrics.csv'), metricsCsv(run.history));
    const last = run.history.epochs.at(-1);
    const checkpoint = path.join(args.out, 'checkpoint.zip');
    const metricsFile = path.join(args.out, 'metrics.csv');
    return {
      reason: result.reason,
      epochs: p.epoch,
      totalEpochs: epochs,
      steps: p.step,
      trainLoss: last?.train_loss ?? null,
      metrics: last?.metrics ?? {},
      seconds: (performance.now() - started) / 1000,
      files: [checkpoint, ...[...written].filter((f) => f !== checkpoint).sort(), metricsFile],
    };
  } finally {
    status.clear();
    run.dispose();
  }
}

/** The one-line summary printed on stdout. */
export function summaryLine(r: TrainReport): string {
  const what =
    r.reason === 'completed'
      ? `trained ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}`
      : r.reason === 'early-stopped'
        ? `stopped early after ${r.epochs}/${r.totalEpochs} epochs`
        : r.reason === 'stopped'
          ? `interrupted after ${r.epochs}/${r.totalEpochs} epochs (step ${r.steps})`
          : `stopped: the loss became NaN or infinite at step ${r.steps + 1} (after ${r.epochs} epochs)`;
  const metrics = metricsText(r.trainLoss, r.metrics);
  return `${what} in ${r.seconds.toFixed(1)} s${metrics ? `: ${metrics}` : ''}; wrote ${r.files.join(', ')}`;
}
