// The browsing half of `npm run bench`: drives the real app (not a bench page) to make a 30,000-sample
// dataset through the UI, then scrolls its tile grid frame by frame and records the frame intervals.
// Headless Chromium with software rendering: absolute numbers are worse than on a desktop with a GPU.

const SAMPLES = 30_000;

function stats(gaps) {
  const s = [...gaps].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1], frames: s.length };
}

/** Scrolls `pxPerFrame` every animation frame for `frames` frames; returns the frame intervals (ms). */
async function scrollFrames(page, pxPerFrame, frames) {
  return page.evaluate(
    ({ pxPerFrame, frames }) =>
      new Promise((resolve) => {
        const grid = document.querySelector('[data-testid="tile-grid"]');
        grid.scrollTop = 0;
        const gaps = [];
        let last;
        let n = 0;
        const step = (t) => {
          if (last !== undefined) gaps.push(t - last);
          last = t;
          grid.scrollTop += pxPerFrame;
          if (++n < frames) requestAnimationFrame(step);
          else resolve(gaps);
        };
        requestAnimationFrame(step);
      }),
    { pxPerFrame, frames },
  );
}

export async function measureScroll(browser, baseUrl) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Generate shapes' }).first().click();
  const dialog = page.getByTestId('generate-dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('scroll bench');
  await dialog.getByLabel('Images', { exact: true }).fill(String(SAMPLES));
  await dialog.getByLabel('Seed', { exact: true }).fill('1');
  await dialog.getByLabel('Size', { exact: true }).fill('64');
  await dialog.getByLabel('Min side', { exact: true }).fill('8');
  await dialog.getByLabel('Max side', { exact: true }).fill('20');
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  await page.getByTestId('job-bar').waitFor({ state: 'visible' });
  await page.getByTestId('job-bar').waitFor({ state: 'hidden', timeout: 10 * 60_000 });
  await page.getByTestId('dataset-row').getByRole('button', { name: 'Open' }).click();
  await page.locator('[data-testid="tile"] img').first().waitFor();
  await page.waitForTimeout(1000);
  const slow = stats(await scrollFrames(page, 40, 300));
  const fast = stats(await scrollFrames(page, 400, 150));
  await page.getByTestId('browser-toolbar').getByLabel('Mask', { exact: true }).selectOption('instance');
  await page.getByTestId('browser-toolbar').getByLabel('Boxes', { exact: true }).check();
  await page.waitForTimeout(500);
  const overlays = stats(await scrollFrames(page, 40, 300));
  const tilesInPage = await page.getByTestId('tile').count();
  await page.close();
  return { samples: SAMPLES, slow, fast, overlays, tilesInPage };
}
