// The WebAssembly backend with our SIMD kernels in the real app: the backend panel lists it with its
// kernel variant and threads (every core: the studio is served cross-origin isolated), a tiny CNN and a tiny MobileNetV2 train on it (their gradients need our
// kernels: stock tfjs-wasm has no Conv2DBackpropFilter or depthwise gradients), and the runs agree
// with the same runs on the CPU backend.
import { test, expect, type Page } from '@playwright/test';
import { makeDataset, shot, stepLosses, train } from './training';

async function trainedLosses(
  page: Page,
  datasetId: string,
  name: string,
  backend: 'wasm' | 'cpu',
  model: string,
) {
  await train(page, datasetId, {
    name,
    epochs: 2,
    backend,
    more: async () => {
      await page.getByTestId('experiment-form').getByLabel('Model', { exact: true }).selectOption(model);
    },
  });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 120_000,
  });
  await expect(
    page.getByTestId('run-summary').getByTestId('summary-backend').locator('[data-backend]'),
  ).toHaveAttribute('data-backend', backend);
  return stepLosses(page);
}

test('WebAssembly backend: listed with our kernels; a CNN and a MobileNetV2 train on it as on the CPU', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'wasm shapes');
  await page.goto(`/#/experiments/${datasetId}`);
  const list = page.getByTestId('backend-list');
  await expect(list).toContainText('WebAssembly');
  // The studio is served cross-origin isolated: tfjs-wasm's threaded build and our kernels on every core.
  const cores = await page.evaluate(() =>
    crossOriginIsolated ? Math.min(8, navigator.hardwareConcurrency) : 0,
  );
  expect(cores).toBeGreaterThan(0);
  await expect(list).toContainText(
    new RegExp(`our (relaxed SIMD \\(FMA\\)|SIMD) kernels · ${cores} threads?`),
  );

  for (const model of ['cnn', 'mobilenetv2']) {
    const wasm = await trainedLosses(page, datasetId, `${model} wasm`, 'wasm', model);
    const cpu = await trainedLosses(page, datasetId, `${model} cpu`, 'cpu', model);
    expect(wasm.length).toBe(cpu.length);
    // Same seed, same data: the same losses up to float rounding (kernels sum in other orders).
    wasm.forEach((v, i) => expect(Math.abs(v - cpu[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(cpu[i]))));
  }
});

test('backend Automatic times a training step on each backend and trains on the fastest', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'probe shapes');
  await train(page, datasetId, { name: 'auto cnn', epochs: 1, backend: 'auto' });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 120_000,
  });
  const summary = page.getByTestId('run-summary');
  const probe = summary.getByTestId('summary-probe');
  await expect(probe).toContainText(/chosen by speed: .+ images\/s/);
  const text = (await probe.textContent())!;
  // Fastest first: the run trained on the first one listed (WebAssembly on this machine without a GPU).
  const first = /chosen by speed: (WebGPU|WebGL|WebAssembly|CPU)/.exec(text)![1];
  const names: Record<string, string> = { WebGPU: 'webgpu', WebGL: 'webgl', WebAssembly: 'wasm', CPU: 'cpu' };
  await expect(summary.getByTestId('summary-backend').locator('[data-backend]')).toHaveAttribute(
    'data-backend',
    names[first],
  );
  for (const n of ['WebGPU', 'WebGL', 'WebAssembly', 'CPU']) expect(text).toContain(n);
  await expect(page.getByTestId('run-log')).toContainText('Backend probe (images/s of a training step)');
  await shot(page, 'run-auto-probe');

  // Evaluation runs where training ran best.
  await page
    .getByTestId('run-evaluations')
    .getByTestId('evaluate-form')
    .getByRole('button', { name: 'Evaluate' })
    .click();
  await page.waitForURL(/#\/evaluations\/[^/]+$/, { timeout: 120_000 });
  await expect(page.getByTestId('evaluation-page')).toContainText(`· ${names[first]}, `);
});

test('the backend panel measures images/s of a training step on each backend before a run', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'speed shapes');
  await page.goto(`/#/experiments/${datasetId}`);
  const form = page.getByTestId('experiment-form');
  for (const [label, value] of [
    ['Random seed', '1'],
    ['Input size', '16'],
    ['Width', '4'],
    ['Depth', '2'],
    ['Batch size', '8'],
  ]) {
    await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByLabel(label, { exact: true }).blur();
  }
  const list = page.getByTestId('backend-list');
  await expect(list.locator('[data-backend="wasm"]')).toBeVisible();
  await form.getByRole('button', { name: 'Measure speed' }).click();
  await expect(page.getByTestId('backend-measure-status')).toContainText('Timing a training step');
  await expect(page.getByTestId('backend-measure-status')).toContainText('Training images/s of this model', {
    timeout: 120_000,
  });
  // Every backend this browser offers has a figure (or says it failed); one is marked fastest.
  for (const name of ['webgpu', 'webgl', 'wasm', 'cpu']) {
    const row = list.locator(`[data-backend="${name}"]`);
    if (!(await row.locator('.dot-ok').count())) continue;
    await expect(row.getByTestId(`speed-${name}`)).toHaveText(/(≤ )?[\d.]+(e[+-]?\d+)? images\/s|failed/);
  }
  await expect(list.getByText('fastest')).toHaveCount(1);
  // Automatic will take the fastest: the set-up says which.
  await expect(page.getByTestId('setup-backend')).toContainText(/Automatic · .+, fastest when measured/);
  await expect(list.locator('[data-backend="wasm"]').getByTestId('speed-wasm')).toContainText('images/s');
  await shot(page, 'experiment-backend-speeds');

  // Another model size is another measurement: the figures go until measured again.
  await form.getByLabel('Width', { exact: true }).fill('8');
  await form.getByLabel('Width', { exact: true }).blur();
  await expect(list.getByTestId('speed-wasm')).toHaveCount(0);
  await expect(form.getByRole('button', { name: 'Measure speed' })).toBeEnabled();

  // Back to the measured set-up: its figures return, and a run on Automatic takes them as they are.
  await form.getByLabel('Width', { exact: true }).fill('4');
  await form.getByLabel('Width', { exact: true }).blur();
  const measured = (await list.getByTestId('speed-wasm').textContent())!;
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByLabel('Epochs', { exact: true }).blur();
  await form.getByLabel('Backend', { exact: true }).selectOption('auto');
  await page.getByTestId('train-panel').getByLabel('Run name').fill('auto measured');
  await page.getByTestId('train-panel').getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForURL(/#\/runs\/[^/]+$/);
  const log = page.getByTestId('run-log');
  await expect(log).toContainText('Speeds measured before the run:');
  await expect(log).toContainText('Backend probe (images/s of a training step)');
  await expect(log).not.toContainText('Timing a training step on each backend');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 120_000,
  });
  const probe = page.getByTestId('run-summary').getByTestId('summary-probe');
  const figure = /([\d.]+(e[+-]?\d+)?) images\/s/.exec(measured)![1];
  await expect(probe).toContainText(`WebAssembly ${figure} images/s`);
});
