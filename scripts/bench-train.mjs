// The training half of `npm run bench`: opens bench-train.html in a headless Chromium started with the
// WebGPU (SwiftShader) and WebGL (SwiftShader) flags, runs the PyTorch reference (bench/train_torch.py)
// and turns both into table rows. Env: BENCH_TRAIN_STEPS (timed steps per backend and model at least, default 2;
// backends fast enough are timed for 2 s like PyTorch),
// BENCH_TRAIN_BACKENDS (default webgpu,webgl,wasm1,wasm,cpu; wasm is tfjs-wasm with our kernels on every
// thread, wasm1 the same on one thread), BENCH_TRAIN_MODELS (default A,B,U), BENCH_MEMORY_STEPS
// (default 200).
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';

export const trainSteps = Math.max(1, Number(process.env.BENCH_TRAIN_STEPS ?? 2) || 2);
const backends = process.env.BENCH_TRAIN_BACKENDS ?? 'webgpu,webgl,wasm1,wasm,cpu';
const models = process.env.BENCH_TRAIN_MODELS ?? 'A,B,U';
const memorySteps = Math.max(2, Number(process.env.BENCH_MEMORY_STEPS ?? 200) || 200);
// The long memory run's backend: wasm (our kernels), or BENCH_MEMORY_BACKEND.
const memoryBackend = process.env.BENCH_MEMORY_BACKEND ?? 'wasm';

// From ../shared/MACHINE.md: WebGPU on SwiftShader and WebGL 2 on SwiftShader in headless Chromium.
const GPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/** Opens bench-train.html?query in a fresh browser; returns what the page left on window.__benchTrain. */
async function runPage(baseUrl, query, timeout) {
  // A browser of its own: the GPU flags would change how the other rows (scrolling, import) render.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...GPU_FLAGS,
    ],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('[bench-train]')) console.log(`  ${m.text().slice(14)}`);
    });
    await page.goto(`${baseUrl}/bench-train.html?${new URLSearchParams(query)}`);
    await page.waitForFunction(() => window.__benchTrain, null, { timeout, polling: 1000 });
    const result = await page.evaluate(() => window.__benchTrain);
    if (result.error) throw new Error(result.error);
    return result;
  } finally {
    await browser.close();
  }
}

const firstLine = (e) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Each backend in a browser of its own, then the memory run: a backend that hangs (seen once: WebGL not
 * starting in a page whose WebGPU worker had just been terminated) costs its own rows, not the rest.
 */
export async function measureTraining(baseUrl) {
  // Stock backends train at ~1-40 images/s here: a 32-image step of model B can take one or two minutes.
  const timeout = (15 + 10 * trainSteps) * 60_000;
  const results = [];
  for (const backend of backends.split(',').filter(Boolean)) {
    const query = { steps: String(trainSteps), backends: backend, models, memorySteps: '0' };
    try {
      results.push(...(await runPage(baseUrl, query, timeout)).backends);
    } catch (e) {
      console.log(`  ${backend}: ${firstLine(e)}`);
      results.push({ backend, models: [], error: firstLine(e) });
    }
  }
  let memory;
  try {
    const query = { backends: '', memorySteps: String(memorySteps), memoryBackend };
    memory = (await runPage(baseUrl, query, 20 * 60_000)).memory ?? { error: 'the page made no memory run' };
  } catch (e) {
    memory = { error: firstLine(e) };
  }
  return { steps: trainSteps, backends: results, memory };
}

