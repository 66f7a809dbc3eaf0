import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../src/core/train/config';
import type { BackboneRecord, BackendInfo } from '../../src/protocol/runs';
import {
  BOOL_FIELDS,
  CHOICE_FIELDS,
  NUMBER_FIELDS,
  TEXT_FIELDS,
  LIST_FIELDS,
  humanize,
  initialValues,
  isShown,
  metricsFor,
  naturalMode,
  unplacedErrors,
  update,
  validate,
  valuesFromConfig,
  type FormValues,
} from '../../src/features/experiments/formModel';

function leafPaths(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leafPaths(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const seeded = (patch: Partial<FormValues> = {}): FormValues => ({
  ...initialValues(),
  random_seed: '7',
  ...patch,
});

const backbone: BackboneRecord = {
  id: 'bb1',
  name: 'tiny',
  createdAt: 0,
  inputShape: [32, 32, 3],
  layers: 5,
  featureLayers: ['conv1', 'conv2'],
  params: 1234,
  modelTopology: {},
  weightSpecs: [],
  weightData: new ArrayBuffer(0),
};

describe('experiment form model', () => {
  it('has a field for every setting of the config', () => {
    const config = {
      ...defaultConfig(),
      model: { ...defaultConfig().model, backbone: 'x', backbone_layer: 'y' },
    };
    const fields = [...NUMBER_FIELDS, ...BOOL_FIELDS, ...CHOICE_FIELDS, ...TEXT_FIELDS, ...LIST_FIELDS];
    expect(new Set(fields).size).toBe(fields.length);
    // dataset_name is the Dataset select, outside the values.
    expect([...fields].sort()).toEqual(
      leafPaths(config)
        .filter((p) => p !== 'dataset_name')
        .sort(),
    );
  });

  it('turns a config into values and back unchanged', () => {
    const configs: ExperimentConfig[] = [
      {
        ...defaultConfig('multilabel', 'Shapes', 42),
        learning_rate: 3e-4,
        optimizer: { ...defaultConfig().optimizer, eps: 1e-7 },
      },
      {
        ...defaultConfig('classification', 'Shapes', 4294967295),
        model: {
          name: 'pretrained',
          width: 8,
          depth: 2,
          upsampling: 'resize',
          dropout: 0.2,
          backbone: 'bb1',
          backbone_layer: 'conv1',
          freeze_backbone: false,
        },
        scheduler: { ...defaultConfig().scheduler, name: 'onecycle', pct_start: 0.25 },
        segmentation: {
          ...defaultConfig().segmentation,
          class_weights: [0.2, 1, 3.5],
          loss: { ce: 1, dice: 0.5, focal: 0 },
        },
        backend: 'cpu',
      },
    ];
    for (const c of configs) {
      const { errors, config } = validate(valuesFromConfig(c), { datasetName: 'Shapes' });
      expect(errors).toEqual({});
      expect(config).toEqual(c);
    }
  });

  it('reads class weights as a comma-separated list, empty for equal weights', () => {
    const ctx = { datasetName: 'Shapes' };
    expect(
      validate(seeded({ 'segmentation.class_weights': '0.5, 1,2' }), ctx).config?.segmentation.class_weights,
    ).toEqual([0.5, 1, 2]);
    expect(
      validate(seeded({ 'segmentation.class_weights': ' ' }), ctx).config?.segmentation.class_weights,
    ).toBeNull();
    expect(
      validate(seeded({ 'segmentation.class_weights': '1, x' }), ctx).errors['segmentation.class_weights'],
    ).toMatch(/Numbers separated by commas/);
  });

  it('starts from the defaults with the seed left empty, which is an error beside the seed', () => {
    const v = initialValues();
    expect(v.random_seed).toBe('');
    const { errors, config } = validate(v, { datasetName: 'Shapes' });
    expect(config).toBeUndefined();
    expect(errors).toEqual({ random_seed: 'A random seed is required.' });
    expect(validate(seeded(), { datasetName: 'Shapes' }).config?.random_seed).toBe(7);
  });

  it('keys each error by the config path of its field, in plain words', () => {
    const { errors } = validate(
      seeded({
        'optimizer.beta1': '1',
        'model.width': '999',
        batch_size: '1.5',
        epochs: '',
        learning_rate: 'fast',
        random_seed: '-1',
      }),
      { datasetName: 'Shapes' },
    );
    expect(errors).toEqual({
      'optimizer.beta1': 'Must be less than 1.',
      'model.width': 'Must be at most 256.',
      batch_size: 'Must be a whole number.',
      epochs: 'Required.',
      learning_rate: 'Must be a number.',
      random_seed: 'Must be from 0 to 4294967295.',
    });
  });

  it('asks for a dataset and for a backbone when the model is pretrained', () => {
    expect(validate(seeded()).errors).toEqual({ dataset_name: 'Pick a dataset.' });
    const { errors } = validate(seeded({ 'model.name': 'pretrained' }), { datasetName: 'Shapes' });
    expect(errors['model.backbone']).toMatch(/needs a backbone/);
  });

  it('leaves the backbone out of the config unless the model is pretrained', () => {
    const v = seeded({ 'model.backbone': 'bb1', 'model.backbone_layer': 'conv1' });
    const { config } = validate(v, { datasetName: 'Shapes' });
    expect(config?.model.backbone).toBeUndefined();
    expect(config?.model.backbone_layer).toBeUndefined();
    const pre = validate(
      { ...v, 'model.name': 'pretrained' },
      { datasetName: 'Shapes', backbones: [backbone] },
    );
    expect(pre.config?.model).toMatchObject({ name: 'pretrained', backbone: 'bb1', backbone_layer: 'conv1' });
  });

  it('checks the backend and the backbone against what this browser has', () => {
    const backends: BackendInfo[] = [
      { name: 'webgpu', available: false, detail: 'no adapter' },
      { name: 'webgl', available: true, detail: 'swiftshader' },
      { name: 'cpu', available: true, detail: '' },
    ];
    const ctx = { datasetName: 'Shapes', backends, backbones: [backbone] };
    expect(validate(seeded({ backend: 'webgpu' }), ctx).errors).toEqual({
      backend: 'webgpu is not available in this browser (no adapter).',
    });
    expect(validate(seeded({ backend: 'webgl' }), ctx).errors).toEqual({});
    const pre = seeded({ 'model.name': 'pretrained', 'model.backbone': 'gone' });
    expect(validate(pre, ctx).errors['model.backbone']).toMatch(/not in this browser/);
    const badLayer = { ...pre, 'model.backbone': 'bb1', 'model.backbone_layer': 'dense' };
    expect(validate(badLayer, ctx).errors).toEqual({
      'model.backbone_layer': '“tiny” has no feature layer “dense”.',
    });
  });

  it('offers only the metrics a task reports, and fixes the monitor when the task changes', () => {
    expect(metricsFor('classification')).not.toContain('val_map');
    expect(metricsFor('classification')).not.toContain('val_micro_f1');
    expect(metricsFor('multilabel')).toEqual(expect.arrayContaining(['val_map', 'val_micro_f1', 'val_loss']));

    let v = update(seeded({ task: 'multilabel' }), 'monitor.metric', 'val_map');
    expect(v['monitor.mode']).toBe('max');
    expect(validate(v, { datasetName: 'Shapes' }).errors).toEqual({});
    v = update(v, 'task', 'classification');
    expect([v['monitor.metric'], v['monitor.mode']]).toEqual(['val_loss', 'min']);
    // A metric both tasks report stays, with the mode the person chose.
    v = update(update(v, 'monitor.metric', 'val_accuracy'), 'monitor.mode', 'min');
    v = update(v, 'task', 'multilabel');
    expect([v['monitor.metric'], v['monitor.mode']]).toEqual(['val_accuracy', 'min']);
    expect(naturalMode('train_loss')).toBe('min');
    expect(naturalMode('val_macro_f1')).toBe('max');
  });

  it('shows only the parameters of the chosen optimiser and scheduler; errors of hidden ones are listed apart', () => {
    const v = seeded({ 'optimizer.name': 'sgd', 'optimizer.beta1': '2', 'scheduler.name': 'step' });
    expect(isShown(v, 'optimizer.momentum')).toBe(true);
    expect(isShown(v, 'optimizer.beta1')).toBe(false);
    expect(isShown(v, 'scheduler.gamma')).toBe(true);
    expect(isShown(v, 'scheduler.warmup_steps')).toBe(false);
    expect(isShown(v, 'threshold')).toBe(false);
    expect(isShown({ ...v, task: 'multilabel' }, 'threshold')).toBe(true);
    expect(isShown(v, 'learning_rate')).toBe(true);
    const { errors } = validate(v, { datasetName: 'Shapes' });
    expect(unplacedErrors(v, errors)).toEqual([['optimizer.beta1', 'Must be less than 1.']]);
    expect(unplacedErrors({ ...v, 'optimizer.name': 'adam' }, errors)).toEqual([]);
  });

  it('rewords zod messages', () => {
    expect(humanize('Too small: expected number to be >0')).toBe('Must be more than 0.');
    expect(humanize('Invalid option: expected one of "adamw"|"adam"|"sgd"')).toBe(
      'Must be one of adamw, adam, sgd.',
    );
    expect(humanize('A random seed is required.')).toBe('A random seed is required.');
  });
});
