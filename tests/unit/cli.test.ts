// Runs the real CLI as a child process and checks its output with readers independent of ours:
// PNGs through pngjs, RLE through the small decoder below (not src/core/formats/rle.ts).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseGenerateArgs } from '../../src/cli/args';
import { CocoWriter, cocoDocumentText } from '../../src/core/formats/coco';
import { DEFAULT_SHAPES_PARAMS } from '../../src/core/generate/params';
import type { InstanceMeta } from '../../src/protocol/records';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    // `node --import tsx` is `npx tsx` without npm's and tsx's extra processes (and npm's own warnings on stderr).
    execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { cwd: ROOT, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface CocoFile {
  info: Record<string, unknown>;
  licenses: unknown[];
  images: { id: number; file_name: string; width: number; height: number }[];
  categories: { id: number; name: string }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: number[];
    area: number;
    segmentation: { size: [number, number]; counts: string };
    iscrowd: number;
    visible_fraction: number;
    color: number[];
  }[];
}

/** Straightforward reading of the COCO compressed-RLE string (6-bit chars from '0', delta from the 4th count). */
function independentRleDecode(counts: string, h: number, w: number): Uint8Array {
  const runs: number[] = [];
  let i = 0;
  while (i < counts.length) {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = counts.charCodeAt(i++) - 48;
      value += (byte & 31) * 2 ** shift;
      shift += 5;
    } while (byte & 32);
    if (byte & 16) value -= 2 ** shift; // negative number
    if (runs.length >= 3) value += runs[runs.length - 2];
    runs.push(value);
  }
  const columnMajor = new Uint8Array(h * w);
  let pos = 0;
  runs.forEach((n, k) => {
    if (k % 2 === 1) columnMajor.fill(1, pos, pos + n);
    pos += n;
  });
  expect(pos).toBe(h * w);
  const rowMajor = new Uint8Array(h * w);
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) rowMajor[y * w + x] = columnMajor[x * h + y];
  return rowMajor;
}

function readPng(file: string): PNG {
  return PNG.sync.read(fs.readFileSync(file));
}

function listFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tilewright-cli-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Checks everything the files say about each other. */
function checkDataset(dir: string, count: number, size: number): CocoFile {
  const coco = JSON.parse(fs.readFileSync(path.join(dir, 'annotations.json'), 'utf8')) as CocoFile;
  expect(coco.categories.map((c) => [c.id, c.name])).toEqual([
    [1, 'rectangle'],
    [2, 'ellipse'],
  ]);
  expect(Array.isArray(coco.licenses)).toBe(true);
  expect(typeof coco.info).toBe('object');

  // Image records ↔ files on disk.
  expect(coco.images).toHaveLength(count);
  expect(new Set(coco.images.map((im) => im.id)).size).toBe(count);
  const names = coco.images.map((im) => im.file_name).sort();
  expect(fs.readdirSync(path.join(dir, 'images')).sort()).toEqual(names);
  expect(fs.readdirSync(path.join(dir, 'masks')).sort()).toEqual(names);
  for (const name of names) expect(name).toMatch(/^\d{6}\.png$/);

  // Annotation ids are 1..N and point at known images.
  expect(coco.annotations.map((a) => a.id)).toEqual(coco.annotations.map((_, i) => i + 1));
  const imageIds = new Set(coco.images.map((im) => im.id));
  for (const a of coco.annotations) expect(imageIds.has(a.image_id)).toBe(true);

  let checkedAnnotations = 0;
  for (const im of coco.images) {
    expect([im.width, im.height]).toEqual([size, size]);
    const rgb = readPng(path.join(dir, 'images', im.file_name));
    const classes = readPng(path.join(dir, 'masks', im.file_name));
    expect([rgb.width, rgb.height, classes.width, classes.height]).toEqual([size, size, size, size]);
    const n = size * size;
    const covered = new Uint8Array(n);
    for (const a of coco.annotations.filter((x) => x.image_id === im.id)) {
      expect(a.segmentation.size).toEqual([im.height, im.width]);
      expect(a.iscrowd).toBe(0);
      expect([1, 2]).toContain(a.category_id);
      expect(a.visible_fraction).toBeGreaterThan(0);
      expect(a.visible_fraction).toBeLessThanOrEqual(1);
      const m = independentRleDecode(a.segmentation.counts, im.height, im.width);
      let area = 0;
      let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const p = y * size + x;
          if (!m[p]) continue;
          area++;
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
          expect(covered[p], `annotations of ${im.file_name} overlap at (${x}, ${y})`).toBe(0);
          covered[p] = 1;
          // pngjs gives RGBA; the image's colour and the class map's value under the mask.
          const px = [rgb.data[p * 4], rgb.data[p * 4 + 1], rgb.data[p * 4 + 2]];
          if (px[0] !== a.color[0] || px[1] !== a.color[1] || px[2] !== a.color[2])
            expect(px, `colour of annotation ${a.id} at (${x}, ${y})`).toEqual(a.color);
          if (classes.data[p * 4] !== a.category_id)
            expect(classes.data[p * 4], `class of annotation ${a.id} at (${x}, ${y})`).toBe(a.category_id);
        }
      expect(area).toBeGreaterThan(0);
      expect(a.area).toBe(area);
      expect(a.bbox).toEqual([x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
      checkedAnnotations++;
    }
    // Every foreground pixel of the class map belongs to exactly one annotation.
    for (let p = 0; p < n; p++) expect(classes.data[p * 4] !== 0 ? 1 : 0).toBe(covered[p]);
  }
  expect(checkedAnnotations).toBe(coco.annotations.length);
  return coco;
}

// Each case starts Node with tsx (1-2 s on a busy machine); allow for it.
describe('tilewright generate', { timeout: 180_000 }, () => {
  const args = ['--count', '20', '--seed', '11', '--size', '96', '--max-side', '30'];

  it('writes a consistent dataset, byte-identical for the same arguments', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const [ra, rb] = await Promise.all([
      runCli(['generate', '--out', a, ...args]),
      runCli(['generate', ...args, '--out', b]),
    ]);
    for (const r of [ra, rb]) {
      expect(r.code, r.stderr).toBe(0);
      // stderr carries progress lines only
      for (const line of r.stderr.split('\n').filter(Boolean))
        expect(line).toMatch(/^generate: \d+\/\d+ \(\d+%\)$/);
      expect(r.stdout).toMatch(/wrote 20 images/);
    }
    const coco = checkDataset(a, 20, 96);
    expect(coco.annotations.length).toBeGreaterThanOrEqual(20);
    const fa = listFiles(a);
    const fb = listFiles(b);
    expect([...fa.keys()].sort()).toEqual([...fb.keys()].sort());
    expect(fa.size).toBe(41);
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name) as Buffer), name).toBe(true);
  });

  it('with occlusion and rotation, masks still match the pixels', async () => {
    const dir = path.join(tmp, 'occluded');
    const r = await runCli([
      'generate',
      '--out',
      dir,
      '--count',
      '15',
      '--seed',
      '3',
      '--size',
      '80',
      '--occlusion',
      '0.6',
      '--rotate',
      '--max-side',
      '24',
      '--min-side',
      '8',
      '--max-shapes',
      '10',
      '--colors',
      '5',
      '--background',
      '0,0,0',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const coco = checkDataset(dir, 15, 80);
    expect(coco.annotations.some((a) => a.visible_fraction < 1)).toBe(true);
  });

  it('refuses a non-empty output directory unless --force, then replaces the old run', async () => {
    const dir = path.join(tmp, 'reuse');
    expect(
      (await runCli(['generate', '--out', dir, '--count', '6', '--seed', '1', '--size', '64'])).code,
    ).toBe(0);
    const again = await runCli(['generate', '--out', dir, '--count', '3', '--seed', '1', '--size', '64']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--out: .*not empty/);
    const forced = await runCli([
      'generate',
      '--out',
      dir,
      '--count',
      '3',
      '--seed',
      '2',
      '--size',
      '64',
      '--force',
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    checkDataset(dir, 3, 64); // no stale images from the first run
  });

  it('bad arguments exit with 2 and name the argument', async () => {
    const out = ['--out', path.join(tmp, 'never')];
    const cases: [string[], RegExp][] = [
      [[...out, '--count', '-3', '--seed', '1'], /--count: at least 1/],
      [[...out, '--count', '5', '--seed', '1', '--occlusion', '2'], /--occlusion: at most 0\.95/],
      [[...out, '--count', '5', '--seed', '1', '--colors', 'x'], /--colors: .*"x"/],
      [[...out, '--count', '5'], /--seed: a seed is required/],
      [['--count', '5', '--seed', '1'], /--out: required/],
      [[...out, '--count', '5', '--seed', '1', '--bogus', '3'], /--bogus: unknown option/],
    ];
    const results = await Promise.all(cases.map(([a]) => runCli(['generate', ...a])));
    results.forEach((r, i) => {
      expect(r.code, cases[i][0].join(' ')).toBe(2);
      expect(r.stderr).toMatch(cases[i][1]);
      expect(r.stdout).toBe('');
    });
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  it('argument parsing (in process): every problem is named by its flag', () => {
    const base = ['--out', 'x', '--count', '5', '--seed', '1'];
    const problems = (extra: string[]) => {
      try {
        parseGenerateArgs([...base, ...extra]);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as UsageError).problems.map((p) => `${p.flag}: ${p.message}`);
      }
      return [];
    };
    expect(problems(['--size', '16'])[0]).toMatch(/^--size: at least 32/);
    expect(problems(['--kinds', 'triangle'])[0]).toMatch(/^--kinds:/);
    expect(problems(['--background', '1,2'])[0]).toMatch(/^--background: expected R,G,B/);
    expect(problems(['--background', '1,2,300'])[0]).toMatch(/^--background:/);
    expect(problems(['--min-shapes', '7', '--max-shapes', '3'])[0]).toMatch(/^--min-shapes: must not exceed/);
    expect(problems(['--count', '2'])[0]).toMatch(/^--count: given more than once/);
    expect(problems(['--rotate=yes'])[0]).toMatch(/^--rotate: takes no value/);
    expect(problems(['--max-side', '200', '--size', '128', '--rotate'])[0]).toMatch(/^--max-side:/);
    expect(problems(['--seed'])[0]).toMatch(/^--seed: given more than once/);
    expect(problems(['--occlusion', 'lots'])[0]).toMatch(/^--occlusion: expected a number/);
    // several at once, in flag order
    expect(problems(['--colors', '0', '--size', '2000'])).toEqual([
      expect.stringMatching(/^--size:/),
      expect.stringMatching(/^--colors:/),
    ]);

    const ok = parseGenerateArgs([
      '--out',
      'd',
      '--count=7',
      '--seed',
      '0',
      '--kinds',
      'ellipse',
      '--occlusion',
      '0.5',
      '--rotate',
      '--background',
      '1,2,3',
    ]);
    expect('job' in ok && ok.job).toMatchObject({
      count: 7,
      seed: 0,
      params: {
        kinds: ['ellipse'],
        occlusion: 0.5,
        rotate: true,
        background: [1, 2, 3],
        size: 224,
        colors: 3,
      },
    });
    const defaults = parseGenerateArgs(['--out', 'd', '--count', '1', '--seed', '9']);
    expect('job' in defaults && defaults.job.params).toEqual(DEFAULT_SHAPES_PARAMS);
  });

  it('--help prints usage and exits 0; no command exits 2', async () => {
    const [help, top, none] = await Promise.all([
      runCli(['generate', '--help']),
      runCli(['--help']),
      runCli([]),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--occlusion/);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/generate/);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage/);
  });
});

describe('CocoWriter (in process)', () => {
  const meta = (id: number, category: number): InstanceMeta => ({
    id,
    category,
    bbox: [0, 0, 0, 0],
    area: 0,
    visibleFraction: 0.5,
    color: [1, 2, 3],
  });

  it('numbers images and annotations from 1, skips instances with no visible pixel, streams valid JSON', () => {
    // 3x4 instance map: instance 1 at the left, 2 at the right, 3 fully hidden.
    const map = Uint8Array.from([1, 1, 0, 2, 1, 0, 0, 2, 0, 0, 0, 2]);
    const chunks: string[] = [];
    const w = new CocoWriter({
      info: { description: 't', version: '1' },
      categories: [{ id: 1, name: 'a' }],
      sink: (s) => chunks.push(s),
    });
    const first = w.addImage({ file_name: 'a.png', width: 4, height: 3 }, map, [
      meta(1, 1),
      meta(2, 2),
      meta(3, 1),
    ]);
    const second = w.addImage({ file_name: 'b.png', width: 4, height: 3 }, new Uint8Array(12), [meta(1, 1)]);
    const third = w.addImage({ file_name: 'c.png', width: 4, height: 3 }, map, [meta(2, 2)]);
    w.finish();
    expect([first.image.id, second.image.id, third.image.id]).toEqual([1, 2, 3]);
    expect(first.annotations.map((a) => [a.id, a.category_id, a.area, a.bbox])).toEqual([
      [1, 1, 3, [0, 0, 2, 2]],
      [2, 2, 3, [3, 0, 1, 3]],
    ]);
    expect(second.annotations).toEqual([]);
    expect(third.annotations.map((a) => [a.id, a.image_id])).toEqual([[3, 3]]);
    const doc = JSON.parse(chunks.join(''));
    expect(doc.annotations).toHaveLength(3);
    expect(doc.images.map((i: { file_name: string }) => i.file_name)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(doc.licenses).toEqual([]);
    expect(doc.categories).toEqual([{ id: 1, name: 'a' }]);
  });

  it('a document without annotations is valid JSON', () => {
    const text = cocoDocumentText(
      { description: 't', version: '1' },
      [],
      [{ file_name: 'x.png', width: 2, height: 2, instanceMap: new Uint8Array(4), instances: [] }],
    );
    expect(JSON.parse(text)).toMatchObject({ annotations: [], images: [{ id: 1, file_name: 'x.png' }] });
  });
});
