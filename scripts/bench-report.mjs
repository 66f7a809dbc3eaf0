// The report half of `npm run bench`: the evaluation report of 100,000 predictions × 45 classes,
// computed in headless Chromium on the page's thread (bench-report.html), against scikit-learn
// computing the same metrics (bench/report_sklearn.py) in the same run.
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';

export async function measureReport(baseUrl) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/bench-report.html`);
    await page.waitForFunction(() => window.__benchReport, null, { timeout: 10 * 60_000, polling: 500 });
    const result = await page.evaluate(() => window.__benchReport);
    if (result.error) throw new Error(result.error);
    return result;
  } finally {
    await browser.close();
  }
}

export function sklearnReport() {
  const r = spawnSync('/usr/bin/python3', ['bench/report_sklearn.py'], { encoding: 'utf8' });
  if (r.status !== 0)
    return { error: (r.stderr || 'python3-sklearn missing (apt-get install python3-sklearn)').trim() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export function reportRows(ours, ref) {
  const s = (x) => (typeof x === 'number' ? `${x.toFixed(2)} s` : '—');
  const ratio =
    typeof ours?.seconds === 'number' && typeof ref?.seconds === 'number'
      ? `${(ref.seconds / ours.seconds).toFixed(2)}×`
      : '—';
  return [
    [
      `classification report, ${ours.samples.toLocaleString('en-US')} × ${ours.classes} classes (s)`,
      s(ours.seconds),
      s(ref.seconds),
      ratio,
    ],
    ['  of which per-sample rows (argmax, confidence)', s(ours.rowsSeconds), '', ''],
  ];
}
