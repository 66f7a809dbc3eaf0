// Tilewright command line: `npm run cli -- generate ...`. stdout gets help and the final summary;
// stderr gets only errors and progress. Exit codes: 0 done, 1 failed, 2 bad arguments, 130 interrupted.
import { isTilewrightError } from '../core/errors';
import { GENERATE_USAGE, UsageError, parseGenerateArgs } from './args';
import { runGenerate } from './generate';

const USAGE = `Usage: tilewright <command> [options]

Commands:
  generate    write a synthetic shapes dataset (PNG images, class-map masks, COCO annotations)

Run 'tilewright <command> --help' for the options of a command.
`;

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
  if (command !== 'generate') {
    process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  try {
    const parsed = parseGenerateArgs(rest);
    if ('help' in parsed) {
      process.stdout.write(GENERATE_USAGE);
      return 0;
    }
    process.on('SIGINT', onSigint);
    const report = await runGenerate(controller.signal, parsed, progressReporter('generate'));
    process.stdout.write(
      `wrote ${report.images} images and ${report.annotations} annotations to ${parsed.out} ` +
        `(${(report.bytes / 1e6).toFixed(1)} MB, ${report.seconds.toFixed(1)} s)\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n(run 'tilewright generate --help' for usage)\n`);
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
