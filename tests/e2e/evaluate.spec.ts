// Evaluation end to end: a trained run's checkpoint scored on a split in the worker (job bar), the
// evaluation page's headline, confusion matrix and mistakes gallery (cell → exactly its samples, CSV,
// attribution map), and everything still there after a reload.
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { imageFolderTree, pngImage, zipTree } from '../fixtures/images';
import { datasetRow, dropFile, waitForJob } from './helpers';
import { makeDataset, shot, train } from './training';

test('evaluate a checkpoint: confusion matrix, a cell opens its samples, CSV, attribution map, reload', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'eval shapes');
  await train(page, datasetId, { name: 'eval cnn', epochs: 2, backend: 'cpu' });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });

  const panel = page.getByTestId('run-evaluations');
  const form = panel.getByTestId('evaluate-form');
  await form.getByLabel('Checkpoint').selectOption({ index: 1 });
  await form.getByLabel('Split').selectOption('all');
  await form.getByRole('button', { name: 'Evaluate' }).click();
  await page.waitForURL(/#\/evaluations\/[^/]+$/, { timeout: 120_000 });
  await expect(page.getByTestId('evaluation-name')).toContainText('eval cnn');
  await expect(page.getByTestId('evaluation-page')).toContainText('40 samples');

  // The matrix covers every sample once; its diagonal is the accuracy shown.
  const cells = page.getByTestId('confusion-matrix').locator('[data-cell]');
  await expect(cells).toHaveCount(4);
  const counts = (await cells.evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-count'))),
  )) as number[];
  expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
  const accuracyText = await page.locator('[data-metric="accuracy"] .headline-value').textContent();
  expect(Number(accuracyText!.replace('%', ''))).toBeCloseTo(((counts[0] + counts[3]) / 40) * 100, 1);
  const mistakes = counts[1] + counts[2];
  await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-count', String(mistakes));

  // The classification report agrees with the matrix: a class's support is its row, its recall the
  // diagonal's share of the row, its precision the diagonal's share of the column.
  const report = page.getByTestId('classification-report');
  for (const [c, name] of ['rectangle', 'ellipse'].entries()) {
    const row = report.locator(`tr[data-class="${name}"] td`);
    const support = counts[2 * c] + counts[2 * c + 1];
    const predicted = counts[c] + counts[2 + c];
    const share = (a: number, b: number) => `${(b ? (100 * a) / b : 0).toFixed(1)}%`;
    await expect(row.nth(1)).toHaveText(share(counts[3 * c], predicted));
    await expect(row.nth(2)).toHaveText(share(counts[3 * c], support));
    await expect(row.nth(4)).toHaveText(String(support));
  }
  await expect(report.locator('[data-metric="accuracy"] dd')).toHaveText(
    `${((100 * (counts[0] + counts[3])) / 40).toFixed(2)}%`,
  );
  // Two classes: top-1 only (top-2 would always be 100%).
  await expect(report.locator('[data-metric^="top_"]')).toHaveCount(1);
  await expect(report.locator('[data-metric="ece"] dd')).toHaveText(/^\d+\.\d\d%$/);
  await expect(page.getByTestId('reliability-diagram')).toHaveAttribute('data-points', '40');

  // A cell lists exactly its samples: the largest one, to have some.
  const biggest = counts.indexOf(Math.max(...counts));
  await cells.nth(biggest).click();
  await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-count', String(counts[biggest]));

  const downloading = page.waitForEvent('download');
  await page.getByTestId('mistakes-gallery').getByRole('button', { name: 'Download CSV' }).click();
  const csv = readFileSync(await (await downloading).path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(csv[0]).toBe('file_name,true,predicted,confidence,loss');
  expect(csv).toHaveLength(counts[biggest] + 1);
  const [trueClass, predClass] = [Math.floor(biggest / 2), biggest % 2].map(
    (c) => ['rectangle', 'ellipse'][c],
  );
  for (const line of csv.slice(1)) expect(line.split(',').slice(1, 3)).toEqual([trueClass, predClass]);

  // A tile opens the sample with its Grad-CAM map, then saliency.
  await page.getByTestId('gallery-tile').first().click();
  const dialog = page.getByTestId('sample-explain');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('attribution-map')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
  await expect(dialog).toContainText('Grad-CAM on layer');
  await shot(page, 'evaluation-explain');
  await dialog.getByLabel('Attribution').selectOption('saliency');
  await expect(dialog.getByTestId('attribution-map')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await shot(page, 'evaluation-page');

  // Stored: after a reload the evaluation opens again, and is listed.
  await page.reload();
  await expect(page.getByTestId('confusion-matrix').locator('[data-cell]')).toHaveCount(4);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evaluation' }).click();
  await expect(page.getByTestId('evaluation-row')).toHaveCount(1);
  await expect(page.getByTestId('evaluation-row')).toContainText('eval shapes, all samples');
});

