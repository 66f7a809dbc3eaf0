// The GPU failing under a run: a lost WebGPU device or WebGL context, and WebGPU out of memory. The
// browser's own signals are raised inside the training worker (destroying the device, losing the
// context, dispatching the out-of-memory event WebGPU would send); the app must say what happened,
// keep the last good checkpoint, and continue on another backend.
import { test, expect, type Page } from '@playwright/test';
import { makeDataset, points, shot, train } from './training';

/** Runs `fn` in every training worker of the page (the run's worker and the query worker). */
async function inTrainWorkers(page: Page, fn: () => void): Promise<void> {
  const workers = page.workers().filter((w) => /train\.worker/.test(w.url()));
  expect(workers.length).toBeGreaterThan(0);
  for (const w of workers) await w.evaluate(fn);
}

/** Waits until the run has trained and stored an epoch's checkpoint. */
async function trainedAnEpoch(page: Page): Promise<void> {
  await expect.poll(() => points(page, 'loss-chart'), { timeout: 120_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('checkpoint-row').first()).toBeVisible({ timeout: 120_000 });
}

const checkpointSteps = (page: Page) =>
  page.getByTestId('checkpoint-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step')));

test('a lost WebGPU device fails the run with a way to resume on the CPU, from the last good checkpoint', async ({
  page,
}) => {
  const datasetId = await makeDataset(page, 'lost device');
  await train(page, datasetId, { name: 'lost gpu', epochs: 50, backend: 'webgpu' });
  await trainedAnEpoch(page);

  await inTrainWorkers(page, () => {
    // The next command encoder the run asks for destroys its device first, as a driver reset would.
    const proto = (
      self as unknown as { GPUDevice: { prototype: { createCommandEncoder: (...a: unknown[]) => unknown } } }
    ).GPUDevice.prototype;
    const original = proto.createCommandEncoder;
    proto.createCommandEncoder = function (this: { destroy(): void }, ...args: unknown[]) {
      this.destroy();
      return original.apply(this, args);
    };
  });
  const before = await checkpointSteps(page);

  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  const error = page.getByTestId('run-error');
  await expect(error).toHaveAttribute('data-code', 'device-lost');
  await expect(error).toContainText(/GPU .*was lost/);
  await expect(error).toContainText('another backend');
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await shot(page, 'run-device-lost');
  // Nothing read from the dead device was stored as a checkpoint: the newest one is still the last good one.
  const after = await checkpointSteps(page);
  expect(Math.max(...after.map(Number))).toBe(Math.max(...before.map(Number)));

  await error.getByRole('button', { name: 'Resume on CPU' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  const backend = page.getByTestId('run-summary').getByTestId('summary-backend');
  await expect(backend.locator('[data-backend]')).toHaveAttribute('data-backend', 'cpu');
  const resumedAt = await points(page, 'loss-chart');
  await expect.poll(() => points(page, 'loss-chart'), { timeout: 120_000 }).toBeGreaterThan(resumedAt);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', {
    timeout: 120_000,
  });
});

test('WebGPU running out of memory says so and suggests a smaller batch', async ({ page }) => {
  const datasetId = await makeDataset(page, 'oom');
  await train(page, datasetId, { name: 'oom gpu', epochs: 50, backend: 'webgpu' });
  await trainedAnEpoch(page);

  await inTrainWorkers(page, () => {
    // The event WebGPU sends when an allocation fails and no error scope catches it (tfjs pushes none).
    const g = self as unknown as {
      GPUDevice: { prototype: { createCommandEncoder: (...a: unknown[]) => unknown } };
      GPUUncapturedErrorEvent: new (type: string, init: { error: unknown }) => Event;
      GPUOutOfMemoryError: new (message: string) => unknown;
    };
    const proto = g.GPUDevice.prototype;
    const original = proto.createCommandEncoder;
    proto.createCommandEncoder = function (this: EventTarget, ...args: unknown[]) {
      proto.createCommandEncoder = original;
      const error = new g.GPUOutOfMemoryError('Not enough memory left.');
      this.dispatchEvent(new g.GPUUncapturedErrorEvent('uncapturederror', { error }));
      return original.apply(this, args);
    };
  });

  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  const error = page.getByTestId('run-error');
  await expect(error).toHaveAttribute('data-code', 'gpu-oom');
  await expect(error).toContainText('ran out of memory');
  await expect(error).toContainText('smaller batch size');
  await expect(error.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  await shot(page, 'run-gpu-oom');
});

test('a lost WebGL context fails the run with a way to resume elsewhere', async ({ page }) => {
  const datasetId = await makeDataset(page, 'lost context');
  await train(page, datasetId, { name: 'lost webgl', epochs: 50, backend: 'webgl' });
  await trainedAnEpoch(page);

  await inTrainWorkers(page, () => {
    const proto = (self as unknown as { WebGL2RenderingContext: { prototype: Record<string, unknown> } })
      .WebGL2RenderingContext.prototype;
    const original = proto.drawElements as (...a: unknown[]) => void;
    proto.drawElements = function (this: WebGL2RenderingContext, ...args: unknown[]) {
      proto.drawElements = original;
      this.getExtension('WEBGL_lose_context')?.loseContext();
      return original.apply(this, args);
    };
  });

  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  const error = page.getByTestId('run-error');
  await expect(error).toHaveAttribute('data-code', 'device-lost');
  await expect(error).toContainText('WebGL context was lost');
  await expect(error.getByRole('button', { name: 'Resume on CPU' })).toBeVisible();
});
