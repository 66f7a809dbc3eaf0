// Data: which dataset, the task, the seed, and how images reach the network (size, normalisation, augmentation).
import { TASKS } from '../../core/train/config';
import { hasInstances, type DatasetRecord } from '../../protocol/records';
import { Field, fieldAria } from '../../ui/Field';
import { formatCount, plural } from '../../ui/format';
import { DiceIcon } from '../../ui/icons';
import { foregroundClasses } from '../datasets/classNames';
import { randomSeed } from '../generate/formModel';
import { CheckInput, NumberInput, Section, SelectInput, useFormKit } from './FormKit';

const TASK_LABELS: Record<string, string> = {
  classification: 'Classification',
  multilabel: 'Multi-label',
  segmentation: 'Segmentation',
};
const TASK_HINTS: Record<string, string> = {
  classification: 'One class per image.',
  multilabel: 'Every class present in the image.',
  segmentation: 'A class per pixel, from the masks.',
};

const NORMALIZATION_OPTIONS = [
  { value: 'unit', label: 'Pixels ÷ 255' },
  { value: 'imagenet', label: 'ImageNet mean and std' },
  { value: 'dataset', label: 'Mean and std of the training split' },
];

interface Props {
  datasets: DatasetRecord[];
  datasetId: string;
  onPickDataset: (id: string) => void;
  /** Said under the dataset select, e.g. that an imported config named a dataset not here. */
  datasetNote?: string;
  /** The backbone's own input side, when a pretrained model fixes it. */
  backboneSize?: number;
}

export function DataSection({ datasets, datasetId, onPickDataset, datasetNote, backboneSize }: Props) {
  const { values, errors, change, id } = useFormKit();
  const picked = datasets.find((d) => d.id === datasetId);
  const datasetError = errors.dataset_name;
  const inputSize = Number(values.input_size);
  return (
    <Section title="Data">
      <Field
        id={id('dataset_name')}
        label="Dataset"
        error={datasetError}
        className="span-2"
        hint={
          datasetNote ? (
            <span className="text-warn">{datasetNote}</span>
          ) : (
            picked && (
              <>
                {picked.kind} · {plural(picked.count, 'image')} ·{' '}
                {plural(foregroundClasses(picked).length, 'class', 'classes')} ·{' '}
                <a href={`#/datasets/${encodeURIComponent(picked.id)}`}>browse</a>
              </>
            )
          )
        }
      >
        <select
          className="select"
          value={datasetId}
          onChange={(e) => onPickDataset(e.target.value)}
          {...fieldAria(id('dataset_name'), datasetError, true)}
        >
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({formatCount(d.count)})
            </option>
          ))}
        </select>
      </Field>
      <SelectInput
        k="task"
        label="Task"
        hint={TASK_HINTS[values.task]}
        options={TASKS.map((t) => ({ value: t, label: TASK_LABELS[t] }))}
      />
      {values.task === 'multilabel' && (
        <NumberInput
          k="threshold"
          label="Label threshold"
          min={0}
          max={1}
          step={0.05}
          hint="A class is predicted at this probability."
        />
      )}
      <NumberInput
        k="random_seed"
        label="Random seed"
        className="span-2"
        min={0}
        step={1}
        placeholder="required"
        hint="Initial weights, batch order and augmentations follow from it."
      >
        <button type="button" className="btn" onClick={() => change('random_seed', String(randomSeed()))}>
          <DiceIcon />
          Randomise
        </button>
      </NumberInput>
      <NumberInput
        k="input_size"
        label="Input size"
        unit="px"
        min={8}
        max={1024}
        step={1}
        hint={
          backboneSize && backboneSize !== inputSize
            ? `The backbone sets the input: ${backboneSize} px.`
            : 'Images are resized to a square of this side.'
        }
      />
      <SelectInput k="normalization" label="Normalisation" options={NORMALIZATION_OPTIONS} />
      {picked && hasInstances(picked.kind) && (
        <NumberInput
          k="train_min_visible"
          label="Least visible instance (training)"
          className="span-2"
          min={0}
          max={1}
          step={0.05}
          hint="Training leaves out samples with an instance less visible than this fraction (0 keeps all). Validation keeps every sample: the occlusion study."
        />
      )}
      <fieldset className="subfield span-all">
        <legend>Augmentations (training split only)</legend>
        <div className="checks">
          <CheckInput k="augment.hflip" label="Horizontal flip" />
          <CheckInput k="augment.vflip" label="Vertical flip" />
          <CheckInput k="augment.rot90" label="Rotate by 90°" />
          <CheckInput k="augment.random_resized_crop" label="Random resized crop" />
        </div>
      </fieldset>
      <NumberInput
        k="augment.crop_scale_min"
        label="Smallest crop area"
        min={0.05}
        max={1}
        step={0.05}
        disabled={!values['augment.random_resized_crop']}
        hint="Fraction of the image a crop keeps, at least."
      />
      <NumberInput k="augment.brightness" label="Brightness jitter" min={0} max={1} step={0.05} />
      <NumberInput k="augment.contrast" label="Contrast jitter" min={0} max={1} step={0.05} />
      <NumberInput k="augment.saturation" label="Saturation jitter" min={0} max={1} step={0.05} />
    </Section>
  );
}
