// Model: the architecture and its size, or an imported pretrained backbone with a new head.
import { MODEL_NAMES, SEGMENTATION_MODELS } from '../../core/train/config';
import type { BackboneRecord } from '../../protocol/runs';
import { formatCount } from '../../ui/format';
import { BackboneImport, type BackboneImportState } from './BackboneImport';
import { CheckInput, NumberInput, Section, SelectInput, useFormKit } from './FormKit';

const MODEL_LABELS: Record<string, string> = {
  cnn: 'CNN',
  resnet: 'ResNet',
  mobilenetv2: 'MobileNetV2',
  unet: 'U-Net',
  pretrained: 'Pretrained backbone',
};
const MODEL_HINTS: Record<string, string> = {
  cnn: 'Conv–BN–ReLU–pool stages.',
  resnet: 'One residual block per stage.',
  mobilenetv2: 'Inverted residual blocks (segmentation: with a light decoder).',
  unet: 'Encoder-decoder with skip connections, for segmentation.',
  pretrained: 'An imported model, with a new head.',
};

interface Props {
  backbones: BackboneRecord[] | null;
  backboneImport: BackboneImportState;
  onImportBackbone: (files: File[]) => void;
}

export function ModelSection({ backbones, backboneImport, onImportBackbone }: Props) {
  const { values } = useFormKit();
  const pretrained = values['model.name'] === 'pretrained';
  const backbone = backbones?.find((b) => b.id === values['model.backbone']);
  const sizeHint = pretrained ? 'Not used by a pretrained backbone.' : undefined;
  return (
    <Section title="Model">
      <SelectInput
        k="model.name"
        label="Model"
        hint={MODEL_HINTS[values['model.name']]}
        options={MODEL_NAMES.filter((m) =>
          values.task === 'segmentation' ? SEGMENTATION_MODELS.includes(m) : m !== 'unet',
        ).map((m) => ({
          value: m,
          label: MODEL_LABELS[m],
        }))}
      />
      <NumberInput
        k="model.width"
        label="Width"
        min={2}
        max={256}
        step={1}
        disabled={pretrained}
        hint={sizeHint ?? 'Channels of the first stage; each stage doubles them.'}
      />
      <NumberInput
        k="model.depth"
        label="Depth"
        min={1}
        max={6}
        step={1}
        disabled={pretrained}
        hint={sizeHint ?? 'Stages; each halves the resolution.'}
      />
      {values['model.name'] === 'unet' && (
        <SelectInput
          k="model.upsampling"
          label="Upsampling"
          hint="How the decoder doubles the resolution."
          options={[
            { value: 'transpose', label: 'Transposed convolution' },
            { value: 'resize', label: 'Bilinear resize + conv' },
          ]}
        />
      )}
      {values.task !== 'segmentation' && (
        <NumberInput
          k="model.dropout"
          label="Dropout"
          min={0}
          max={0.9}
          step={0.05}
          hint="Before the classification head."
        />
      )}
      {pretrained && (
        <>
          <SelectInput
            k="model.backbone"
            label="Backbone"
            className="span-2"
            options={[
              { value: '', label: backbones?.length ? 'Choose an imported backbone' : 'Import one below' },
              ...(backbones ?? []).map((b) => ({
                value: b.id,
                label: `${b.name} · ${b.inputShape.join('×')} · ${formatCount(b.layers)} layers · ${formatCount(b.params)} parameters`,
              })),
            ]}
          />
          <SelectInput
            k="model.backbone_layer"
            label="Feature layer"
            disabled={!backbone}
            hint="Its output feeds the new head."
            options={[
              { value: '', label: 'Last feature map' },
              ...(backbone?.featureLayers ?? []).map((l) => ({ value: l, label: l })),
            ]}
          />
          <div className="field exp-check-field">
            <CheckInput k="model.freeze_backbone" label="Freeze the backbone" />
            <p className="field-hint">Only the new head trains.</p>
          </div>
          {backbone && <BackboneFacts backbone={backbone} />}
        </>
      )}
      {/* Always mounted: the file input must exist for a picker (or a test) before "pretrained" is chosen. */}
      <BackboneImport state={backboneImport} onFiles={onImportBackbone} visible={pretrained} />
    </Section>
  );
}

function BackboneFacts({ backbone }: { backbone: BackboneRecord }) {
  return (
    <dl className="facts exp-backbone-facts span-all" data-testid="backbone-facts">
      <div>
        <dt>Backbone</dt>
        <dd>{backbone.name}</dd>
      </div>
      <div>
        <dt>Input shape</dt>
        <dd className="num">{backbone.inputShape.join(' × ')}</dd>
      </div>
      <div>
        <dt>Layers</dt>
        <dd className="num">{formatCount(backbone.layers)}</dd>
      </div>
      <div>
        <dt>Parameters</dt>
        <dd className="num">{formatCount(backbone.params)}</dd>
      </div>
    </dl>
  );
}
