// Tilewright command line: `npm run cli -- <command> ...`. stdout gets help, the config
// and the final summary; stderr gets only errors, warnings and progress.
// Exit codes: 0 done, 1 failed, 2 bad arguments (or config, or report input), 130 interrupted.
import { isTilewrightError } from '../core/errors';
import {
  CONFIG_USAGE,
  GENERATE_USAGE,
  REPORT_USAGE,
  SEGMENTATION_REPORT_USAGE,
  TRAIN_USAGE,
  UsageError,
  parseConfigArgs,
  parseGenerateArgs,
  parseReportArgs,
  parseTrainArgs,
} from './args';
import { ConfigError, configText } from './config';
import { runGenerate } from './generate';
import { ReportInputError, runReport, type ReportKind } from './report';

const USAGE = `Usage: tilewright <command> [options]

Commands:
  generate    write a synthetic shapes dataset (PNG images, class-map masks, COCO annotations)
  config      print the default experiment config of a task (JSON), to edit and train with
  train       train a model on a dataset folder on the CPU; writes a checkpoint and metrics.csv
  classification-report
              print scikit-learn's classification metrics of predictions made anywhere (JSON)
  segmentation-report
              print IoU, Dice and pixel accuracy of label maps made anywhere (JSON)

Run 'tilewright <command> --help' for the options of a command.
`;

const COMMANDS = ['generate', 'config', 'train', 'classification-report', 'segmentation-report'] as const;
type Command = (typeof COMMANDS)[number];

/** Progress lines on stderr, at most two a second, plus the last one. */
function progressReporter(label: string): (done: number, total: number) => void {
  let last = performance.now();
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 500) return;
    last = now;
    process.stderr.write(`${label}: ${done}/${total} (${Math.floor((100 * done) / total)}%)\n`);
  };
}

async function generate(signal: AbortSignal, rest: string[]): Promise<number> {
  const parsed = parseGenerateArgs(rest);
  if ('help' in parsed) {
    process.stdout.write(GENERATE_USAGE);
    return 0;
  }
  const report = await runGenerate(signal, parsed, progressReporter('generate'));
  process.stdout.write(
    `wrote ${report.images} images and ${report.annotations} annotations to ${parsed.out} ` +
      `(${(report.bytes / 1e6).toFixed(1)} MB, ${report.seconds.toFixed(1)} s)\n`,
  );
  return 0;
}

function config(rest: string[]): number {
  const parsed = parseConfigArgs(rest);
  process.stdout.write('help' in parsed ? CONFIG_USAGE : configText(parsed));
  return 0;
}

async function train(signal: AbortSignal, rest: string[]): Promise<number> {
  const parsed = parseTrainArgs(rest);
  if ('help' in parsed) {
    process.stdout.write(TRAIN_USAGE);
    return 0;
  }
  // Loaded only here: tfjs takes a while to import, and generate and config do not need it.
  const { StatusLine, runTrain, summaryLine } = await import('./train');
  const status = new StatusLine({ write: (t) => process.stderr.write(t), isTTY: !!process.stderr.isTTY });
  let report;
  try {
    report = await runTrain(signal, parsed, status);
  } finally {
    status.clear(); // so an error message starts on a line of its own
  }
  process.stdout.write(summaryLine(report) + '\n');
  if (report.reason === 'stopped') {
    process.stderr.write('interrupted\n');
    return 130;
  }
  if (report.reason === 'non-finite-loss') {
    process.stderr.write(
      'error: the loss became NaN or infinite; lower the learning rate, turn on grad_clip_norm, or check the data\n',
    );
    return 1;
  }
  return 0;
}

async function report(kind: ReportKind, rest: string[]): Promise<number> {
  const parsed = parseReportArgs(rest);
  if ('help' in parsed) {
    process.stdout.write(kind === 'classification' ? REPORT_USAGE : SEGMENTATION_REPORT_USAGE);
    return 0;
  }
  process.stdout.write(await runReport(kind, parsed.input));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    if (command === 'train')
      process.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  try {
    process.on('SIGINT', onSigint);
    switch (command as Command) {
      case 'generate':
        return await generate(controller.signal, rest);
      case 'config':
        return config(rest);
      case 'train':
        return await train(controller.signal, rest);
      case 'classification-report':
        return await report('classification', rest);
      case 'segmentation-report':
        return await report('segmentation', rest);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n(run 'tilewright ${command} --help' for usage)\n`);
      return 2;
    }
    if (e instanceof ConfigError || e instanceof ReportInputError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (isTilewrightError(e) && e.code === 'cancelled') {
      process.stderr.write('interrupted\n');
      return 130;
    }
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

process.exitCode = await main(process.argv.slice(2));
