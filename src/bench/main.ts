// The in-browser half of `npm run bench`: measures, then leaves the results on window.__bench.
// scripts/bench.mjs serves the build, opens this page in headless Chromium and prints the table.
import { zipSync } from 'fflate';
import { DEFAULT_SHAPES_PARAMS } from '../core/generate/params';
import { generateDataset, poolSize, startGenerateWorker } from '../client/generate';
import { importDataset } from '../client/importer';
import { deleteDataset } from '../storage';

export interface BenchResults {
  generateOneWorker: number;
  generatePool: number;
  poolWorkers: number;
  generateAndStore: number;
  importImagesPerS: number;
  importImages: number;
  importLongestTaskMs: number;
  importLongestFrameGapMs: number;
}

declare global {
  interface Window {
    __bench?: BenchResults | { error: string };
  }
}

const out = document.getElementById('out')!;
const log = (s: string) => (out.textContent += `\n${s}`);

/** Images per second of generation alone (no encoding or storage) on n workers in parallel. */
async function generationRate(workers: number, perWorker: number): Promise<number> {
  const pool = Array.from({ length: workers }, startGenerateWorker);
  try {
    await Promise.all(pool.map((p, w) => p.api.benchGenerate(1, DEFAULT_SHAPES_PARAMS, w * 1000, 200))); // warm-up
    const t0 = performance.now();
    await Promise.all(
      pool.map((p, w) => p.api.benchGenerate(2, DEFAULT_SHAPES_PARAMS, w * perWorker, perWorker)),
    );
    return (workers * perWorker) / ((performance.now() - t0) / 1000);
  } finally {
    pool.forEach((p) => p.worker.terminate());
  }
}

async function generateAndStoreRate(count: number): Promise<number> {
  const t0 = performance.now();
  const rec = await generateDataset(
    new AbortController().signal,
    { name: 'bench', seed: 3, count, params: DEFAULT_SHAPES_PARAMS },
    () => undefined,
  );
  const rate = count / ((performance.now() - t0) / 1000);
  await deleteDataset(rec.id);
  return rate;
}

/** A zip in ImageFolder layout: 10 classes × n/10 JPEG images of 64×64 (EuroSAT-like). */
async function makeImageFolderZip(n: number): Promise<File> {
  const canvas = new OffscreenCanvas(64, 64);
  const ctx = canvas.getContext('2d')!;
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < n; i++) {
    const cls = `class_${i % 10}`;
    ctx.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
    ctx.fillRect(0, 0, 64, 64);
    ctx.fillStyle = `hsl(${(i * 91) % 360} 70% 30%)`;
    ctx.fillRect(i % 40, (i * 7) % 40, 24, 24);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    files[`bench/${cls}/img_${i}.jpg`] = new Uint8Array(await blob.arrayBuffer());
  }
  return new File([zipSync(files, { level: 0 })], 'bench.zip', { type: 'application/zip' });
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function importRate(n: number) {
  const file = await makeImageFolderZip(n);
  // The zip is built in this task's last microtasks (~70 ms): let that task end first, or an observer started
  // inside it reports it as the import's longest task.
  await nextTask();
  let longestTask = 0;
  const note = (entries: PerformanceEntryList) => {
    for (const e of entries) longestTask = Math.max(longestTask, e.duration);
  };
  const observer = new PerformanceObserver((list) => note(list.getEntries()));
  observer.observe({ type: 'longtask', buffered: false });
  // Frame gaps show whether the page stayed responsive while the import ran.
  let longestGap = 0;
  let last = performance.now();
  let running = true;
  const tick = (t: number) => {
    longestGap = Math.max(longestGap, t - last);
    last = t;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const t0 = performance.now();
  const report = await importDataset(
    new AbortController().signal,
    'bench import',
    { kind: 'zip', file },
    () => undefined,
  );
  const seconds = (performance.now() - t0) / 1000;
  // The report arrives in a task that is still running here: observe until it has ended and been reported.
  await nextTask();
  await new Promise((resolve) => requestAnimationFrame(resolve));
  running = false;
  note(observer.takeRecords());
  observer.disconnect();
  if (report.datasetId) await deleteDataset(report.datasetId);
  return { rate: report.imported / seconds, imported: report.imported, longestTask, longestGap };
}

async function main() {
  const workers = poolSize();
  log('generation, one worker…');
  const one = await generationRate(1, 4000);
  log(`generation, pool of ${workers}…`);
  const pool = await generationRate(workers, 4000);
  log('generation with encoding and storage…');
  const stored = await generateAndStoreRate(2000);
  log('import of a 2,000-file ImageFolder zip…');
  const imp = await importRate(2000);
  window.__bench = {
    generateOneWorker: one,
    generatePool: pool,
    poolWorkers: workers,
    generateAndStore: stored,
    importImagesPerS: imp.rate,
    importImages: imp.imported,
    importLongestTaskMs: imp.longestTask,
    importLongestFrameGapMs: imp.longestGap,
  };
  log(JSON.stringify(window.__bench, null, 2));
}

main().catch((e: unknown) => {
  window.__bench = { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  log(String(e));
});
