import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/train/config';
import {
  configFileName,
  configJson,
  isModelJson,
  readConfigText,
  unknownKeys,
} from '../../src/features/experiments/configFile';

describe('experiment config files', () => {
  it('reads back exactly what it exports', () => {
    const c = {
      ...defaultConfig('multilabel', 'Shapes', 9),
      epochs: 3,
      scheduler: { ...defaultConfig().scheduler, name: 'step' as const },
    };
    const read = readConfigText(configJson(c), 'a.json', 'Other');
    expect(read).toEqual({ ok: true, config: c });
  });

  it('names the file when it is not JSON, or not an object', () => {
    const read = readConfigText('{ "epochs": 3,', 'run.config.json', 'Shapes');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0].path).toBe('');
    expect(read.problems[0].message).toMatch(/^“run\.config\.json” is not a JSON file/);
    const list = readConfigText('[1, 2]', 'list.json', 'Shapes');
    expect(list).toEqual({
      ok: false,
      problems: [{ path: '', message: '“list.json” holds a list, not a config object.' }],
    });
  });

  it('lists every bad and unknown setting with its path', () => {
    const text = JSON.stringify({
      random_seed: 1,
      learning_rate: -1,
      learning_rat: 0.1,
      optimizer: { beta1: 2, betaa: 0.9 },
      epochs: 'ten',
      model: { name: 'vgg' },
    });
    const read = readConfigText(text, 'bad.json', 'Shapes');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const byPath = Object.fromEntries(read.problems.map((p) => [p.path, p.message]));
    expect(byPath).toEqual({
      learning_rat: 'Not a setting of the experiment config.',
      'optimizer.betaa': 'Not a setting of the experiment config.',
      learning_rate: 'Must be more than 0.',
      'optimizer.beta1': 'Must be less than 1.',
      epochs: 'Must be a number.',
      'model.name': 'Must be one of cnn, resnet, mobilenetv2, unet, pretrained.',
    });
  });

  it('fills what a hand-written file leaves out: defaults, and the dataset picked on the page', () => {
    const read = readConfigText('{"random_seed": 5, "epochs": 2}', 'short.json', 'Shapes');
    expect(read).toEqual({
      ok: true,
      config: { ...defaultConfig('classification', 'Shapes', 5), epochs: 2 },
    });
    const named = readConfigText('{"random_seed": 5, "dataset_name": "EuroSAT"}', 'n.json', 'Shapes');
    expect(named.ok && named.config.dataset_name).toBe('EuroSAT');
    const noSeed = readConfigText('{"epochs": 2}', 'n.json', 'Shapes');
    expect(noSeed).toEqual({
      ok: false,
      problems: [{ path: 'random_seed', message: 'A random seed is required.' }],
    });
    const negative = readConfigText('{"random_seed": -3}', 'n.json', 'Shapes');
    expect(negative).toEqual({
      ok: false,
      problems: [{ path: 'random_seed', message: 'Must be from 0 to 4294967295.' }],
    });
  });

  it('knows the optional backbone keys', () => {
    expect(
      unknownKeys({ model: { backbone: 'x', backbone_layer: 'y', depht: 3 }, augment: { hflip: true } }),
    ).toEqual(['model.depht']);
  });

  it('names the file after the dataset and the task, safely', () => {
    expect(configFileName('Shapes', 'multilabel')).toBe('Shapes-multilabel.config.json');
    expect(configFileName('a/b: c', 'classification')).toBe('a_b_ c-classification.config.json');
  });

  it('tells a tfjs model.json from a config', () => {
    expect(isModelJson('{"modelTopology": {}, "weightsManifest": []}')).toBe(true);
    expect(isModelJson(configJson(defaultConfig()))).toBe(false);
    expect(isModelJson('not json')).toBe(false);
  });
});
