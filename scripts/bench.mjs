// `npm run bench`: measures the studio in headless Chromium and the OpenCV and PyTorch references in the
// same run, prints a table and writes .bench/latest.json. Numbers vary ±30% between runs: compare within one run.
// BENCH_ONLY=train measures the training rows alone (written to .bench/train.json); see bench-train.mjs.
// BENCH_ONLY=report measures the report rows alone (written to .bench/report.json); see bench-report.mjs.
// BENCH_ONLY=quality runs the segmentation quality row alone (bench/unet-quality.ts, Node, minutes).
import { spawn, spawnSync, execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { ensureDeps } from './ensure-deps.mjs';
import { measureScroll } from './bench-scroll.mjs';
import { measureReport, reportRows, sklearnReport } from './bench-report.mjs';
import { measureTraining, torchReference, trainingRecords, trainingRows } from './bench-train.mjs';

const port = 4399;
const only = process.env.BENCH_ONLY; // 'train' or 'report': those rows alone
// `npm run bench -- --json FILE`: every training and inference figure also as JSON records.
const jsonIndex = process.argv.indexOf('--json');
const jsonFile = jsonIndex > 0 ? process.argv[jsonIndex + 1] : undefined;
if (jsonIndex > 0 && !jsonFile) throw new Error('--json needs a file name');
const started = Date.now();
const loadAtStart = loadavg()[0];
ensureDeps();
execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  {
    stdio: 'ignore',
    detached: true,
  },
);
const stopServer = () => {
  try {
    process.kill(-server.pid);
  } catch {
    /* already gone */
  }
};

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/bench.html`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('preview server did not start');
}

/**
 * The fixed-budget segmentation runs, without and with the boundary channel, side by side (one process
 * each, so the two cores run both): one JSON line each from bench/unet-quality.ts.
 */
async function unetQuality() {
  const one = (separation) =>
    new Promise((resolve) => {
      const child = spawn('npx', ['tsx', 'bench/unet-quality.ts', '8', separation]);
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', () => {
        try {
          resolve(JSON.parse(out.trim().split('\n').pop()));
        } catch {
          resolve({ error: (err || 'no output').trim().split('\n').pop() });
        }
      });
    });
  const [none, boundary] = await Promise.all([one('none'), one('boundary')]);
  return { none, boundary };
}

function qualityRows(q) {
  const pct = (v) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '—');
  const rows = [];
  for (const [name, r] of [
    ['connected components', q.none],
    ['boundary channel', q.boundary],
  ]) {
    if (!r || r.error) {
      rows.push([`U-Net quality for a fixed budget (${name})`, '—', r?.error ?? 'not run', '']);
      continue;
    }
    rows.push(
      [`U-Net w8 d2 (${name}), ${r.steps} steps on 96 shapes 32×32 (occlusion ≤ 0.5), cpu`, '', '', ''],
      [
        '  rectangle IoU / mean IoU on 32 held-out images',
        `${pct(r.rectangle_iou)} / ${pct(r.mean_iou)}`,
        '',
        '',
      ],
      [
        '  rectangle mask AP / AP50' + (r.components_ap !== undefined ? ' (components alone)' : ''),
        `${pct(r.mask_ap)} / ${pct(r.mask_ap50)}`,
        r.components_ap !== undefined ? `${pct(r.components_ap)} / ${pct(r.components_ap50)}` : '',
        '',
      ],
      ['  training time (s)', r.seconds.toFixed(0), '', ''],
    );
  }
  return rows;
}

function reference() {
  const r = spawnSync('/usr/bin/python3', ['bench/shapes_opencv.py', '3'], { encoding: 'utf8' });
  if (r.status !== 0)
    return { error: (r.stderr || 'python3-opencv missing (apt-get install python3-opencv)').trim() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function measureStudio() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/bench.html`);
  await page.waitForFunction(() => window.__bench, null, { timeout: 15 * 60_000, polling: 500 });
  const ours = await page.evaluate(() => window.__bench);
  if (ours.error) throw new Error(ours.error);
  await page.close();
  const scroll = await measureScroll(browser, `http://127.0.0.1:${port}/`);
  await browser.close();
  return { ours, scroll, ref: reference() };
}

