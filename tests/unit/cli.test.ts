// Runs the real CLI as a child process and checks its output with readers independent of ours:
// PNGs through pngjs, RLE through tests/fixtures/cocoCheck.ts (not src/core/formats/rle.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseGenerateArgs } from '../../src/cli/args';
import { CocoWriter, cocoDocumentText } from '../../src/core/formats/coco';
import { DEFAULT_SHAPES_PARAMS } from '../../src/core/generate/params';
import type { InstanceMeta } from '../../src/protocol/records';
import { runCli } from '../fixtures/runCli';
import { checkShapesDataset, type CocoFile } from '../fixtures/cocoCheck';

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

/** The files must agree with each other (see tests/fixtures/cocoCheck.ts) and with the arguments. */
function checkDataset(dir: string, count: number, size: number): CocoFile {
  const { coco, problems } = checkShapesDataset(listFiles(dir));
  expect(problems).toEqual([]);
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
  for (const im of coco.images) expect([im.width, im.height]).toEqual([size, size]);

  // Annotation ids are 1..N.
  expect(coco.annotations.map((a) => a.id)).toEqual(coco.annotations.map((_, i) => i + 1));
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
