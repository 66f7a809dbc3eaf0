// A sample fitted into a square box, with the mask and box overlays stacked exactly over the image.
import type { SampleMeta } from '../../protocol/records';
import type { MaskMode } from '../../state/browserSlice';
import { BoxesSvg } from './BoxesSvg';
import { MaskCanvas } from './MaskCanvas';
import type { CachedSample } from './sampleCache';

interface Props {
  meta: SampleMeta;
  /** undefined while loading, null when the sample's bytes are missing. */
  entry: CachedSample | null | undefined;
  box: number;
  mask: MaskMode;
  boxes: boolean;
  boxLabels?: boolean;
}

export function SampleImage({ meta, entry, box, mask, boxes, boxLabels }: Props) {
  const scale = Math.min(box / Math.max(1, meta.width), box / Math.max(1, meta.height));
  const w = Math.max(1, Math.round(meta.width * scale));
  const h = Math.max(1, Math.round(meta.height * scale));
  return (
    <span className="sample-box" style={{ width: box, height: box }}>
      <span className="sample-frame" style={{ width: w, height: h }}>
        {entry === undefined && <span className="sample-loading" />}
        {entry === null && <span className="sample-missing">missing</span>}
        {entry && <img src={entry.url} alt="" width={w} height={h} draggable={false} decoding="async" />}
        {entry && mask !== 'none' && <MaskCanvas entry={entry} mode={mask} />}
        {boxes && <BoxesSvg meta={meta} labels={boxLabels} />}
      </span>
    </span>
  );
}
