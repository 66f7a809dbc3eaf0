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

test('drop an official-layout COCO zip of JPEGs: polygons become instances coloured from the image', async ({
  page,
}) => {
  await page.goto('/');
  // Flat-colour JPEGs made by the browser itself (no JPEG encoder in the fixtures).
  const jpeg = async (r: number, g: number, b: number) =>
    Buffer.from(
      await page.evaluate(
        async ([r, g, b]) => {
          const canvas = new OffscreenCanvas(64, 48);
          const ctx = canvas.getContext('2d')!;
          ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
          ctx.fillRect(0, 0, 64, 48);
          const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let s = '';
          for (const x of bytes) s += String.fromCharCode(x);
          return btoa(s);
        },
        [r, g, b],
      ),
      'base64',
    );
  const coco = {
    images: [
      { id: 1, file_name: 'a.jpg', width: 64, height: 48 },
      { id: 2, file_name: 'b.jpg', width: 64, height: 48 },
    ],
    categories: [{ id: 1, name: 'field' }],
    annotations: [
      {
        id: 1,
        image_id: 1,
        category_id: 1,
        bbox: [8, 8, 20, 10],
        segmentation: [[8, 8, 28, 8, 28, 18, 8, 18]],
      },
      {
        id: 2,
        image_id: 2,
        category_id: 1,
        bbox: [0, 0, 64, 48],
        iscrowd: 1,
        segmentation: [[0, 0, 64, 0, 64, 48]],
      },
    ],
  };
  const tree: FileTree = {
    'coco/annotations/instances_val.json': JSON.stringify(coco),
    'coco/val/a.jpg': await jpeg(200, 40, 40),
    'coco/val/b.jpg': await jpeg(20, 90, 200),
  };
  await dropFile(page, 'coco-mini.zip', zipTree(tree), 'application/zip');
  await waitForJob(page);
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-layout')).toContainText(/COCO/);
  await expect(report.getByTestId('import-count')).toContainText('2');
  await expect(report.getByTestId('import-problems')).toContainText('crowd');
  await expect(report.getByTestId('import-problems')).toContainText('bad annotation');

  await openDataset(page, 'coco-mini');
  await expect(page.getByTestId('summary-count')).toContainText('2');
  await page.getByTestId('tile').first().click();
  const table = page.getByTestId('sample-dialog').getByTestId('instances-table');
  await expect(table).toContainText('field');
  await expect(table).toContainText('8, 8, 20, 10');
  const hex = (await table.locator('.swatch').first().getAttribute('title'))!;
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  [200, 40, 40].forEach((v, i) => expect(Math.abs(rgb[i] - v)).toBeLessThanOrEqual(6));
});
