// Training runs end to end: set up on the Experiments screen, train in the worker, watch the charts,
// survive a reload (interrupted → Resume), export a checkpoint and import it back as a run.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { datasetRow } from './helpers';
import { makeDataset, points, shot, stepLosses, train } from './training';

/** Drops one file on the runs screen's drop zone as the browser would deliver it from the desktop. */
async function dropOnRuns(page: Page, fileName: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName }) => {
      const bin = atob(b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([arr], fileName, { type: 'application/zip' }));
      return dt;
    },
    { b64: bytes.toString('base64'), fileName },
  );
  const zone = page.getByTestId('checkpoint-drop');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

test('train a tiny CNN: live charts, reload → interrupted → Resume → completed; export and import a checkpoint', async ({
  page,
}) => {
  await page.goto('/#/runs');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Set up an experiment' })).toHaveAttribute(
    'href',
    '#/experiments',
  );
  await shot(page, 'runs-empty');

  const datasetId = await makeDataset(page, 'tiny shapes');
  const epochs = 24;
  await train(page, datasetId, { name: 'tiny cnn', epochs, backend: 'cpu' });

  // The set-up as the worker stated it, then the loss chart grows while the progress bar moves.
  const summary = page.getByTestId('run-summary');
  await expect(summary.getByTestId('summary-backend').locator('[data-backend]')).toHaveAttribute(
    'data-backend',
    'cpu',
  );
  await expect(summary.getByTestId('summary-input')).toContainText('16 × 16 × 3');
  await expect(summary.getByTestId('summary-params')).toContainText('parameters');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => points(page, 'loss-chart')).toBeGreaterThan(0);
  const first = await points(page, 'loss-chart');
  await expect.poll(() => points(page, 'loss-chart')).toBeGreaterThan(first);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('aria-valuenow', /\d+/);
  await expect(page.getByTestId('run-log')).toContainText(/./);

  // A checkpoint exists after the first epoch; the page then goes away mid-run.
  await expect(page.getByTestId('checkpoint-row').first()).toBeVisible();
  await expect.poll(() => points(page, 'epoch-chart')).toBeGreaterThan(0);
  await shot(page, 'run-live');
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'interrupted');
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  const kept = await points(page, 'epoch-chart');
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(epochs);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 240_000,
  });
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await expect(page.getByTestId('epoch-chart')).toHaveAttribute('data-points', String(epochs));
  await expect(page.getByTestId('run-log')).toContainText('Resumed from');
  const steps = await points(page, 'loss-chart');
  expect(steps).toBeGreaterThanOrEqual(epochs * 4);
  await expect(page.getByTestId('lr-chart')).toHaveAttribute('data-points', String(steps));
  await expect(page.getByTestId('checkpoint-row').and(page.locator('[data-kind="best"]'))).toHaveCount(1);
  await shot(page, 'run-completed');

  // Export the last checkpoint: a zip with the tfjs model, the config, metrics.csv and meta.json.
  const last = page.getByTestId('checkpoint-row').and(page.locator('[data-kind="last"]'));
  const downloading = page.waitForEvent('download');
  await last.getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`tiny cnn-last-epoch${epochs}.zip`);
  const bytes = readFileSync(await download.path());
  const files = unzipSync(new Uint8Array(bytes));
  for (const f of ['model/model.json', 'model/weights.bin', 'config.json', 'metrics.csv', 'meta.json'])
    expect(Object.keys(files)).toContain(f);
  const modelJson = JSON.parse(strFromU8(files['model/model.json']));
  expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
  const config = JSON.parse(strFromU8(files['config.json']));
  expect(config).toMatchObject({ input_size: 16, batch_size: 8, epochs, model: { width: 4, depth: 2 } });
  const csv = strFromU8(files['metrics.csv']).trim().split('\n');
  const header = csv[0].split(',');
  expect(header).toEqual([...header].sort());
  expect(header).toEqual(expect.arrayContaining(['epoch', 'step', 'train_loss', 'val_loss']));
  expect(csv.length).toBeGreaterThan(steps);
  // A resumed run's history has every step and every epoch exactly once.
  const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
  const stepRows = rows.filter((r) => r.train_loss !== '').map((r) => Number(r.step));
  const epochRows = rows.filter((r) => r.val_loss !== '').map((r) => Number(r.epoch));
  expect(stepRows).toEqual(Array.from({ length: epochs * 5 }, (_, i) => i + 1));
  expect(epochRows).toEqual(Array.from({ length: epochs }, (_, i) => i));
  await expect(page.getByTestId('epoch-chart')).toHaveAttribute('data-points', String(epochs));
  const meta = JSON.parse(strFromU8(files['meta.json']));
  expect(meta).toMatchObject({ format: 'tilewright-checkpoint', kind: 'last', inputShape: [16, 16, 3] });
  expect(meta.position.epoch).toBe(epochs);

  // metrics.csv from the run page is the same history.
  const csvDownloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download metrics.csv' }).click();
  const csvDownload = await csvDownloading;
  expect(csvDownload.suggestedFilename()).toBe('tiny cnn-metrics.csv');
  expect(readFileSync(await csvDownload.path(), 'utf8').split('\n')[0]).toBe(csv[0]);

  // Import it back: a new run, status imported, with the history and the one checkpoint.
  await page.goto('/#/runs');
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await dropOnRuns(page, 'tiny-last.zip', bytes);
  const imported = page.locator('[data-testid="run-row"][data-status="imported"]');
  await expect(imported).toHaveCount(1);
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  // A file that is not a checkpoint is named in an error and stores nothing.
  await dropOnRuns(page, 'not-a-checkpoint.zip', Buffer.from('hello'));
  await expect(page.getByTestId('toast').filter({ hasText: 'not-a-checkpoint.zip' })).toBeVisible();
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await shot(page, 'runs-list');

  await imported.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'imported');
  await expect(page.getByTestId('epoch-chart')).toHaveAttribute('data-points', String(epochs));
  await expect(page.getByTestId('checkpoint-row')).toHaveCount(1);

  // Compare the two: both curves overlaid, named in the legend.
  await page.goto('/#/runs');
  for (const row of await page.getByTestId('run-row').all()) await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const compare = page.getByTestId('compare-chart');
  await expect(compare).toHaveAttribute('data-runs', '2');
  await expect(compare.locator('.recharts-line')).not.toHaveCount(0);
  await shot(page, 'compare');

  // Rename inline, and delete with a confirmation; both survive a reload.
  await page.goto('/#/runs');
  await imported.getByRole('button', { name: 'Rename' }).click();
  await imported.getByTestId('rename-input').fill('imported copy');
  await imported.getByTestId('rename-input').press('Enter');
  await expect(page.getByTestId('run-row').filter({ hasText: 'imported copy' })).toHaveCount(1);
  await page
    .getByTestId('run-row')
    .filter({ hasText: 'imported copy' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-row')).toHaveAttribute('data-status', 'completed');
});

