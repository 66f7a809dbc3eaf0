// `tilewright config` and `tilewright train` on fixtures in the real formats: an ImageFolder of PNGs
// written with pngjs, and the generator's own output (images/ + masks/ + annotations.json). Training
// runs in process (tfjs cpu, tiny models) except for a few exit-code checks of the real CLI.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigArgs, parseGenerateArgs, UsageError, type TrainArgs } from '../../src/cli/args';
import { ConfigError, configText, loadConfigFile } from '../../src/cli/config';
import { folderData } from '../../src/cli/folderData';
import { runGenerate } from '../../src/cli/generate';
import { runTrain, StatusLine, type TrainReport } from '../../src/cli/train';
import { isTilewrightError } from '../../src/core/errors';
import { defaultConfig, parseConfig, type ExperimentConfigInput } from '../../src/core/train/config';
import { CLI_MAIN, ROOT, runCli } from '../fixtures/runCli';
import { imageFolderTree, pngImage, writeTree } from '../fixtures/images';

let tmp: string;
let folder: string;
let shapes: string;

/** The tiny experiment every run here uses (tfjs cpu in Node is slow). */
function tinyConfig(extra: Partial<ExperimentConfigInput> = {}): ExperimentConfigInput {
  const base = defaultConfig('classification', 'fixture', 7);
  return {
    ...base,
    input_size: 8,
    model: { ...base.model, name: 'cnn', width: 4, depth: 1 },
    epochs: 2,
    batch_size: 8,
    checkpoint: { ...base.checkpoint, last_every_minutes: 0 },
    ...extra,
  };
}

function writeConfig(name: string, config: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Collects what the status line writes, as a non-terminal. */
function quietStatus(): { status: StatusLine; text: () => string } {
  const chunks: string[] = [];
  return {
    status: new StatusLine({ write: (t) => chunks.push(t), isTTY: false }),
    text: () => chunks.join(''),
  };
}

async function train(args: Partial<TrainArgs> & { config: string; out: string }): Promise<TrainReport> {
  const { status } = quietStatus();
  return runTrain(new AbortController().signal, { data: folder, force: false, ...args }, status);
}

/** metrics.csv without its time columns: what must repeat exactly. */
function withoutTime(csv: string): string[][] {
  const rows = csv
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const keep = rows[0].map((name, i) => (/time/i.test(name) ? -1 : i)).filter((i) => i >= 0);
  return rows.map((r) => keep.map((i) => r[i]));
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tilewright-cli-train-'));
  // ImageFolder: 2 classes × 12 PNGs of 8×8 (pngjs, not our encoder).
  writeTree(tmp, imageFolderTree('pets', ['cat', 'dog'], 12, 8));
  folder = path.join(tmp, 'pets');
  // The generator's output, made by the generate command itself.
  shapes = path.join(tmp, 'shapes');
  const args = parseGenerateArgs([
    '--out',
    shapes,
    '--count',
    '16',
    '--seed',
    '5',
    '--size',
    '32',
    '--min-side',
    '6',
    '--max-side',
    '12',
    '--max-shapes',
    '3',
  ]);
  if ('help' in args) throw new Error('unexpected help');
  await runGenerate(new AbortController().signal, args, () => undefined);
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('tilewright config', () => {
  it('prints the complete default config, which round-trips through the schema', () => {
    for (const task of ['classification', 'multilabel', 'segmentation'] as const) {
      const args = parseConfigArgs(['--task', task]);
      if ('help' in args) throw new Error('unexpected help');
      const json = JSON.parse(configText(args));
      expect(Object.keys(json)).toEqual([
        'dataset_name',
        'task',
        'random_seed',
        'model',
        'input_size',
        'normalization',
        'augment',
        'optimizer',
        'learning_rate',
        'scheduler',
        'epochs',
        'batch_size',
        'grad_accum_steps',
        'grad_clip_norm',
        'early_stopping',
        'monitor',
        'checkpoint',
        'segmentation',
        'train_min_visible',
        'threshold',
        'backend',
      ]);
      expect(json.task).toBe(task);
      expect(json.model.name).toBe(task === 'segmentation' ? 'unet' : 'cnn');
      const parsed = parseConfig(json);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(json);
    }
  });

  it('a bad --task names the flag and the allowed values', () => {
    expect(() => parseConfigArgs(['--task', 'detection'])).toThrow(
      /--task: expected one of classification, multilabel, segmentation, got "detection"/,
    );
    expect(() => parseConfigArgs(['--tsak', 'x'])).toThrow(UsageError);
  });
});

describe('config files', () => {
  it('every bad field is named by its path', () => {
    const file = writeConfig('bad.json', {
      batch_size: -1,
      model: { name: 'cnn', width: 1 },
      optimizer: { beta1: 2 },
    });
    try {
      loadConfigFile(file, folder);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const paths = (e as ConfigError).problems.map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining(['random_seed', 'batch_size', 'model.width', 'optimizer.beta1']),
      );
      expect((e as Error).message).toMatch(/^random_seed: A random seed is required\./m);
    }
  });

  it('dataset_name defaults to the data folder; unknown keys are reported', () => {
    const file = writeConfig('loose.json', { random_seed: 1, learning_rat: 0.1, model: { widht: 8 } });
    const { config, unknownKeys } = loadConfigFile(file, folder);
    expect(config.dataset_name).toBe('pets');
    expect(unknownKeys).toEqual(['learning_rat', 'model.widht']);
  });

  it('a missing file or bad JSON is a usage error naming --config', () => {
    expect(() => loadConfigFile(path.join(tmp, 'nope.json'), folder)).toThrow(/--config: .*does not exist/);
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, '{ "epochs": ');
    expect(() => loadConfigFile(file, folder)).toThrow(/--config: .*not valid JSON/);
  });
});

