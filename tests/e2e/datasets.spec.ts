import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { checkShapesDataset } from '../fixtures/cocoCheck';
import { datasetRow, dropFile, generate, openDataset, waitForJob } from './helpers';

test('export a shapes dataset: the zip holds images, masks and a COCO file that agree', async ({ page }) => {
  await page.goto('/');
  await generate(page, { name: 'to export', images: 40, seed: 5, size: 96, allowHidden: 0.6 });
  const downloading = page.waitForEvent('download');
  await datasetRow(page, 'to export').getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  await waitForJob(page);
  expect(download.suggestedFilename()).toBe('to export.zip');
  const entries = unzipSync(readFileSync(await download.path()));
  const files = new Map(Object.entries(entries));
  expect([...files.keys()].filter((k) => k.startsWith('images/'))).toHaveLength(40);
  expect([...files.keys()].filter((k) => k.startsWith('masks/'))).toHaveLength(40);
  const { coco, problems } = checkShapesDataset(files);
  expect(problems).toEqual([]);
  expect(coco.images).toHaveLength(40);
  expect(coco.categories.map((c) => c.name)).toEqual(['rectangle', 'ellipse']);
  expect(coco.annotations.length).toBeGreaterThanOrEqual(40);
  // Occlusion was allowed: some instance is partly hidden, none more than 60 %.
  expect(coco.annotations.some((a) => a.visible_fraction < 1)).toBe(true);
  for (const a of coco.annotations) expect(a.visible_fraction).toBeGreaterThanOrEqual(0.4 - 1e-9);
});

test('an exported shapes dataset imports back as COCO instances, browsed like the original', async ({
  page,
}) => {
  await page.goto('/');
  await generate(page, { name: 'coco source', images: 30, seed: 9, size: 96, allowHidden: 0.5 });
  const downloading = page.waitForEvent('download');
  await datasetRow(page, 'coco source').getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  await waitForJob(page);
  const bytes = readFileSync(await download.path());

  await dropFile(page, 'roundtrip.zip', bytes, 'application/zip');
  await waitForJob(page);
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-layout')).toContainText(/COCO/);
  await expect(report.getByTestId('import-count')).toContainText('30');
  await expect(report.getByTestId('import-problem')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/coco-reimport.png' });

  await openDataset(page, 'roundtrip');
  await expect(page.getByTestId('summary-count')).toContainText('30');
  await expect(page.getByTestId('occlusion-histogram')).toBeVisible();
  const tiles = page.getByTestId('tile');
  await expect(tiles.first()).toBeVisible();
  await page.getByTestId('browser-toolbar').getByLabel('Boxes', { exact: true }).check();
  await expect(tiles.first().locator('svg rect').first()).toBeAttached();

  await tiles.first().click();
  const dialog = page.getByTestId('sample-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('sample-meta')).toContainText('000000.png');
  await expect(dialog.getByTestId('instances-table')).toContainText('%');
  await expect(dialog.getByTestId('instances-table')).toContainText(/rectangle|ellipse/);
  await page.screenshot({ path: 'test-results/coco-reimport-sample.png' });
});

test('rename, re-split, remove noisy samples and delete; every change survives a reload', async ({
  page,
}) => {
  await page.goto('/');
  await generate(page, { name: 'occluded', images: 200, seed: 11, size: 96, allowHidden: 0.9 });

  // Rename inline; an empty name is refused with a message and the old name stays.
  const row = datasetRow(page, 'occluded');
  await row.getByRole('button', { name: 'Rename' }).click();
  await row.getByTestId('rename-input').fill('   ');
  await row.getByTestId('rename-input').press('Enter');
  await expect(page.getByText(/name cannot be empty/i).first()).toBeVisible();
  await row.getByTestId('rename-input').fill('occluded shapes');
  await row.getByTestId('rename-input').press('Enter');
  await expect(datasetRow(page, 'occluded shapes')).toBeVisible();

  await openDataset(page, 'occluded shapes');
  const splitsForm = page.getByTestId('splits-form');
  await splitsForm.getByLabel('Train %').fill('70');
  await splitsForm.getByLabel('Val %').fill('20');
  await splitsForm.getByLabel('Test %').fill('10');
  await splitsForm.getByLabel('Seed').fill('4');
  await splitsForm.getByRole('button', { name: 'Re-split' }).click();
  const splits = page.getByTestId('summary-splits');
  await expect(splits).toContainText('train 140');
  await expect(splits).toContainText('val 40');
  await expect(splits).toContainText('test 20');

  // Remove samples with any instance hidden more than 30 %.
  const noisy = page.getByTestId('noisy-filter');
  await noisy.getByLabel(/hidden more than/).fill('0.3');
  await noisy.getByRole('button', { name: 'Remove' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('summary-removed')).not.toHaveText(/^\D*0\D*$/);
  const removed = Number((await page.getByTestId('summary-removed').innerText()).replace(/\D/g, ''));
  expect(removed).toBeGreaterThan(0);
  const left = 200 - removed;
  await expect(page.getByTestId('tile-grid')).toHaveAttribute('data-count', String(left));
  // What is left has no instance hidden more than 30 %, but some hidden more than 5 %.
  const toolbar = page.getByTestId('browser-toolbar');
  await toolbar.getByLabel('Occlusion').selectOption('hidden-more-than');
  await toolbar.getByLabel('Hidden fraction').fill('0.3');
  await expect(page.getByTestId('tile-grid')).toHaveAttribute('data-count', '0');
  await toolbar.getByLabel('Hidden fraction').fill('0.05');
  await expect(page.getByTestId('tile-grid')).not.toHaveAttribute('data-count', '0');
  await page.screenshot({ path: 'test-results/after-noisy-filter.png' });

  await page.reload();
  await expect(page.getByTestId('summary-count')).toContainText(String(left));
  await expect(page.getByTestId('summary-removed')).toContainText(String(removed));
  await expect(page.getByTestId('summary-splits')).toContainText('test');

  await page.goto('/#/datasets');
  await datasetRow(page, 'occluded shapes').getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('empty-state')).toBeVisible();
});

test('the system screen shows the WebGPU adapter and storage', async ({ page }) => {
  await page.goto('/#/system');
  const info = page.getByTestId('system-info');
  await expect(info).toContainText(/swiftshader/i);
  await expect(info).toContainText(/WebGL/);
  await page.screenshot({ path: 'test-results/system.png' });
});
