// Shared steps of the training e2e tests: a small generated dataset, a tiny model set up on the
// Experiments screen, screenshots of whole screens, and the number of points a chart draws.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { datasetRow, generate } from './helpers';

export interface RunSetup {
  name: string;
  epochs: number;
  backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  /** The Task field's option label; the form's default (single-label classification) when left out. */
  task?: string;
  /** Where the studio is served (default: the preview server of playwright.config.ts). */
  origin?: string;
  /** More settings, after the common ones and before Train is pressed. */
  more?: (set: (label: string, value: string) => Promise<void>) => Promise<void>;
}

export async function makeDataset(page: Page, name: string): Promise<string> {
  await page.goto('/');
  await generate(page, { name, images: 40, seed: 7, size: 32, sides: [8, 14] });
  const id = await datasetRow(page, name).getAttribute('data-id');
  expect(id).toBeTruthy();
  return id!;
}

/** Fills the experiment form with a tiny model and presses Train; resolves on the new run's page. */
export async function train(page: Page, datasetId: string, o: RunSetup): Promise<string> {
  await page.goto(`${o.origin ?? ''}/#/experiments/${datasetId}`);
  const form = page.getByTestId('experiment-form');
  await expect(form).toBeVisible();
  const set = async (label: string, value: string) => {
    const input = form.getByLabel(label, { exact: true });
    await input.fill(value);
    await input.blur();
  };
  if (o.task) await form.getByLabel('Task', { exact: true }).selectOption({ label: o.task });
  await set('Random seed', '1');
  await set('Input size', '16');
  await set('Width', '4');
  await set('Depth', '2');
  await set('Batch size', '8');
  await set('Epochs', String(o.epochs));
  await form.getByLabel('Backend', { exact: true }).selectOption(o.backend);
  if (o.more) await o.more(set);
  await page.getByTestId('train-panel').getByLabel('Run name').fill(o.name);
  const trainButton = page.getByTestId('train-panel').getByRole('button', { name: 'Train', exact: true });
  await expect(trainButton).toBeEnabled();
  await expect(page.getByTestId('setup-summary')).toContainText('16 × 16 × 3');
  await shot(page, `experiment-${o.backend}`);
  await trainButton.click();
  await page.waitForURL(/#\/runs\/[^/]+$/);
  await expect(page.getByTestId('run-name')).toHaveText(o.name);
  return decodeURIComponent(page.url().split('#/runs/')[1]);
}

/** A screenshot of the whole screen, its inner scroll area included (the viewport grows for it). */
export async function shot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => {
    const el = document.querySelector('.runpage-body, .screen');
    return el ? el.scrollHeight + (el.getBoundingClientRect().top || 0) + 8 : 900;
  });
  await page.setViewportSize({ width: 1400, height: Math.min(3000, Math.max(900, Math.ceil(height))) });
  await page.screenshot({ path: `test-results/${name}.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
}

export const points = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-points'));

/** The training losses per step of the finished run on screen, from its metrics.csv download. */
export async function stepLosses(page: Page): Promise<number[]> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download metrics.csv' }).click();
  const lines = readFileSync(await (await downloading).path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  const col = lines[0].split(',').indexOf('train_loss');
  return lines
    .slice(1)
    .map((l) => l.split(',')[col])
    .filter((v) => v !== '')
    .map(Number);
}
