import { test, expect } from '@playwright/test';
import { generate, openDataset } from './helpers';

// Smoothness is measured in `npm run bench`; here: the grid stays windowed at 30,000 samples,
// reaches the last sample, and filters without rendering everything.
test('a 30,000-sample dataset: the grid renders only what is on screen and reaches the end', async ({
  page,
}) => {
  test.setTimeout(10 * 60_000);
  await page.goto('/');
  await generate(page, { name: 'thirty thousand', images: 30_000, seed: 1, size: 32, sides: [6, 12] });
  await openDataset(page, 'thirty thousand');
  await expect(page.getByTestId('summary-count')).toContainText('30,000');
  const grid = page.getByTestId('tile-grid');
  await expect(grid).toHaveAttribute('data-count', '30000');
  await expect(page.getByTestId('tile').first()).toBeVisible();
  const rendered = await page.getByTestId('tile').count();
  expect(rendered).toBeLessThan(400);

  // Scroll to the end: the last sample is there, and still only a window of tiles exists.
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = page.locator('[data-testid="tile"][data-pos="29999"]');
  await expect(last).toBeVisible();
  await expect(last.locator('img')).toHaveJSProperty('naturalWidth', 32);
  expect(await page.getByTestId('tile').count()).toBeLessThan(400);
  await page.screenshot({ path: 'test-results/large-end.png' });
});
