import { test, expect } from '@playwright/test';
import { datasetRow, openDataset, startGenerate, waitForJob } from './helpers';

test('the generate form names each bad field and starts nothing', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.getByRole('button', { name: 'Generate shapes' }).first().click();
  const dialog = page.getByTestId('generate-dialog');
  await dialog.getByLabel('Images', { exact: true }).fill('0');
  await dialog.getByLabel('Seed', { exact: true }).fill('');
  await dialog.getByLabel('Min side', { exact: true }).fill('60');
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(dialog.getByLabel('Images', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('at least 1');
  await expect(dialog).toContainText('a seed is required');
  await expect(dialog).toContainText('must not exceed max side (40)');
  await expect(page.getByTestId('job-bar')).toBeHidden();
  await page.screenshot({ path: 'test-results/generate-form-errors.png' });
});

test('generate a few hundred images, browse them with overlays, find them again after a reload', async ({
  page,
}) => {
  await page.goto('/');
  await startGenerate(page, { name: 'e2e shapes', images: 300, seed: 7, allowHidden: 0.5 });
  await expect(page.getByRole('progressbar')).toBeVisible();
  await waitForJob(page);
  await expect(datasetRow(page, 'e2e shapes')).toContainText('300');

  await openDataset(page, 'e2e shapes');
  await expect(page.getByTestId('summary-count')).toContainText('300');
  await expect(page.getByTestId('summary-splits')).toContainText('270');
  await expect(page.getByTestId('summary-splits')).toContainText('30');
  await expect(page.getByTestId('occlusion-histogram')).toBeVisible();
  const tiles = page.getByTestId('tile');
  await expect(tiles.first()).toBeVisible();
  await expect(tiles.first().locator('img')).toHaveJSProperty('complete', true);
  expect(
    await tiles
      .first()
      .locator('img')
      .evaluate((img: HTMLImageElement) => img.naturalWidth),
  ).toBe(224);

  // Overlays switch on and off.
  await page.getByTestId('browser-toolbar').getByLabel('Mask', { exact: true }).selectOption('instance');
  await page.getByTestId('browser-toolbar').getByLabel('Boxes', { exact: true }).check();
  // The overlay worker hands back the coloured mask at the mask's own size.
  await expect(tiles.first().locator('canvas')).toHaveJSProperty('width', 224);
  await expect(tiles.first().locator('svg rect').first()).toBeAttached();
  await page.screenshot({ path: 'test-results/browser-overlays.png' });
  await page.getByTestId('browser-toolbar').getByLabel('Boxes', { exact: true }).uncheck();
  await expect(tiles.first().locator('svg rect')).toHaveCount(0);

  // The large view shows the sample's metadata, instances and their visible fractions.
  await tiles.first().click();
  const dialog = page.getByTestId('sample-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('sample-meta')).toContainText('000000.png');
  await expect(dialog.getByTestId('instances-table')).toContainText('%');
  await page.screenshot({ path: 'test-results/sample-dialog.png' });
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByTestId('sample-meta')).toContainText('000001.png');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.reload();
  await expect(page.getByTestId('summary-count')).toContainText('300');
  await expect(tiles.first()).toBeVisible();
  await page.goto('/#/datasets');
  await expect(datasetRow(page, 'e2e shapes')).toContainText('300');
});

test('cancel stops generation at once and keeps what was stored; append adds more', async ({ page }) => {
  await page.goto('/');
  await startGenerate(page, { name: 'cancelled', images: 50_000, seed: 3, size: 64 });
  const bar = page.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await page.getByTestId('job-bar').getByRole('button', { name: 'Cancel' }).click();
  await waitForJob(page, 30_000);

  const row = datasetRow(page, 'cancelled');
  await expect(row).toHaveAttribute('data-status', 'ready');
  await openDataset(page, 'cancelled');
  const count = Number((await page.getByTestId('summary-count').innerText()).replace(/\D/g, ''));
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(50_000);
  expect(count % 64).toBe(0); // only whole committed batches are listed
  await expect(page.getByTestId('tile-grid')).toHaveAttribute('data-count', String(count));

  await page.getByRole('button', { name: 'Append more…' }).click();
  await page.getByTestId('append-form').getByLabel('Images to add').fill('10');
  await page.getByTestId('append-form').getByRole('button', { name: 'Append', exact: true }).click();
  await waitForJob(page);
  await expect(page.getByTestId('summary-count')).toContainText(
    String(count + 10).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  );
});

test('a reload mid-job leaves the dataset interrupted, told apart from the next job, and Keep keeps it', async ({
  page,
}) => {
  await page.goto('/');
  await startGenerate(page, { name: 'reloaded', images: 50_000, seed: 9, size: 64 });
  const bar = page.getByRole('progressbar');
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await page.reload();
  const reloaded = datasetRow(page, 'reloaded');
  await expect(reloaded).toHaveAttribute('data-status', 'interrupted');

  // While another generation runs, the interrupted one is still shown as interrupted, the new one as writing.
  await startGenerate(page, { name: 'next job', images: 50_000, seed: 10, size: 64 });
  await expect(datasetRow(page, 'next job')).toHaveAttribute('data-status', 'writing');
  await expect(reloaded).toHaveAttribute('data-status', 'interrupted');
  await page.getByTestId('job-bar').getByRole('button', { name: 'Cancel' }).click();
  await waitForJob(page, 30_000);

  await reloaded.getByRole('button', { name: 'Keep' }).click();
  await expect(reloaded).toHaveAttribute('data-status', 'ready');
  await openDataset(page, 'reloaded');
  const count = Number((await page.getByTestId('summary-count').innerText()).replace(/\D/g, ''));
  expect(count).toBeGreaterThan(0);
  await expect(page.getByTestId('tile-grid')).toHaveAttribute('data-count', String(count));
});