describe('folder data', () => {
  it('ImageFolder: classes, a stratified 90/10 split by the seed, PNG pixels', async () => {
    const data = folderData(folder, 'classification', 7);
    expect(data.layout).toBe('imagefolder');
    expect(data.classes).toEqual(['cat', 'dog']);
    expect(data.train.length + data.val.length).toBe(24);
    expect(data.val.length).toBeGreaterThanOrEqual(2);
    expect(new Set(data.val.map((k) => data.targetOf(k)))).toEqual(new Set([0, 1]));
    expect(folderData(folder, 'classification', 7).val).toEqual(data.val);
    const img = await data.load(data.train[0]);
    expect([img.width, img.height, img.pixels.length]).toEqual([8, 8, 8 * 8 * img.channels]);
    expect(data.nameOf(0)).toBe('cat/cat_0.png');
  });

  it("the generator's output is read as COCO instances, with per-image classes", () => {
    const multi = folderData(shapes, 'multilabel', 0);
    expect(multi.layout).toBe('coco');
    expect(multi.classes).toEqual(['rectangle', 'ellipse']);
    expect(multi.train.length + multi.val.length).toBe(16);
    const all = [...multi.train, ...multi.val].map((k) => multi.targetOf(k) as number[]);
    expect(all.every((t) => Array.isArray(t) && t.length >= 1)).toBe(true);
    const single = folderData(shapes, 'classification', 0);
    expect(typeof single.targetOf(single.train[0])).toBe('number');
  });

  it('images + masks without annotations: segmentation classes from the mask values', () => {
    const dir = path.join(tmp, 'seg');
    fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'masks'), { recursive: true });
    for (const name of ['a', 'b', 'c', 'd']) {
      fs.copyFileSync(path.join(shapes, 'images', '000000.png'), path.join(dir, 'images', `${name}.png`));
      fs.copyFileSync(path.join(shapes, 'masks', '000000.png'), path.join(dir, 'masks', `${name}.png`));
    }
    const data = folderData(dir, 'multilabel', 0);
    expect(data.layout).toBe('image-mask');
    expect(data.classes[0]).toBe('class 1');
  });

  it('a JPEG is refused up front, naming the file', () => {
    const dir = path.join(tmp, 'jpeg');
    writeTree(dir, imageFolderTree('', ['a', 'b'], 2, 8));
    fs.writeFileSync(path.join(dir, 'b', 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    try {
      folderData(dir, 'classification', 0);
      expect.unreachable();
    } catch (e) {
      expect(isTilewrightError(e) && e.code).toBe('bad-file');
      expect((e as Error).message).toMatch(/b\/photo\.jpg is a JPEG image: .*PNG only/);
    }
  });

  it('a folder in no known layout says what it found', () => {
    const dir = path.join(tmp, 'flat');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'x.png'), pngImage(8, 8, 1));
    expect(() => folderData(dir, 'classification', 0)).toThrow(/directly in the top folder/);
  });
});

