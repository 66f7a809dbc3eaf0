import { describe, expect, it } from 'vitest';
import { imageTypeFromPath, isJunkPath, normalizePath, planImport } from '../../src/core/data/layout';
import { TilewrightError } from '../../src/core/errors';

function expectLayoutError(paths: string[], pattern: RegExp) {
  try {
    planImport(paths);
  } catch (e) {
    expect(e).toBeInstanceOf(TilewrightError);
    expect((e as TilewrightError).code).toBe('bad-layout');
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a bad-layout error');
}

describe('planImport: ImageFolder', () => {
  it('reads root/<class>/<file> with sorted classes and labels', () => {
    const plan = planImport(['River/r1.jpg', 'AnnualCrop/a2.jpg', 'AnnualCrop/a1.jpg', 'Forest/f1.png']);
    expect(plan.layout).toBe('imagefolder');
    expect(plan.root).toBe('');
    expect(plan.classes).toEqual(['AnnualCrop', 'Forest', 'River']);
    expect(plan.samples).toEqual([
      { image: 'AnnualCrop/a1.jpg', label: 0, name: 'AnnualCrop/a1.jpg' },
      { image: 'AnnualCrop/a2.jpg', label: 0, name: 'AnnualCrop/a2.jpg' },
      { image: 'Forest/f1.png', label: 1, name: 'Forest/f1.png' },
      { image: 'River/r1.jpg', label: 2, name: 'River/r1.jpg' },
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('sorts class names by code point (as torchvision does)', () => {
    const plan = planImport(['b/1.jpg', 'B/1.jpg', 'a/1.jpg', '_x/1.jpg']);
    expect(plan.classes).toEqual(['B', '_x', 'a', 'b']);
  });

  it('tolerates an extra top folder and ignores junk', () => {
    const plan = planImport([
      'EuroSAT/',
      'EuroSAT/AnnualCrop/',
      'EuroSAT/AnnualCrop/AnnualCrop_1.jpg',
      'EuroSAT/Forest/Forest_1.jpg',
      'EuroSAT/Forest/.DS_Store',
      'EuroSAT/.DS_Store',
      '__MACOSX/EuroSAT/Forest/._Forest_1.jpg',
      'EuroSAT/Forest/Thumbs.db',
    ]);
    expect(plan.root).toBe('EuroSAT');
    expect(plan.classes).toEqual(['AnnualCrop', 'Forest']);
    expect(plan.samples.map((s) => s.name)).toEqual(['AnnualCrop/AnnualCrop_1.jpg', 'Forest/Forest_1.jpg']);
    expect(plan.problems).toEqual([]);
  });

  it('tolerates a chain of single top folders (EuroSAT/2750/<class>)', () => {
    const plan = planImport(['EuroSAT/2750/A/1.jpg', 'EuroSAT/2750/B/1.jpg', 'EuroSAT/readme.txt']);
    expect(plan.root).toBe('EuroSAT/2750');
    expect(plan.classes).toEqual(['A', 'B']);
    expect(plan.problems).toEqual([
      expect.objectContaining({ path: 'EuroSAT/readme.txt', reason: 'not-an-image' }),
    ]);
  });

  it('reports non-images, loose images and nested images', () => {
    const plan = planImport(['A/1.jpg', 'B/2.jpg', 'A/notes.txt', 'loose.jpg', 'B/sub/3.jpg', 'labels.csv']);
    expect(plan.samples).toHaveLength(2);
    const byPath = Object.fromEntries(plan.problems.map((p) => [p.path, p.reason]));
    expect(byPath).toEqual({
      'A/notes.txt': 'not-an-image',
      'loose.jpg': 'outside-layout',
      'B/sub/3.jpg': 'outside-layout',
      'labels.csv': 'not-an-image',
    });
  });

  it('normalises backslashes and ./ prefixes', () => {
    const plan = planImport(['.\\A\\1.jpg', './B/2.JPG']);
    expect(plan.samples.map((s) => s.image)).toEqual(['A/1.jpg', 'B/2.JPG']);
  });

  it('refuses a flat folder, a single class and a folder without images, saying what it found', () => {
    expectLayoutError(
      ['a.jpg', 'b.jpg'],
      /Expected class folders.*found 2 images directly in the top folder/,
    );
    expectLayoutError(['cats/a.jpg', 'cats/b.jpg'], /single class folder "cats"/);
    expectLayoutError(['images/a.jpg', 'images/b.jpg'], /images\/ folder but no masks\//);
    expectLayoutError(['docs/a.txt', 'b.csv'], /but no images \(b\.csv, a\.txt\)/);
    expectLayoutError([], /found no files/);
    expectLayoutError(['x/y/z/a.jpg', 'x/w/z/b.jpg'], /nested more deeply/);
  });
});

describe('planImport: images + masks', () => {
  it('pairs images and masks by base name', () => {
    const plan = planImport(['images/b.jpg', 'images/a.png', 'masks/a.png', 'masks/b.png', 'README.md']);
    expect(plan.layout).toBe('image-mask');
    expect(plan.classes).toEqual([]);
    expect(plan.samples).toEqual([
      { image: 'images/a.png', mask: 'masks/a.png', name: 'a.png' },
      { image: 'images/b.jpg', mask: 'masks/b.png', name: 'b.jpg' },
    ]);
    expect(plan.problems).toEqual([expect.objectContaining({ path: 'README.md', reason: 'not-an-image' })]);
  });

  it('takes an extra top folder, subfolders, _mask suffixes and any case of images/masks', () => {
    const plan = planImport([
      'data/Images/s1/x.jpg',
      'data/Masks/s1/x_mask.png',
      'data/Images/y.tif',
      'data/Masks/y.png',
    ]);
    expect(plan.root).toBe('data');
    expect(plan.samples).toEqual([
      { image: 'data/Images/s1/x.jpg', mask: 'data/Masks/s1/x_mask.png', name: 's1/x.jpg' },
      { image: 'data/Images/y.tif', mask: 'data/Masks/y.png', name: 'y.tif' },
    ]);
  });

  it('reports missing masks, missing images, non-PNG masks, duplicates and strays', () => {
    const plan = planImport([
      'images/a.jpg',
      'images/b.jpg',
      'images/c.jpg',
      'images/c.png',
      'masks/a.png',
      'masks/c.png',
      'masks/d.png',
      'masks/b.jpg',
      'masks/notes.txt',
      'other/e.jpg',
    ]);
    expect(plan.samples.map((s) => s.image)).toEqual(['images/a.jpg', 'images/c.jpg']);
    const reasons = plan.problems.map((p) => `${p.path}:${p.reason}`).sort();
    expect(reasons).toEqual(
      [
        'images/b.jpg:missing-mask',
        'images/c.png:outside-layout',
        'masks/b.jpg:bad-mask',
        'masks/d.png:missing-image',
        'masks/notes.txt:not-an-image',
        'other/e.jpg:outside-layout',
      ].sort(),
    );
  });

  it('prefers images/ + masks/ over treating them as two classes', () => {
    const plan = planImport(['images/a.jpg', 'masks/a.png']);
    expect(plan.layout).toBe('image-mask');
  });

  it('re-imports its own export layout (images/, masks/, annotations.json)', () => {
    const plan = planImport(['annotations.json', 'images/x.png', 'masks/x.png']);
    expect(plan.layout).toBe('image-mask');
    expect(plan.problems.map((p) => p.reason)).toEqual(['not-an-image']);
    const cls = planImport(['annotations.json', 'images/A/x.png', 'images/B/y.png']);
    expect(cls.layout).toBe('imagefolder');
    expect(cls.root).toBe('images');
    expect(cls.classes).toEqual(['A', 'B']);
  });
});

describe('path helpers', () => {
  it('classifies junk, types and directories', () => {
    expect(isJunkPath('__MACOSX/a/b.jpg')).toBe(true);
    expect(isJunkPath('a/.hidden/b.jpg')).toBe(true);
    expect(isJunkPath('a/desktop.ini')).toBe(true);
    expect(isJunkPath('a/b.jpg')).toBe(false);
    expect(imageTypeFromPath('x.JPEG')).toBe('image/jpeg');
    expect(imageTypeFromPath('x.txt')).toBeUndefined();
    expect(imageTypeFromPath('png')).toBeUndefined();
    expect(normalizePath('a/b/')).toBe('');
  });
});