/** The PyTorch reference on this machine's CPU, or {error} saying how to install it. */
export function torchReference(seconds = 2) {
  const py = '/usr/bin/python3';
  const probe = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { error: 'PyTorch missing: apt-get install -y python3-torch' };
  const r = spawnSync(py, ['bench/train_torch.py', String(seconds)], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (r.status !== 0) return { error: (r.stderr || 'bench/train_torch.py failed').trim().split('\n').pop() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** A rate with about three significant digits: 1,557 / 41.3 / 1.38 / 0.048. */
export function rate(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  if (x >= 100) return x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (x >= 10) return x.toFixed(1);
  if (x >= 0.1) return x.toFixed(2);
  return x.toPrecision(2);
}

const ratioOf = (a, b) =>
  typeof a === 'number' && typeof b === 'number' && b > 0 && Number.isFinite(a)
    ? `${(a / b).toPrecision(2)}×`
    : '—';
const ms = (x) => (typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '—');
const splitText = (s) => (s ? `${ms(s.data)} / ${ms(s.forwardBackward)} / ${ms(s.optimizer)}` : '—');
const kB = (b) => ms(b / 1024);

const close = (a, b, tol) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/**
 * Whether a backend computed what the cpu backend computed: same seeds give the same weights, batches and
 * augmentation, so step 1's loss and gradient norm agree to float rounding, and later losses closely.
 */
export function agrees(m, cpu) {
  if (!m || !cpu || !m.losses.length) return undefined;
  const n = Math.min(m.losses.length, cpu.losses.length);
  if (!close(m.losses[0], cpu.losses[0], 1e-3) || !close(m.gradNorms[0], cpu.gradNorms[0], 1e-3))
    return false;
  for (let i = 1; i < n; i++) if (!close(m.losses[i], cpu.losses[i], 2e-2)) return false;
  return true;
}

const lossText = (m) =>
  m?.losses.length
    ? `${m.losses[0].toFixed(4)} / ${m.gradNorms[0].toFixed(3)} → ${m.losses.at(-1).toFixed(4)}`
    : '—';

/** Rows [measure, Tilewright, reference, ratio] in the style of the rest of the table, and notes under it. */
export function trainingRows(train, torch) {
  const ref = torch.error ? undefined : torch.models;
  const rows = [
    [
      `training (batch 32, 64×64×3, 10 classes, AdamW; ≥ ${train.steps} timed steps, ≥ 2 s where fast enough)`,
      '',
      'PyTorch CPU',
      '',
    ],
  ];
  const notes = [];
  const names = {
    A: 'model A: CNN width 16, depth 4',
    B: 'model B: ResNet width 16, depth 3',
    U: 'model U: U-Net width 8, depth 3, segmenting 128×128×3 into 3 classes, batch 8',
  };
  const cpuBackend = train.backends.find((b) => b.backend === 'cpu');
  const measured = ['A', 'B', 'U'].filter((id) =>
    train.backends.some((b) => b.models.some((m) => m.model === id)),
  );
  for (const id of measured.length ? measured : ['A', 'B']) {
    const any = train.backends.flatMap((b) => b.models).find((m) => m.model === id);
    const params = any ? ` (${any.params.toLocaleString('en-US')} params)` : '';
    rows.push([`${names[id]}${params}`, '', '', '']);
    const r = ref?.[id];
    const cpu = cpuBackend?.models.find((x) => x.model === id);
    for (const b of train.backends) {
      const m = b.models.find((x) => x.model === id);
      const ok = b.backend === 'cpu' ? undefined : agrees(m, cpu);
      // A backend whose results differ from the cpu backend's: its speed is not that of a working step.
      const mark = ok === false ? ' (!)' : '';
      rows.push([
        `  train, ${b.backend} (images/s)`,
        rate(m?.train) + mark,
        rate(r?.train),
        ratioOf(m?.train, r?.train),
      ]);
      rows.push([
        `  inference, ${b.backend} (images/s)`,
        rate(m?.infer),
        rate(r?.infer),
        ratioOf(m?.infer, r?.infer),
      ]);
      if (id === 'U') {
        rows.push([
          `  step-1 loss → last loss, ${b.backend}`,
          m?.losses.length ? `${m.losses[0].toFixed(4)} → ${m.losses.at(-1).toFixed(4)}` : '—',
          '',
          '',
        ]);
        continue;
      }
      rows.push([
        `  evaluation, ${b.backend} (images/s, with probabilities and losses)`,
        rate(m?.evaluation?.evaluate),
        rate(r?.infer),
        ratioOf(m?.evaluation?.evaluate, r?.infer),
      ]);
      rows.push([
        `  attribution, ${b.backend} (maps/s): Grad-CAM / saliency`,
        m?.evaluation ? `${rate(m.evaluation.gradCam)} / ${rate(m.evaluation.saliency)}` : '—',
        '',
        '',
      ]);
      rows.push([
        `  step ms, ${b.backend}: data / fwd+bwd / optimiser`,
        splitText(m?.split) + mark,
        r
          ? splitText({
              data: r.split.data,
              forwardBackward: r.split.forward_backward,
              optimizer: r.split.optimizer,
            })
          : '—',
        '',
      ]);
      rows.push([
        `  step-1 loss / grad norm → last loss, ${b.backend}`,
        lossText(m),
        b.backend === 'cpu' ? '' : `cpu ${lossText(cpu)}`,
        ok === undefined ? '' : ok ? 'same' : 'DIFFERS',
      ]);
      if (ok === false)
        notes.push(
          `(!) ${b.backend}, model ${id}: losses ${m.losses.map((x) => x.toFixed(4)).join(', ')} ` +
            `where cpu has ${cpu.losses.map((x) => x.toFixed(4)).join(', ')}: this backend computes wrong results.`,
        );
      if (m?.gpuErrors.length)
        notes.push(
          `${b.backend}, model ${id}: ${m.gpuErrors.length} WebGPU errors, first: ` +
            m.gpuErrors[0].split('\n')[0].trim(),
        );
    }
  }
  for (const b of train.backends) if (b.error) notes.push(`${b.backend}: ${b.error}`);
  const mem = train.memory;
  if (mem.error) {
    rows.push(['memory over a long run', '—', '', '']);
    notes.push(`memory: ${mem.error}`);
  } else {
    const first = mem.samples[0];
    const last = mem.samples.at(-1);
    rows.push([
      `memory: ${mem.steps} steps of a tiny CNN on ${mem.backend} (batch ${mem.batch}, ${mem.inputSize}²)`,
      '',
      '',
      '',
    ]);
    rows.push([
      '  tf.memory() tensors: first step / last / max',
      `${first.numTensors} / ${last.numTensors} / ${mem.maxSampledTensors}`,
      'flat',
      mem.tensorGrowth === 0 ? 'flat' : `+${mem.tensorGrowth}`,
    ]);
    rows.push([
      '  tf.memory() kB: first step / last / max',
      `${kB(first.numBytes)} / ${kB(last.numBytes)} / ${kB(mem.maxSampledBytes)}`,
      'flat',
      mem.byteGrowth === 0 ? 'flat' : `+${mem.byteGrowth} B`,
    ]);
    if (first.heapBytes !== undefined) {
      const second = mem.samples[Math.min(1, mem.samples.length - 1)];
      // From the second step on: the first step sizes the heap (the scratch buffer, tfjs-wasm's pools).
      rows.push([
        '  wasm heap kB: first step / second / last',
        `${kB(first.heapBytes)} / ${kB(second.heapBytes)} / ${kB(last.heapBytes)}`,
        'flat',
        last.heapBytes === second.heapBytes ? 'flat' : `+${kB(last.heapBytes - second.heapBytes)} kB`,
      ]);
    }
    rows.push(['  tensors left after disposing model + optimiser', String(mem.leftAfterDispose), '0', '']);
  }
  if (torch.error) notes.push(`PyTorch reference: ${torch.error}`);
  else
    notes.push(
      `PyTorch ${torch.torch} on the CPU, ${torch.threads} threads (bench/train_torch.py), same run; ` +
        'backends: ' +
        train.backends.map((b) => `${b.backend} = ${b.detail ?? 'unavailable'}`).join('; '),
    );
  return { rows, notes };
}

/**
 * Every training and inference figure as one record (for `npm run bench -- --json FILE`): model, mode,
 * backend, threads (CPU threads the backend computed on: 1 for wasm without cross-origin isolation,
 * null for the GPU backends), images/s, PyTorch's images/s in the same run, and their ratio.
 */
export function trainingRecords(train, torch) {
  const ref = torch.error ? undefined : torch.models;
  const records = [];
  for (const b of train.backends) {
    const threads =
      b.backend === 'cpu'
        ? 1
        : b.backend.startsWith('wasm')
          ? Number(/(\d+) threads?/.exec(b.detail ?? '')?.[1] ?? 1)
          : null;
    for (const m of b.models)
      for (const [mode, key] of [
        ['train', 'train'],
        ['inference', 'infer'],
      ]) {
        const ours = m[key];
        const theirs = ref?.[m.model]?.[key];
        records.push({
          model: m.model,
          mode,
          backend: b.backend.startsWith('wasm') ? 'wasm' : b.backend,
          threads,
          images_per_s: typeof ours === 'number' ? ours : null,
          pytorch_images_per_s: typeof theirs === 'number' ? theirs : null,
          ratio: typeof ours === 'number' && typeof theirs === 'number' && theirs > 0 ? ours / theirs : null,
        });
      }
  }
  return records;
}