describe('tilewright train (in process)', { timeout: 120_000 }, () => {
  it('the same config twice gives the same metrics; the checkpoint holds a loadable model', async () => {
    const config = writeConfig('tiny.json', tinyConfig());
    const a = await train({ config, out: path.join(tmp, 'run-a') });
    const b = await train({ config, out: path.join(tmp, 'run-b') });
    for (const r of [a, b]) {
      expect(r.reason).toBe('completed');
      expect(r.epochs).toBe(2);
      expect(Object.keys(r.metrics)).toEqual(expect.arrayContaining(['val_loss', 'val_accuracy']));
    }
    const csvA = fs.readFileSync(path.join(tmp, 'run-a', 'metrics.csv'), 'utf8');
    const csvB = fs.readFileSync(path.join(tmp, 'run-b', 'metrics.csv'), 'utf8');
    expect(csvA.split('\n')[0]).toMatch(/time/);
    expect(withoutTime(csvA).length).toBeGreaterThan(2);
    expect(withoutTime(csvA)).toEqual(withoutTime(csvB));

    expect(fs.readdirSync(path.join(tmp, 'run-a')).sort()).toEqual([
      'best.zip',
      'checkpoint.zip',
      'metrics.csv',
    ]);
    const zip = unzipSync(fs.readFileSync(path.join(tmp, 'run-a', 'checkpoint.zip')));
    expect(Object.keys(zip).sort()).toEqual(
      expect.arrayContaining([
        'config.json',
        'history.json',
        'meta.json',
        'metrics.csv',
        'model/model.json',
        'model/weights.bin',
      ]),
    );
    expect(strFromU8(zip['metrics.csv'])).toBe(csvA);
    const meta = JSON.parse(strFromU8(zip['meta.json']));
    expect(meta).toMatchObject({
      kind: 'last',
      classes: ['cat', 'dog'],
      backend: 'cpu',
      inputShape: [8, 8, 3],
    });
    expect(meta.position).toMatchObject({ epoch: 2, stepInEpoch: 0 });
    expect(JSON.parse(strFromU8(zip['config.json']))).toMatchObject({
      input_size: 8,
      epochs: 2,
      random_seed: 7,
    });

    // The model loads with plain tfjs from the zip's files.
    const modelJson = JSON.parse(strFromU8(zip['model/model.json']));
    const weights = zip['model/weights.bin'];
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
    const out = model.predict(tf.zeros([3, 8, 8, 3])) as tf.Tensor;
    expect(out.shape).toEqual([3, 2]);
    tf.dispose([out]);
    model.dispose();
  });

  it('trains multilabel on the generator output', async () => {
    const config = writeConfig('multi.json', tinyConfig({ task: 'multilabel', dataset_name: 'shapes' }));
    const r = await train({ config, data: shapes, out: path.join(tmp, 'run-multi') });
    expect(r.reason).toBe('completed');
    expect(Object.keys(r.metrics)).toEqual(expect.arrayContaining(['val_loss', 'val_micro_f1', 'val_map']));
    const zip = unzipSync(fs.readFileSync(path.join(tmp, 'run-multi', 'checkpoint.zip')));
    expect(JSON.parse(strFromU8(zip['meta.json'])).classes).toEqual(['rectangle', 'ellipse']);
  });

  it('trains a U-Net to segment the generator output; a target its classes lack is refused', async () => {
    const seg = tinyConfig({
      task: 'segmentation',
      dataset_name: 'shapes',
      input_size: 16,
      model: { ...defaultConfig('segmentation').model, width: 4, depth: 2 },
      epochs: 1,
      segmentation: { ...defaultConfig().segmentation, loss: { ce: 1, dice: 1, focal: 0 } },
    });
    const r = await train({
      config: writeConfig('seg.json', seg),
      data: shapes,
      out: path.join(tmp, 'run-seg'),
    });
    expect(r.reason).toBe('completed');
    expect(Object.keys(r.metrics)).toEqual(
      expect.arrayContaining([
        'val_loss',
        'val_loss_ce',
        'val_loss_dice',
        'val_mean_iou',
        'val_pixel_accuracy',
      ]),
    );
    const zip = unzipSync(fs.readFileSync(path.join(tmp, 'run-seg', 'checkpoint.zip')));
    expect(JSON.parse(strFromU8(zip['meta.json'])).classes).toEqual(['background', 'rectangle', 'ellipse']);
    const csv = fs.readFileSync(path.join(tmp, 'run-seg', 'metrics.csv'), 'utf8').split('\r\n')[0];
    expect(csv.split(',')).toEqual(
      expect.arrayContaining(['train_loss_ce', 'train_loss_dice', 'val_mean_iou']),
    );

    // The image + mask folder's classes are "class 1", …: no rectangle to segment alone.
    const rects = writeConfig('rects.json', {
      ...seg,
      segmentation: { ...defaultConfig().segmentation, target: 'rectangles' },
    });
    await expect(
      train({ config: rects, data: path.join(tmp, 'seg'), out: path.join(tmp, 'run-rects') }),
    ).rejects.toThrow(/has no class named "rectangle"/);
  });

  it('learns a boundary channel from COCO instances and leaves occluded samples out of training', async () => {
    const occluded = path.join(tmp, 'occluded');
    const args = parseGenerateArgs(
      ['--out', occluded, '--count', '24', '--seed', '9', '--size', '32', '--min-side', '8'].concat([
        '--max-side',
        '14',
        '--min-shapes',
        '3',
        '--max-shapes',
        '4',
        '--occlusion',
        '0.6',
      ]),
    );
    if ('help' in args) throw new Error('unexpected help');
    await runGenerate(new AbortController().signal, args, () => undefined);
    const all = folderData(occluded, 'segmentation', 0, {
      segmentation: { target: 'rectangles', separation: 'boundary' },
    });
    const someOccluded = all.train.length;
    const filtered = folderData(occluded, 'segmentation', 0, { minVisible: 0.9 });
    // The filter takes from the training split only: validation is the same.
    expect(filtered.val).toEqual(all.val);
    expect(filtered.train.length + filtered.occluded).toBe(someOccluded);
    expect(filtered.occluded).toBeGreaterThan(0);
    // Boundary targets come with every training image (their instance maps).
    const img = await all.load(all.train[0]);
    expect(img.instances?.length).toBe(img.width * img.height);

    const seg = tinyConfig({
      task: 'segmentation',
      dataset_name: 'shapes',
      input_size: 16,
      model: { ...defaultConfig('segmentation').model, width: 4, depth: 2 },
      epochs: 1,
      train_min_visible: 0.5,
      segmentation: { ...defaultConfig().segmentation, target: 'rectangles', separation: 'boundary' },
    });
    const r = await train({
      config: writeConfig('sep.json', seg),
      data: occluded,
      out: path.join(tmp, 'run-sep'),
    });
    expect(r.reason).toBe('completed');
    expect(Object.keys(r.metrics)).toEqual(expect.arrayContaining(['val_loss_ce', 'val_loss_boundary']));
    // An image + mask folder has no instances to learn boundaries from: the field is named.
    await expect(
      train({
        config: writeConfig('sep-masks.json', {
          ...seg,
          train_min_visible: 0,
          segmentation: { ...seg.segmentation, target: 'classes' },
        }),
        data: path.join(tmp, 'seg'),
        out: path.join(tmp, 'run-sep-masks'),
      }),
    ).rejects.toThrow(/no instance maps to learn boundaries from.*segmentation\.separation to none/);
  });

  it('trains on the wasm backend with our kernels, as on cpu', async () => {
    const onCpu = await train({
      config: writeConfig('bn-cpu.json', tinyConfig()),
      out: path.join(tmp, 'run-bn-cpu'),
    });
    const onWasm = await train({
      config: writeConfig('bn-wasm.json', tinyConfig({ backend: 'wasm' })),
      out: path.join(tmp, 'run-bn-wasm'),
    });
    expect(onWasm.reason).toBe('completed');
    const meta = JSON.parse(
      strFromU8(unzipSync(fs.readFileSync(path.join(tmp, 'run-bn-wasm', 'checkpoint.zip')))['meta.json']),
    );
    expect(meta.backend).toBe('wasm');
    for (const [k, v] of Object.entries(onCpu.metrics)) expect(onWasm.metrics[k], k).toBeCloseTo(v, 4);
  });

  it('refuses to overwrite an earlier run without --force; --force removes its stale files', async () => {
    const out = path.join(tmp, 'run-force');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'best.zip'), 'old');
    const config = writeConfig('nobest.json', {
      ...tinyConfig({ epochs: 1 }),
      checkpoint: { save_best: false, last_every_minutes: 0 },
    });
    await expect(train({ config, out })).rejects.toThrow(/--out: .*best\.zip.*--force/);
    const r = await train({ config, out, force: true });
    expect(r.files.map((f) => path.basename(f))).toEqual(['checkpoint.zip', 'metrics.csv']);
    expect(fs.readdirSync(out).sort()).toEqual(['checkpoint.zip', 'metrics.csv']);
  });

  it('an abort stops after the current step and still writes the last checkpoint', async () => {
    const config = writeConfig('long.json', tinyConfig({ epochs: 50, batch_size: 4 }));
    const controller = new AbortController();
    const chunks: string[] = [];
    const status = new StatusLine({
      write: (t) => {
        chunks.push(t);
        if (/step \d+\/\d+/.test(t)) controller.abort();
      },
      isTTY: false,
    });
    const out = path.join(tmp, 'run-abort');
    const r = await runTrain(controller.signal, { config, data: folder, out, force: false }, status);
    expect(r.reason).toBe('stopped');
    expect(r.epochs).toBe(0);
    const zip = unzipSync(fs.readFileSync(path.join(out, 'checkpoint.zip')));
    expect(JSON.parse(strFromU8(zip['meta.json'])).position).toMatchObject({ epoch: 0, stepInEpoch: 1 });
    expect(fs.readFileSync(path.join(out, 'metrics.csv'), 'utf8').trim().split('\n')).toHaveLength(2);
  });
});

