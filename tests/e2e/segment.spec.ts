// Segmentation training end to end: a generated shapes set, a tiny U-Net on the CPU backend with
// cross-entropy + Dice, the loss parts charted live, mean IoU per epoch, and metrics.csv with every part.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { makeDataset, shot, train } from './training';

test('train a tiny U-Net on shapes: loss parts charted, mean IoU per epoch, metrics.csv; evaluate it', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'seg shapes');
  await train(page, datasetId, {
    name: 'tiny unet',
    epochs: 2,
    backend: 'cpu',
    task: 'Segmentation',
    more: async (set) => {
      const form = page.getByTestId('experiment-form');
      await expect(form.getByLabel('Model', { exact: true })).toHaveValue('unet');
      await expect(page.getByTestId('segmentation-section')).toBeVisible();
      await set('Dice weight', '0.5');
      await expect(page.getByTestId('setup-summary')).toContainText('U-Net');
    },
  });
  await expect(page.getByTestId('run-summary')).toContainText('segmentation');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });

  const loss = page.getByTestId('loss-chart');
  await expect(loss).toContainText('cross-entropy');
  await expect(loss).toContainText('Dice');
  await expect(page.getByTestId('epoch-chart')).toHaveAttribute('data-points', '2');
  await expect(page.getByTestId('epoch-chart')).toContainText('mean IoU');
  await shot(page, 'run-segmentation');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download metrics.csv' }).click();
  const lines = readFileSync(await (await downloading).path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  const header = lines[0].split(',');
  expect(header).toEqual(
    expect.arrayContaining([
      'train_loss',
      'train_loss_ce',
      'train_loss_dice',
      'val_loss_ce',
      'val_loss_dice',
      'val_mean_iou',
      'val_pixel_accuracy',
    ]),
  );
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
  // Each step's loss is its cross-entropy plus half its Dice loss.
  for (const r of rows.filter((x) => x.train_loss !== ''))
    expect(Number(r.train_loss)).toBeCloseTo(Number(r.train_loss_ce) + 0.5 * Number(r.train_loss_dice), 4);
  const epochs = rows.filter((r) => r.val_mean_iou !== '');
  expect(epochs).toHaveLength(2);
  for (const r of epochs) {
    expect(Number(r.val_mean_iou)).toBeGreaterThan(0);
    expect(Number(r.val_mean_iou)).toBeLessThanOrEqual(1);
  }

  // Evaluated on every sample: the report over the split, and the samples below a mean IoU.
  const form = page.getByTestId('run-evaluations').getByTestId('evaluate-form');
  await form.getByLabel('Split').selectOption('all');
  await form.getByRole('button', { name: 'Evaluate' }).click();
  await page.waitForURL(/#\/evaluations\/[^/]+$/, { timeout: 120_000 });
  await expect(page.getByTestId('evaluation-page')).toContainText('40 samples');
  const report = page.getByTestId('segmentation-report');
  await expect(report.locator('tbody tr')).toHaveCount(3);
  for (const c of ['background', 'rectangle', 'ellipse'])
    await expect(report.locator(`tr[data-class="${c}"]`)).toBeVisible();
  // The headline's mean IoU is the report's.
  const headline = await page.locator('[data-metric="mean_iou"] .headline-value').textContent();
  await expect(report.locator('[data-metric="mean_iou"] dd')).toHaveText(headline!);

  // Rectangles as instances: mask AP, and every ground-truth rectangle in one visible-fraction bin.
  const instances = page.getByTestId('instances-panel');
  await expect(instances.locator('[data-metric="ap50"] .headline-value')).toHaveText(/^(\d+\.\d%|—)$/);
  const rectangles = Number(
    (await instances.locator('[data-metric="count"] .headline-value').textContent())!.replace(/,/g, ''),
  );
  expect(rectangles).toBeGreaterThan(0);
  const binCounts = await instances
    .getByTestId('occlusion-table')
    .locator('tbody tr td:nth-child(2)')
    .allTextContents();
  expect(binCounts).toHaveLength(4);
  expect(binCounts.reduce((a, t) => a + Number(t.replace(/,/g, '')), 0)).toBe(rectangles);
  const firstEvaluation = page.url();

  const gallery = page.getByTestId('low-score-gallery');
  const threshold = gallery.getByLabel('below');
  await threshold.fill('1.01');
  await expect(gallery.getByRole('alert')).toContainText('from 0 to 1');
  await threshold.fill('1');
  const all = Number(await gallery.getByTestId('low-score-table').getAttribute('data-count'));
  expect(all).toBeGreaterThan(0);
  expect(all).toBeLessThanOrEqual(40);
  await threshold.fill('0');
  await expect(gallery).toContainText('No sample has a mean IoU below 0');
  await threshold.fill('0.5');
  const lowRows = gallery.getByTestId('low-score-row');
  const shown = await lowRows.count();
  const csvDownload = page.waitForEvent('download');
  await gallery.getByRole('button', { name: 'Download CSV' }).click();
  const csv = readFileSync(await (await csvDownload).path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('file_name,mean_iou,mean_dice,pixel_accuracy');
  expect(csv).toHaveLength(shown + 1);
  // Lowest first, every listed sample below the threshold.
  const ious = csv.slice(1).map((l) => Number(l.split(',')[1]));
  expect(ious.every((v) => v < 0.5)).toBe(true);
  expect([...ious].sort((a, b) => a - b)).toEqual(ious);

  if (shown > 0) {
    await lowRows.first().getByRole('button').click();
    const view = page.getByTestId('segmentation-sample');
    await expect(view.getByTestId('segmentation-panels')).toHaveAttribute('data-state', 'ready');
    await expect(view.getByRole('img', { name: /^Errors of / })).toBeVisible();
    await shot(page, 'segmentation-sample');
    await page.keyboard.press('Escape');
  }
  await shot(page, 'evaluation-segmentation');

  // The report: one HTML page that opens offline, and a zip of every table.
  const htmlDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync(await (await htmlDownload).path(), 'utf8');
  expect(html).toContain('id="segmentation_report"');
  expect(html).toContain('Lowest-scoring samples');
  expect(html).toMatch(/<img[^>]+src="data:image\/png;base64,/);
  expect(html).not.toMatch(/<script/i);
  const zipDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all files (.zip)' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await zipDownload).path())));
  expect(Object.keys(files)).toEqual(
    expect.arrayContaining([
      'report.html',
      'report.json',
      'segmentation_report.csv',
      'metrics.csv',
      'samples.csv',
      'confusion_matrix.csv',
      'confusion_matrix.png',
      'instances.csv',
      'occlusion.csv',
    ]),
  );
  const table = strFromU8(files['segmentation_report.csv']).trim().split('\r\n');
  expect(table[0]).toBe('class,iou,dice,class_accuracy,tp,fp,fn');
  expect(table.slice(1).map((l) => l.split(',')[0])).toEqual(['background', 'rectangle', 'ellipse']);
  expect(strFromU8(files['samples.csv']).trim().split('\r\n')).toHaveLength(41);

  // A second checkpoint evaluated, then compared bin by bin with the first: a sentence on the difference.
  await page.getByRole('link', { name: 'Open run' }).click();
  const again = page.getByTestId('run-evaluations').getByTestId('evaluate-form');
  await again.getByLabel('Checkpoint').selectOption({ index: 1 });
  await again.getByLabel('Split').selectOption('all');
  await again.getByRole('button', { name: 'Evaluate' }).click();
  await page.waitForURL((url) => /#\/evaluations\/[^/]+$/.test(url.href) && url.href !== firstEvaluation, {
    timeout: 120_000,
  });
  const panel = page.getByTestId('instances-panel');
  await panel.getByLabel('Compare with').selectOption({ index: 1 });
  await expect(panel.getByTestId('occlusion-table').locator('thead th')).toHaveCount(7);
  await expect(panel.getByTestId('occlusion-summary')).toContainText(
    /largest difference|equally often|share no bin/,
  );
  await shot(page, 'occlusion-study');
});
