// Shared steps of the e2e tests: they drive the real studio in Chromium as a person would.
import { expect, type Page } from '@playwright/test';

/** Waits until the one job bar has come and gone. */
export async function waitForJob(page: Page, timeout = 180_000): Promise<void> {
  await expect(page.getByTestId('job-bar')).toBeHidden({ timeout });
}

export interface GenerateOptions {
  name: string;
  images: number;
  seed: number;
  size?: number;
  sides?: [number, number];
  allowHidden?: number;
}

/** Fills the generate form on the datasets screen and starts the job (does not wait for it). */
export async function startGenerate(page: Page, o: GenerateOptions): Promise<void> {
  await page.getByRole('button', { name: 'Generate shapes' }).first().click();
  const dialog = page.getByTestId('generate-dialog');
  await dialog.getByLabel('Name', { exact: true }).fill(o.name);
  await dialog.getByLabel('Images', { exact: true }).fill(String(o.images));
  await dialog.getByLabel('Seed', { exact: true }).fill(String(o.seed));
  if (o.size) await dialog.getByLabel('Size', { exact: true }).fill(String(o.size));
  if (o.sides) {
    await dialog.getByLabel('Min side', { exact: true }).fill(String(o.sides[0]));
    await dialog.getByLabel('Max side', { exact: true }).fill(String(o.sides[1]));
  }
  if (o.allowHidden !== undefined) {
    await dialog.getByLabel('Allow up to', { exact: true }).check();
    await dialog.getByLabel('Largest hidden fraction per instance').fill(String(o.allowHidden));
  }
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
}

export async function generate(page: Page, o: GenerateOptions): Promise<void> {
  await startGenerate(page, o);
  await waitForJob(page);
}

export function datasetRow(page: Page, name: string) {
  return page.getByTestId('dataset-row').filter({ hasText: name });
}

export async function openDataset(page: Page, name: string): Promise<void> {
  await datasetRow(page, name).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('dataset-name')).toContainText(name);
}

/** Drops files on the datasets screen as the browser would deliver them from the desktop. */
export async function dropFile(
  page: Page,
  fileName: string,
  bytes: Buffer,
  mime: string,
  zoneTestId = 'drop-zone',
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName, mime }) => {
      const bin = atob(b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([arr], fileName, { type: mime }));
      return dt;
    },
    { b64: bytes.toString('base64'), fileName, mime },
  );
  const zone = page.getByTestId(zoneTestId);
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}