test('open a checkpoint file: its layers, config and history, then evaluate it; open a Lightning metrics.csv', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'viewer shapes');
  await train(page, datasetId, { name: 'viewer cnn', epochs: 2, backend: 'cpu' });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('run-all-metrics')).toBeVisible();
  await expect(page.getByTestId('run-all-metrics').locator('[data-metric="val_accuracy"]')).toHaveAttribute(
    'data-points',
    '2',
  );
  const downloading = page.waitForEvent('download');
  await page
    .getByTestId('checkpoint-row')
    .and(page.locator('[data-kind="last"]'))
    .getByRole('button', { name: 'Export' })
    .click();
  const checkpoint = readFileSync(await (await downloading).path());

  await page.goto('/#/evaluations');
  await expect(page.getByTestId('evaluations-empty')).toBeVisible();
  // A checkpoint file dropped on the Evaluation screen opens in the viewer.
  await dropFile(page, 'viewer-last.zip', checkpoint, 'application/zip', 'evaluation-drop-zone');
  await page.waitForURL(/#\/viewer$/);
  await expect(page.getByTestId('viewer-title')).toHaveText('viewer-last.zip');
  await expect(page.getByTestId('checkpoint-facts')).toContainText('viewer cnn');
  await expect(page.getByTestId('layer-row').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('model-layers')).toContainText('Conv2D');
  await expect(page.getByTestId('model-layers')).toContainText('(None, 16, 16, 4)');
  await expect(page.getByTestId('checkpoint-config')).toContainText('"random_seed": 1');
  await expect(page.getByTestId('checkpoint-history').locator('[data-metric="train_loss"]')).toBeVisible();
  await shot(page, 'checkpoint-viewer');

  await page.getByTestId('evaluate-form').getByLabel('Split').selectOption('all');
  await page.getByTestId('evaluate-form').getByRole('button', { name: 'Evaluate' }).click();
  await page.waitForURL(/#\/evaluations\/[^/]+$/, { timeout: 120_000 });
  await expect(page.getByTestId('evaluation-page')).toContainText('file viewer-last.zip');
  await expect(page.getByTestId('evaluation-page')).toContainText('40 samples');

  // A Lightning CSVLogger log: sparse rows, train and val values on different rows.
  const lightning = [
    'epoch,step,train_loss_epoch,train_loss_step,val_acc,val_loss',
    '0,49,,0.9,,',
    '0,99,,0.7,,',
    '0,99,,,0.75,0.62',
    '0,99,0.8,,,',
    '1,149,,0.5,,',
    '1,199,,0.4,,',
    '1,199,,,0.85,0.41',
    '1,199,0.45,,,',
  ].join('\n');
  // Dropped on the Evaluation screen.
  await page.goto('/#/evaluations');
  await dropFile(page, 'metrics.csv', Buffer.from(lightning), 'text/csv', 'evaluation-drop-zone');
  await page.waitForURL(/#\/viewer$/);
  const plots = page.getByTestId('metrics-plots');
  await expect(plots).toHaveAttribute('data-metrics', '4');
  await expect(plots.locator('[data-metric="train_loss_step"]')).toHaveAttribute('data-points', '4');
  await plots.getByRole('button', { name: 'By epoch' }).click();
  await expect(plots.locator('[data-metric="train_loss_step"]')).toHaveAttribute('data-points', '2');
  await shot(page, 'metrics-viewer');

  // A file of neither kind, picked with Open a file…, is refused with its name; the viewer keeps what it showed.
  const input = page.getByTestId('open-file-input');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
  await expect(page.getByTestId('toast').filter({ hasText: 'notes.txt' })).toBeVisible();
  await expect(page.getByTestId('viewer-title')).toHaveText('metrics.csv');
  // A broken CSV names its line.
  await input.setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b\n1,2,3\n'),
  });
  await expect(page.getByTestId('toast').filter({ hasText: 'line 2' })).toBeVisible();
});