describe('StatusLine', () => {
  it('without a terminal: the forced line at once, then at most one line every 2 s', () => {
    let t = 0;
    const chunks: string[] = [];
    const s = new StatusLine({ write: (x) => chunks.push(x), isTTY: false }, () => t);
    s.update('a', true);
    t = 1000;
    s.update('b');
    t = 2100;
    s.update('c');
    s.log('kept');
    expect(chunks.join('')).toBe('a\nc\nkept\n');
  });

  it('on a terminal: redrawn in place with \\r', () => {
    let t = 0;
    const chunks: string[] = [];
    const s = new StatusLine({ write: (x) => chunks.push(x), isTTY: true }, () => t);
    s.update('one', true);
    t = 500;
    s.update('two');
    s.log('epoch');
    expect(chunks.join('')).toBe('\rone\x1b[K\rtwo\x1b[K\r\x1b[Kepoch\n');
  });
});

describe('tilewright train (subprocess)', { timeout: 120_000 }, () => {
  it('trains on wasm with our kernels on every core (relaxed SIMD), as in process, and exits when done', async () => {
    const config = writeConfig('cli-wasm.json', tinyConfig({ backend: 'wasm' }));
    const out = path.join(tmp, 'cli-wasm');
    const run = await runCli(['train', '--config', config, '--data', folder, '--out', out]);
    // A process kept alive by a thread would end by runCli's timeout instead (no exit code 0).
    expect(run.code, run.stderr).toBe(0);
    const threads = Math.min(8, os.availableParallelism());
    expect(run.stderr).toContain(
      `steps/epoch on wasm (our relaxed SIMD (FMA) kernels, ${threads} thread${threads === 1 ? '' : 's'})\n`,
    );
    const inProcess = await train({ config, out: path.join(tmp, 'cli-wasm-in-process') });
    // The printed summary (a few metrics) against the in-process run's.
    const printed = [...run.stdout.matchAll(/\b((?:train|val)_\w+) (-?[\d.]+)/g)];
    expect(printed.map(([, k]) => k)).toContain('val_accuracy');
    const want: Record<string, number | null> = { ...inProcess.metrics, train_loss: inProcess.trainLoss };
    for (const [, k, v] of printed) expect(Number(v), k).toBeCloseTo(want[k]!, 3);
  });

  it('exit codes: 0 with a summary on stdout, 2 for a bad config naming every bad field, 2 for a bad --task', async () => {
    const good = writeConfig('cli-good.json', tinyConfig({ epochs: 1 }));
    const bad = writeConfig('cli-bad.json', { batch_size: -1, epochs: 2 });
    const [ok, invalid, missing, task, configOut] = await Promise.all([
      runCli(['train', '--config', good, '--data', folder, '--out', path.join(tmp, 'cli-run')]),
      runCli(['train', '--config', bad, '--data', folder, '--out', path.join(tmp, 'cli-bad')]),
      runCli(['train', '--data', folder]),
      runCli(['config', '--task', 'detection']),
      runCli(['config', '--task', 'multilabel']),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    expect(ok.stdout).toMatch(/^trained 1 epoch in [\d.]+ s: train_loss \S+ {2}val_loss \S+ {2}val_accuracy/);
    expect(ok.stdout).toMatch(/checkpoint\.zip/);
    expect(ok.stderr).toMatch(/epoch 1\/1 {2}step \d+\/\d+ {2}loss \S+ {2}[\d.]+ img\/s {2}ETA \d+:\d\d/);
    expect(ok.stderr).not.toMatch(/tfjs-node/);
    expect(fs.existsSync(path.join(tmp, 'cli-run', 'checkpoint.zip'))).toBe(true);

    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^random_seed: /m);
    expect(invalid.stderr).toMatch(/^batch_size: /m);
    expect(invalid.stdout).toBe('');
    expect(fs.existsSync(path.join(tmp, 'cli-bad'))).toBe(false);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--config: required/);
    expect(missing.stderr).toMatch(/--out: required/);

    expect(task.code).toBe(2);
    expect(task.stderr).toMatch(/--task: expected one of classification, multilabel/);
    expect(configOut.code).toBe(0);
    expect(parseConfig(JSON.parse(configOut.stdout)).data?.task).toBe('multilabel');
  });

  it('SIGINT stops after the current step, writes the last checkpoint and exits 130', async () => {
    const config = writeConfig('cli-long.json', tinyConfig({ epochs: 200, batch_size: 4 }));
    const out = path.join(tmp, 'cli-sigint');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI_MAIN, 'train', '--config', config, '--data', folder, '--out', out],
      {
        cwd: ROOT,
      },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        // The first step's progress line comes at once; then interrupt.
        if (/step \d+\//.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(stdout).toMatch(/^interrupted after \d+\/200 epochs/);
    const zip = unzipSync(fs.readFileSync(path.join(out, 'checkpoint.zip')));
    expect(JSON.parse(strFromU8(zip['meta.json'])).kind).toBe('last');
    expect(fs.existsSync(path.join(out, 'metrics.csv'))).toBe(true);
  });
});