test('WebGPU: pause, the header indicator on other screens, and Stop', async ({ page }) => {
  const datasetId = await makeDataset(page, 'gpu shapes');
  await train(page, datasetId, { name: 'gpu cnn', epochs: 50, backend: 'webgpu' });
  const backend = page.getByTestId('run-summary').getByTestId('summary-backend');
  await expect(backend.locator('[data-backend]')).toHaveAttribute('data-backend', 'webgpu');
  await expect(backend).toContainText(/swiftshader/i);
  await expect.poll(() => points(page, 'loss-chart'), { timeout: 120_000 }).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  // Paused means no new steps.
  await page.waitForTimeout(1500);
  const paused = await points(page, 'loss-chart');
  await page.waitForTimeout(1500);
  expect(await points(page, 'loss-chart')).toBe(paused);
  await shot(page, 'run-paused');

  // On another screen, the header says a run is training and links back to it.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Datasets' }).click();
  const indicator = page.getByTestId('run-indicator');
  await expect(indicator).toBeVisible();
  await expect(indicator).toContainText('gpu cnn');
  await shot(page, 'run-indicator');
  await nav.getByRole('link', { name: 'Runs' }).click();
  await expect(page.locator('[data-testid="run-row"][data-status="paused"]')).toHaveCount(1);
  await indicator.click();
  await expect(page.getByTestId('run-name')).toHaveText('gpu cnn');
  await expect(indicator).toHaveCount(0);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => points(page, 'loss-chart'), { timeout: 120_000 }).toBeGreaterThan(paused);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await expect(page.getByTestId('checkpoint-row').and(page.locator('[data-kind="last"]'))).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
});

test('a run whose dataset was deleted fails with an error panel that says why', async ({ page }) => {
  const datasetId = await makeDataset(page, 'short-lived');
  await train(page, datasetId, { name: 'orphan', epochs: 40, backend: 'cpu' });
  await expect(page.getByTestId('checkpoint-row').first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'interrupted');

  await page.goto('/#/datasets');
  await datasetRow(page, 'short-lived').getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(datasetRow(page, 'short-lived')).toHaveCount(0);

  await page.goto('/#/runs');
  await page.getByTestId('run-row').getByRole('button', { name: 'Open' }).click();
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed');
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('was deleted');
  // Retrying cannot bring the dataset back: no Resume, but the checkpoints still export.
  await expect(error.getByRole('button', { name: 'Resume', exact: true })).toHaveCount(0);
  await expect(
    page.getByTestId('checkpoint-row').first().getByRole('button', { name: 'Export' }),
  ).toBeEnabled();
  await shot(page, 'run-failed');
});

