// Segmentation training end to end: a generated shapes set, a tiny U-Net on the CPU backend with
// cross-entropy + Dice, the loss parts charted live, mean IoU per epoch, and metrics.csv with every part.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { makeDataset, shot, train } from './training';

test('train a tiny U-Net on shapes: loss parts charted, mean IoU per epoch, metrics.csv', async ({
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
  await expect(page.getByTestId('evaluate-segmentation-note')).toBeVisible();
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
});
