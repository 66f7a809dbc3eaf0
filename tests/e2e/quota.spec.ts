import { test, expect } from '@playwright/test';
import { datasetRow, generate, openDataset, startGenerate, waitForJob } from './helpers';

// A real full disk: Chromium's DevTools protocol lowers this origin's quota, and the app's own
// IndexedDB writes (in its workers) hit QuotaExceededError as they would on a full drive.
test('a full disk stops generation with a clear message and loses nothing already stored', async ({
  page,
}) => {
  await page.goto('/');
  await generate(page, { name: 'stored before', images: 100, seed: 1, size: 64 });

  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 1_000_000 });

  await startGenerate(page, { name: 'too big', images: 50_000, seed: 2 });
  await waitForJob(page);
  // The error keeps its code across the worker boundary, so the message is the mapped one.
  const toast = page.getByTestId('toast').filter({ hasText: "The browser's storage is full" });
  await expect(toast).toContainText('nothing already stored was lost');
  await page.screenshot({ path: 'test-results/storage-full.png' });

  // The earlier dataset is untouched.
  await expect(datasetRow(page, 'stored before')).toContainText('100');
  // The interrupted one is offered to keep or delete; with room again, Keep makes it ready.
  const row = datasetRow(page, 'too big');
  await expect(row).toHaveAttribute('data-status', 'interrupted');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await row.getByRole('button', { name: 'Keep' }).click();
  await expect(row).toHaveAttribute('data-status', 'ready');
  // It lists only whole committed batches, and they read back.
  await openDataset(page, 'too big');
  const count = Number((await page.getByTestId('summary-count').innerText()).replace(/\D/g, ''));
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(50_000);
  expect(count % 64).toBe(0);
  await page.getByTestId('tile-grid').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator(`[data-testid="tile"][data-pos="${count - 1}"] img`)).toHaveJSProperty(
    'naturalWidth',
    224,
  );

  // The person can carry on: append works.
  await page.getByRole('button', { name: 'Append more…' }).click();
  await page.getByTestId('append-form').getByLabel('Images to add').fill('5');
  await page.getByTestId('append-form').getByRole('button', { name: 'Append', exact: true }).click();
  await waitForJob(page);
  await expect(page.getByTestId('summary-count')).toContainText(
    String(count + 5).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  );
});
