// `npm test`: typecheck, lint, unit tests (vitest, Node) and e2e tests (Playwright, Chromium).
// Every stage runs even if an earlier one failed; the last line is `N passed, M failed`
// (unit and e2e tests together; a failed typecheck, lint or format check counts as one failure each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureDeps } from './ensure-deps.mjs';

ensureDeps();
mkdirSync('test-results', { recursive: true });

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  console.log(
    `=== ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return r.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
const checks = [];

for (const [label, args] of [
  ['typecheck (app)', ['tsc', '-p', 'tsconfig.app.json', '--noEmit']],
  ['typecheck (workers)', ['tsc', '-p', 'tsconfig.worker.json', '--noEmit']],
  ['typecheck (node, tests, CLI)', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['lint', ['eslint', '.', '--max-warnings', '0']],
  ['format', ['prettier', '--check', '.', '--log-level', 'warn']],
]) {
  const ok = run(label, 'npx', args);
  checks.push(`${label}: ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) failed++;
}

rmSync('test-results/unit.json', { force: true });
run('unit', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/unit.json',
]);
const unit = readJson('test-results/unit.json');
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + (unit.numFailedTestSuites ?? 0);
  checks.push(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
} else {
  failed++;
  checks.push('unit: no results (vitest did not finish)');
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  failed++;
  checks.push(`e2e: ${chromium} is missing (apt-get install -y chromium, or run .ci/run)`);
} else {
  rmSync('test-results/e2e.json', { force: true });
  run('e2e', 'npx', ['playwright', 'test']);
  const e2e = readJson('test-results/e2e.json');
  if (e2e?.stats) {
    const ok = e2e.stats.expected + (e2e.stats.flaky ?? 0);
    passed += ok;
    failed += e2e.stats.unexpected;
    checks.push(`e2e: ${ok} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.skipped} skipped`);
    if (ok + e2e.stats.unexpected === 0) failed++;
  } else {
    failed++;
    checks.push('e2e: no results (Playwright did not finish)');
  }
}

console.log('\n' + checks.map((c) => `  ${c}`).join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
