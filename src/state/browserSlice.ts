// The dataset open in the browser (record + every sample's metadata) and how it is viewed.
// No per-tile state lives here: tiles load their own pixels; the store holds only what filters need.
import type { StateCreator } from 'zustand';
import type { DatasetRecord, SampleMeta, Split } from '../protocol/records';
import type { StudioState } from './store';

export type MaskMode = 'none' | 'class' | 'instance';
export type OcclusionFilter = 'any' | 'fully-visible' | 'hidden-more-than';

export interface SampleFilter {
  /** Samples containing this class (or labelled with it); null for all. */
  classId: number | null;
  split: Split | 'all';
  occlusion: OcclusionFilter;
  /** For 'hidden-more-than': samples with an instance hidden more than this fraction. */
  hiddenOver: number;
}

export interface ViewSettings {
  tileSize: number;
  mask: MaskMode;
  boxes: boolean;
  filter: SampleFilter;
}

export interface OpenDataset {
  id: string;
  status: 'loading' | 'ready' | 'error';
  record?: DatasetRecord;
  metas?: SampleMeta[];
  error?: unknown;
}

export interface BrowserSlice {
  open: OpenDataset | null;
  view: ViewSettings;
  /** A re-split or noisy-sample removal under way on the open dataset. */
  datasetOp: 'resplit' | 'remove' | null;
}

export const TILE_SIZES = [96, 144, 208] as const;

export const DEFAULT_FILTER: SampleFilter = {
  classId: null,
  split: 'all',
  occlusion: 'any',
  hiddenOver: 0.5,
};

export const createBrowserSlice: StateCreator<StudioState, [], [], BrowserSlice> = () => ({
  open: null,
  view: { tileSize: TILE_SIZES[1], mask: 'none', boxes: false, filter: DEFAULT_FILTER },
  datasetOp: null,
});
