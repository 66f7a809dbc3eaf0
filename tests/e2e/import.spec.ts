import { test, expect } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  brokenPng,
  imageFolderTree,
  pngImage,
  pngMask,
  writeTree,
  zipTree,
  type FileTree,
} from '../fixtures/images';
import { datasetRow, dropFile, openDataset, waitForJob } from './helpers';

test('drop an ImageFolder zip: good images imported, bad files listed with their paths', async ({ page }) => {
  const tree: FileTree = {
    ...imageFolderTree('EuroSAT', ['AnnualCrop', 'Forest', 'River'], 12),
    'EuroSAT/Forest/broken.png': brokenPng(),
    'EuroSAT/River/notes.txt': 'not an image',
  };
  await page.goto('/');
  await dropFile(page, 'eurosat-mini.zip', zipTree(tree), 'application/zip');
  await waitForJob(page);

  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-count')).toContainText('36');
  await expect(report.getByTestId('import-layout')).toContainText(/ImageFolder/i);
  const problems = report.getByTestId('import-problem');
  await expect(problems).toHaveCount(2);
  await expect(report.getByTestId('import-problems')).toContainText('Forest/broken.png');
  await expect(report.getByTestId('import-problems')).toContainText('River/notes.txt');
  await page.screenshot({ path: 'test-results/import-report.png' });

  await openDataset(page, 'eurosat-mini');
  await expect(page.getByTestId('summary-count')).toContainText('36');
  const summary = page.getByTestId('summary');
  for (const c of ['AnnualCrop', 'Forest', 'River']) await expect(summary).toContainText(c);
  await expect(page.getByTestId('tile').first()).toBeVisible();

  // Filter by class: only Forest tiles remain.
  await page.getByTestId('browser-toolbar').getByLabel('Class').selectOption({ label: 'Forest' });
  await expect(page.getByTestId('tile-grid')).toHaveAttribute('data-count', '12');
});

test('pick a folder with a broken image and a stray file: the report names them; names stay text', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-folder-'));
  const tree: FileTree = {
    ...imageFolderTree('shapes-folder', ['cats', 'dogs'], 5),
    'shapes-folder/dogs/<img src=x onerror=alert(1)>.png': brokenPng(),
    'shapes-folder/cats/readme.md': '# hello',
  };
  writeTree(dir, tree);
  page.on('dialog', () => {
    throw new Error('a file name was run as HTML');
  });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(join(dir, 'shapes-folder'));
  await waitForJob(page);
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-count')).toContainText('10');
  await expect(report.getByTestId('import-problems')).toContainText('dogs/<img src=x onerror=alert(1)>.png');
  await expect(report.getByTestId('import-problems')).toContainText('cats/readme.md');
  await expect(datasetRow(page, 'shapes-folder')).toBeVisible();
});

test('drop an images/ + masks/ zip: pairs imported, unmatched and mismatched files reported', async ({
  page,
}) => {
  const tree: FileTree = {};
  for (let i = 0; i < 6; i++) {
    tree[`seg/images/tile_${i}.png`] = pngImage(32, 32, i + 1);
    tree[`seg/masks/tile_${i}.png`] = pngMask(32, 32, (x, y) => (x < 16 ? 0 : y < 16 ? 1 : 2));
  }
  tree['seg/images/lonely.png'] = pngImage(32, 32, 9);
  tree['seg/masks/orphan.png'] = pngMask(32, 32, () => 1);
  tree['seg/images/wrong_size.png'] = pngImage(32, 32, 10);
  tree['seg/masks/wrong_size.png'] = pngMask(16, 16, () => 1);
  await page.goto('/');
  await dropFile(page, 'seg.zip', zipTree(tree), 'application/zip');
  await waitForJob(page);
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-count')).toContainText('6');
  await expect(report.getByTestId('import-layout')).toContainText(/mask/i);
  const problems = report.getByTestId('import-problems');
  await expect(problems).toContainText('lonely.png');
  await expect(problems).toContainText('orphan.png');
  await expect(problems).toContainText('wrong_size.png');

  await openDataset(page, 'seg');
  await expect(page.getByTestId('summary-count')).toContainText('6');
  await page.getByTestId('browser-toolbar').getByLabel('Mask', { exact: true }).selectOption('class');
  await expect(page.getByTestId('tile').first().locator('canvas')).toBeVisible();
});
