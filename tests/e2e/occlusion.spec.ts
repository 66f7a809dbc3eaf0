// The occlusion study end to end: a U-Net with a boundary channel trained on occluded shapes, its
// rectangles split along the learned boundary (and by connected components for comparison), then the
// comparison model set up in one click without the heavily occluded samples, trained, evaluated on the
// same split and compared bin by bin, with the report files saying how instances were split.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { datasetRow, generate } from './helpers';
import { shot, train } from './training';

test('occlusion study: boundary channel, a comparison model trained without occluded samples, compared', async ({
  page,
}) => {
  await page.goto('/');
  await generate(page, {
    name: 'occluded',
    images: 40,
    seed: 3,
    size: 32,
    sides: [10, 16],
    allowHidden: 0.7,
  });
  const datasetId = (await datasetRow(page, 'occluded').getAttribute('data-id'))!;

  await train(page, datasetId, {
    name: 'with occlusion',
    epochs: 2,
    backend: 'cpu',
    task: 'Segmentation',
    more: async () => {
      const form = page.getByTestId('experiment-form');
      await form.getByLabel('Target', { exact: true }).selectOption('rectangles');
      await form.getByLabel('Instance separation', { exact: true }).selectOption('boundary');
      await expect(form.getByLabel('Boundary loss weight', { exact: true })).toHaveValue('1');
      await expect(form.getByLabel('Least visible instance (training)', { exact: true })).toHaveValue('0');
      // Two classes and the boundary channel.
      await expect(page.getByTestId('setup-summary')).toContainText('U-Net');
    },
  });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('loss-chart')).toContainText('boundary');

  const evaluate = async () => {
    const form = page.getByTestId('run-evaluations').getByTestId('evaluate-form');
    await form.getByLabel('Split').selectOption('val');
    const before = page.url();
    await form.getByRole('button', { name: 'Evaluate' }).click();
    await page.waitForURL((u) => /#\/evaluations\/[^/]+$/.test(u.href) && u.href !== before, {
      timeout: 120_000,
    });
    return (await page.getByTestId('evaluation-name').textContent())!;
  };
  const firstName = await evaluate();
  const panel = page.getByTestId('instances-panel');
  await expect(panel).toContainText("split along the model's boundary channel");
  await expect(panel.getByTestId('components-only')).toContainText('Connected components alone');
  await expect(panel.getByTestId('components-only')).toContainText(/AP50 (\d+\.\d%|—)/);

  // The report's instances table has both splits side by side.
  const zipDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all files (.zip)' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await zipDownload).path())));
  const instances = strFromU8(files['instances.csv']).trim().split('\r\n');
  expect(instances[0]).toBe('metric,boundary_channel,connected_components');
  expect(instances.slice(1).map((l) => l.split(',')[0])).toEqual([
    'mask_ap',
    'mask_ap50',
    'mask_ap75',
    'mask_ar100',
  ]);

  // One click sets the comparison run up: the same config, occluded samples left out of training.
  await panel.getByRole('button', { name: 'Train a comparison model…' }).click();
  await page.waitForURL(/#\/experiments\//);
  const form = page.getByTestId('experiment-form');
  await expect(form.getByLabel('Least visible instance (training)', { exact: true })).toHaveValue('0.5');
  await expect(form.getByLabel('Instance separation', { exact: true })).toHaveValue('boundary');
  await expect(form.getByLabel('Target', { exact: true })).toHaveValue('rectangles');
  await expect(page.getByTestId('setup-summary')).toContainText('16 × 16 × 3');
  await page.getByTestId('train-panel').getByLabel('Run name').fill('without occlusion');
  await page.getByTestId('train-panel').getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForURL(/#\/runs\/[^/]+$/);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('run-log')).toContainText('left out (train_min_visible)');

  await evaluate();
  await panel.getByLabel('Compare with').selectOption({ label: firstName });
  await expect(panel.getByTestId('occlusion-table').locator('thead th')).toHaveCount(7);
  // Both were scored on the same validation samples: the same rectangles in each bin.
  const counts = async (col: number) =>
    panel.getByTestId('occlusion-table').locator(`tbody tr td:nth-child(${col})`).allTextContents();
  expect(await counts(2)).toEqual(await counts(5));
  await expect(panel.getByTestId('occlusion-summary')).toContainText(firstName);
  await shot(page, 'occlusion-comparison');

  // The report files carry the comparison: the other model's columns and the sentence.
  const sentence = (await panel.getByTestId('occlusion-summary').textContent())!;
  const htmlDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync(await (await htmlDownload).path(), 'utf8');
  expect(html).toContain('Occlusion study, beside');
  expect(html).toContain(sentence.slice(0, 40));
  const compareZip = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all files (.zip)' }).click();
  const zipped = unzipSync(new Uint8Array(readFileSync(await (await compareZip).path())));
  expect(strFromU8(zipped['occlusion.csv']).split('\r\n')[0]).toBe(
    'visible_from,visible_to,rectangles,found_iou50,mean_best_iou,rectangles_other,found_iou50_other,mean_best_iou_other',
  );
});