function studioRows({ ours, scroll, ref }) {
  const f = (x) => (typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '—');
  const ms = (st) => `${st.p50.toFixed(0)} / ${st.p95.toFixed(0)} / ${st.max.toFixed(0)}`;
  const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}×` : '—');
  return [
    [
      'generator, 1 worker (images/s)',
      f(ours.generateOneWorker),
      f(ref.draw_stats),
      ratio(ours.generateOneWorker, ref.draw_stats),
    ],
    [
      `generator, pool of ${ours.poolWorkers} (images/s)`,
      f(ours.generatePool),
      f(ref.draw_stats),
      ratio(ours.generatePool, ref.draw_stats),
    ],
    ['  (reference drawing only: image + id map)', '', f(ref.draw), ratio(ours.generateOneWorker, ref.draw)],
    ['generate + PNG + IndexedDB, pool (images/s)', f(ours.generateAndStore), '', ''],
    [
      `import ${ours.importImages}-file ImageFolder zip (images/s)`,
      f(ours.importImagesPerS),
      'goal 1,000',
      ratio(ours.importImagesPerS, 1000),
    ],
    ['  longest main-thread task during import (ms)', f(ours.importLongestTaskMs), 'goal < 50', ''],
    ['  longest frame gap during import (ms)', f(ours.importLongestFrameGapMs), '', ''],
    [`grid of ${f(scroll.samples)}: frame p50 / p95 / max (ms)`, '', '', ''],
    ['  scrolling 40 px per frame', ms(scroll.slow), 'goal p95 < 33', ''],
    ['  scrolling 400 px per frame', ms(scroll.fast), '', ''],
    ['  40 px per frame, mask + box overlays', ms(scroll.overlays), '', ''],
    ['  tiles in the page', f(scroll.tilesInPage), '', ''],
  ];
}

try {
  await waitForServer();
  const studio = only ? null : await measureStudio();
  let report = null;
  if (!only || only === 'report') {
    console.log('Report benchmark…');
    report = { ours: await measureReport(`http://127.0.0.1:${port}`), sklearn: sklearnReport() };
  }
  let quality = null;
  if (!only || only === 'quality') {
    console.log('Segmentation quality for a fixed budget (Node, tfjs cpu; minutes)…');
    quality = await unetQuality();
  }
  let training = null;
  let torch = null;
  let train = { rows: [], notes: [] };
  if (!only || only === 'train') {
    console.log('Training benchmark (minutes: the stock backends train at a few images/s here)…');
    training = await measureTraining(`http://127.0.0.1:${port}`);
    torch = torchReference();
    train = trainingRows(training, torch);
  }
  const rows = [
    ...(studio ? studioRows(studio) : []),
    ...(report ? reportRows(report.ours, report.sklearn) : []),
    ...(quality ? qualityRows(quality) : []),
    ...train.rows,
  ];
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...rows.map((r) => r[i].length), ['measure', 'Tilewright', 'reference', 'ratio'][i].length),
  );
  const line = (r) => r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log('\n' + line(['measure', 'Tilewright', 'reference', 'ratio']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
  if (studio)
    console.log(
      `\nreference: OpenCV ${studio.ref.opencv ?? '?'} in Python, 1 thread (bench/shapes_opencv.py), same run.`,
    );
  if (!studio) console.log('');
  train.notes.forEach((n) => console.log(n));
  const seconds = Math.round((Date.now() - started) / 1000);
  const load = [loadAtStart, loadavg()[0]].map((x) => x.toFixed(1));
  console.log(
    `bench took ${Math.floor(seconds / 60)} min ${seconds % 60} s; load average at start / end ${load.join(' / ')} ` +
      '(above the 2 cores: other work shared the CPU)',
  );
  if (jsonFile) {
    const records = training ? trainingRecords(training, torch) : [];
    writeFileSync(jsonFile, JSON.stringify(records, null, 2) + '\n');
    console.log(`${records.length} records written to ${jsonFile}`);
  }
  mkdirSync('.bench', { recursive: true });
  writeFileSync(
    only ? `.bench/${only}.json` : '.bench/latest.json',
    JSON.stringify(
      {
        at: new Date().toISOString(),
        seconds,
        loadAverage: load.map(Number),
        ...(studio ? { ours: studio.ours, scroll: studio.scroll, reference: studio.ref } : {}),
        ...(report ? { report } : {}),
        ...(quality ? { quality } : {}),
        ...(training ? { training: { browser: training, torch } } : {}),
      },
      null,
      2,
    ),
  );
} finally {
  stopServer();
}
