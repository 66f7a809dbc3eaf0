// Segmentation: what the masks are turned into (every class, or rectangles against the rest), the loss
// as a weighted sum of cross-entropy, Dice and focal, class weights, the unlabelled value, and the
// boundary channel that splits touching instances.
import { Field, fieldAria } from '../../ui/Field';
import { NumberInput, Section, SelectInput, useFormKit } from './FormKit';

export function SegmentationSection() {
  const { values, errors, change, id } = useFormKit();
  const k = 'segmentation.class_weights';
  return (
    <Section title="Segmentation" testId="segmentation-section">
      <SelectInput
        k="segmentation.target"
        label="Target"
        hint="What each pixel is labelled with."
        options={[
          { value: 'classes', label: 'Every class (background first)' },
          { value: 'rectangles', label: 'Rectangles only (binary)' },
        ]}
      />
      <NumberInput
        k="segmentation.ignore_index"
        label="Unlabelled value"
        min={0}
        max={255}
        step={1}
        hint="Mask pixels of this value count in no loss or metric."
      />
      <NumberInput k="segmentation.loss.ce" label="Cross-entropy weight" min={0} step={0.1} />
      <NumberInput k="segmentation.loss.dice" label="Dice weight" min={0} step={0.1} />
      <NumberInput k="segmentation.loss.focal" label="Focal weight" min={0} step={0.1} />
      {Number(values['segmentation.loss.focal']) > 0 && (
        <NumberInput k="segmentation.focal_gamma" label="Focal γ" min={0} max={10} step={0.5} />
      )}
      <Field
        id={id(k)}
        label="Class weights"
        error={errors[k]}
        className="span-2"
        hint="Cross-entropy and focal weight per class, background first, e.g. 0.5, 1, 2; empty for equal."
      >
        <input
          className="input"
          value={values[k]}
          placeholder="equal"
          onChange={(e) => change(k, e.target.value)}
          {...fieldAria(id(k), errors[k], true)}
        />
      </Field>
      <SelectInput
        k="segmentation.separation"
        label="Instance separation"
        hint="A boundary channel learns where instances touch, so touching or overlapping ones split apart (needs instance maps: shapes or COCO)."
        options={[
          { value: 'none', label: 'Connected components only' },
          { value: 'boundary', label: 'Learned boundary channel' },
        ]}
      />
      {values['segmentation.separation'] === 'boundary' && (
        <>
          <NumberInput k="segmentation.boundary_weight" label="Boundary loss weight" min={0} step={0.1} />
          <NumberInput
            k="segmentation.boundary_pos_weight"
            label="Boundary pixel weight"
            min={0}
            step={0.5}
            hint="Weight of boundary pixels in their loss: they are few."
          />
        </>
      )}
    </Section>
  );
}
