import type { DatasetRecord } from '../../protocol/records';

/** The classes a person would count: background (class 0 of masks) is not one of them. */
export function foregroundClasses(rec: Pick<DatasetRecord, 'classes' | 'kind'>): string[] {
  return rec.kind !== 'classification' && rec.classes[0] === 'background'
    ? rec.classes.slice(1)
    : rec.classes;
}

export const KIND_NAMES: Record<DatasetRecord['kind'], string> = {
  shapes: 'shapes',
  instances: 'instances',
  classification: 'classification',
  segmentation: 'segmentation',
};