test('the same seed gives the same losses on WebGPU as on the CPU', async ({ page }) => {
  const datasetId = await makeDataset(page, 'twin shapes');
  const losses: number[][] = [];
  for (const backend of ['cpu', 'webgpu'] as const) {
    await train(page, datasetId, { name: `twin ${backend}`, epochs: 2, backend });
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
      timeout: 180_000,
    });
    losses.push(await stepLosses(page));
  }
  const [cpu, gpu] = losses;
  expect(cpu.length).toBeGreaterThan(4);
  expect(gpu).toHaveLength(cpu.length);
  // Float differences grow with every update: the first steps must agree closely.
  for (let i = 0; i < 4; i++) expect(Math.abs(gpu[i] - cpu[i])).toBeLessThan(1e-3 * Math.max(1, cpu[i]));
});

/** A tiny tfjs LayersModel as the files a person would drop: model.json and its weights file. */
async function tinyBackboneFiles(): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [16, 16, 3],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        name: 'feat',
      }),
      tf.layers.globalAveragePooling2d({ name: 'pool' }),
      tf.layers.dense({ units: 5, name: 'old_head' }),
    ],
  });
  let files: { name: string; mimeType: string; buffer: Buffer }[] = [];
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weights = Buffer.from(a.weightData as ArrayBuffer);
      const json = {
        modelTopology: a.modelTopology,
        format: 'layers-model',
        weightsManifest: [{ paths: ['tiny-backbone.bin'], weights: a.weightSpecs }],
      };
      files = [
        { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
        { name: 'tiny-backbone.bin', mimeType: 'application/octet-stream', buffer: weights },
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return files;
}

test('a dropped tfjs model becomes a frozen pretrained backbone with a new head, and trains', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'backbone shapes');
  await page.goto(`/#/experiments/${datasetId}`);
  const form = page.getByTestId('experiment-form');
  await form.getByLabel('Model', { exact: true }).selectOption('pretrained');
  await page.getByTestId('backbone-input').setInputFiles(await tinyBackboneFiles());
  await page.screenshot({ path: 'test-results/backbone-import.png', fullPage: true });
  await expect(form.getByLabel('Backbone', { exact: true })).toContainText('model', { timeout: 60_000 });
  await form.getByLabel('Random seed', { exact: true }).fill('3');
  await form.getByLabel('Epochs', { exact: true }).fill('2');
  await form.getByLabel('Batch size', { exact: true }).fill('8');
  await form.getByLabel('Backend', { exact: true }).selectOption('cpu');
  const summary = page.getByTestId('setup-summary');
  await expect(summary).toContainText('16 × 16 × 3');
  // Frozen backbone: only the new head trains (4 features × 2 classes + 2 biases).
  await expect(summary).toContainText('10 trainable');
  await page.getByTestId('train-panel').getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForURL(/#\/runs\/[^/]+$/);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('epoch-chart')).toHaveAttribute('data-points', '2');
});

test('multi-label classification trains, reports micro and macro F1 and mAP per epoch, and evaluates per label', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'multi shapes');
  await train(page, datasetId, { name: 'multi cnn', epochs: 2, backend: 'cpu', task: 'Multi-label' });
  await expect(page.getByTestId('run-summary')).toContainText('multi-label');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('epoch-chart')).toHaveAttribute('data-points', '2');
  await expect(page.getByTestId('epoch-chart')).toContainText('mAP');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download metrics.csv' }).click();
  const lines = readFileSync(await (await downloading).path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  const header = lines[0].split(',');
  expect(header).toEqual(expect.arrayContaining(['val_map', 'val_micro_f1', 'val_macro_f1', 'val_loss']));
  const epochs = lines
    .slice(1)
    .map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])))
    .filter((r) => r.val_loss !== '');
  expect(epochs).toHaveLength(2);
  for (const r of epochs)
    for (const k of ['val_map', 'val_micro_f1', 'val_macro_f1']) {
      const v = Number(r[k]);
      expect(v, `${k} at epoch ${r.epoch}`).toBeGreaterThanOrEqual(0);
      expect(v, `${k} at epoch ${r.epoch}`).toBeLessThanOrEqual(1);
    }
  await shot(page, 'run-multilabel');

  // Evaluated: the report has a row per label with its AP and ROC AUC, then the four averages.
  const form = page.getByTestId('run-evaluations').getByTestId('evaluate-form');
  await form.getByLabel('Split').selectOption('all');
  await form.getByRole('button', { name: 'Evaluate' }).click();
  await page.waitForURL(/#\/evaluations\/[^/]+$/, { timeout: 120_000 });
  const report = page.getByTestId('classification-report');
  await expect(report.locator('thead th')).toHaveText([
    'Class',
    'Precision',
    'Recall',
    'F1',
    'Support',
    'AP',
    'ROC AUC',
  ]);
  const rowNames = await report
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-class')));
  expect(rowNames.slice(-4)).toEqual(['micro avg', 'macro avg', 'weighted avg', 'samples avg']);
  expect(rowNames.length).toBeGreaterThan(4);
  await expect(report.locator('[data-metric="hamming_loss"] dd')).toHaveText(/^\d+\.\d\d%$/);
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  await expect(page.getByTestId('reliability-diagram')).toHaveCount(0);
  await shot(page, 'evaluation-multilabel');
});
