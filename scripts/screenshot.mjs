// Regenerates docs/screenshot.png (the README's picture) from the real app: `node scripts/screenshot.mjs`.
import { spawn, execSync } from 'node:child_process';
import { chromium } from '@playwright/test';

const port = 4398;
execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  {
    stdio: 'ignore',
    detached: true,
  },
);
try {
  await new Promise((r) => setTimeout(r, 2500));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByRole('button', { name: 'Generate shapes' }).first().click();
  const dialog = page.getByTestId('generate-dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('Shapes, 50 % occlusion');
  await dialog.getByLabel('Images', { exact: true }).fill('2000');
  await dialog.getByLabel('Seed', { exact: true }).fill('42');
  await dialog.getByLabel('Rotate shapes').check();
  await dialog.getByLabel('Allow up to', { exact: true }).check();
  await dialog.getByLabel('Largest hidden fraction per instance').fill('0.5');
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  await page.getByTestId('job-bar').waitFor({ state: 'hidden', timeout: 120_000 });
  await page.getByTestId('dataset-row').getByRole('button', { name: 'Open' }).click();
  await page.getByTestId('browser-toolbar').getByLabel('Mask', { exact: true }).selectOption('instance');
  await page.getByTestId('browser-toolbar').getByLabel('Boxes', { exact: true }).check();
  await page
    .getByTestId('toast')
    .getByRole('button')
    .first()
    .click()
    .catch(() => undefined);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'docs/screenshot.png' });
  await browser.close();
} finally {
  process.kill(-server.pid);
}