test('report export: the HTML page opens offline with names from the data as text; the zip has every table', async ({
  page,
}) => {
  const evilFile = '<img src=x onerror=alert(1)>.png';
  const evilClass = '<i onmouseover=alert(2)>dogs';
  page.on('dialog', () => {
    throw new Error('text from the dataset was run as HTML');
  });
  await page.goto('/');
  const tree = imageFolderTree('pets', ['cats', evilClass], 10, 16);
  tree[`pets/cats/${evilFile}`] = pngImage(16, 16, 99);
  await dropFile(page, 'pets.zip', zipTree(tree), 'application/zip');
  await waitForJob(page);
  const datasetId = (await datasetRow(page, 'pets').getAttribute('data-id'))!;
  await train(page, datasetId, { name: 'pets cnn', epochs: 1, backend: 'cpu' });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });
  const form = page.getByTestId('run-evaluations').getByTestId('evaluate-form');
  await form.getByLabel('Split').selectOption('all');
  await form.getByRole('button', { name: 'Evaluate' }).click();
  await page.waitForURL(/#\/evaluations\/[^/]+$/, { timeout: 120_000 });

  // In the app the names are text.
  await page.getByTestId('mistakes-gallery').getByLabel('Show').selectOption('all');
  // Imported samples are named by their path in the dataset.
  const evilName = `cats/${evilFile}`;
  await expect(page.locator(`[data-testid="gallery-tile"][data-name="${evilName}"]`)).toContainText(evilName);
  await expect(page.getByTestId('confusion-matrix')).toContainText(evilClass);

  const htmlDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  // Saved under its own name (the download's temporary path has no .html extension).
  const htmlFile = join(mkdtempSync(join(tmpdir(), 'tw-report-')), (await htmlDownload).suggestedFilename());
  await (await htmlDownload).saveAs(htmlFile);
  expect(htmlFile).toMatch(/pets cnn.*-report\.html$/);
  const html = readFileSync(htmlFile, 'utf8');
  expect(html).not.toContain('<img src=x');
  expect(html).not.toContain('<i onmouseover');
  expect(html).toContain('&lt;i onmouseover=alert(2)&gt;dogs');
  expect(html).not.toMatch(/<script/i);

  // Opened as a file, offline: it shows the names as text and runs nothing.
  const report = await page.context().newPage();
  report.on('dialog', () => {
    throw new Error('the report ran text as HTML');
  });
  const requests: string[] = [];
  report.on('request', (r) => {
    if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) requests.push(r.url());
  });
  await report.goto(pathToFileURL(htmlFile).href);
  await expect(report.locator('h1')).toHaveText(/^pets cnn · (best|last) · pets all samples$/);
  await expect(report.locator('#confusion_matrix')).toContainText(evilClass);
  await expect(report.locator('#classification_report')).toContainText(evilClass);
  await expect(report.getByText(/^Reliability diagram \(ECE/)).toBeVisible();
  await expect(report.locator('svg').first()).toBeVisible();
  await report.screenshot({ path: 'test-results/report-html.png', fullPage: true });
  expect(requests).toEqual([]);
  await report.close();

  const zipDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all files (.zip)' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await zipDownload).path())));
  expect(Object.keys(files).sort()).toEqual(
    expect.arrayContaining([
      'calibration.csv',
      'classification_report.csv',
      'metrics.csv',
      'confusion_matrix.csv',
      'confusion_matrix.png',
      'mistakes.csv',
      'report.html',
      'report.json',
      'samples.csv',
    ]),
  );
  expect([...files['confusion_matrix.png'].slice(1, 4)]).toEqual([80, 78, 71]);
  const samples = strFromU8(files['samples.csv']).trim().split('\r\n');
  expect(samples).toHaveLength(21 + 1);
  expect(samples.some((l) => l.startsWith(`${evilName},cats,`))).toBe(true);
  // The report table: scikit-learn's columns, a row per class (the hostile name as CSV text), supports
  // adding up to the samples, then the average rows.
  const table = strFromU8(files['classification_report.csv']).trim().split('\r\n');
  expect(table[0]).toBe('class,precision,recall,f1-score,support');
  const classRows = table.slice(1, 3).map((l) => l.split(','));
  expect(classRows.map((r) => r[0]).sort()).toEqual(['cats', evilClass].sort());
  expect(classRows.reduce((a, r) => a + Number(r.at(-1)), 0)).toBe(21);
  expect(table.slice(3).map((l) => l.split(',')[0])).toEqual(['accuracy', 'macro avg', 'weighted avg']);
  const json = JSON.parse(strFromU8(files['report.json']));
  expect([...json.tables.confusion_matrix.labels].sort()).toEqual([evilClass, 'cats']);
});
