// Sample bytes and their object URLs for the tiles on screen, plus a small LRU of recently seen ones.
// Tiles pin what they show; unpinned entries are evicted oldest-first past CAPACITY, and every URL is
// revoked on eviction, so memory stays bounded however far the grid scrolls.
import { maskBitmap } from '../../client/overlay';
import type { SampleData } from '../../protocol/records';
import { readSample } from '../../storage';

export interface CachedSample {
  url: string;
  data: SampleData;
  /** Mask overlays, coloured by the overlay worker on first use; closed when the entry is evicted. */
  masks: { class?: Promise<ImageBitmap | null>; instance?: Promise<ImageBitmap | null> };
}

interface Slot {
  datasetId: string;
  promise: Promise<CachedSample | null>;
  value?: CachedSample | null;
  pins: number;
}

/** Unpinned entries kept; tiles on screen are pinned on top of these. */
const CAPACITY = 240;

// Map iteration order is insertion order: re-inserting on use makes the first entries the least recent.
const slots = new Map<string, Slot>();
/** Datasets whose page closed: their entries are dropped as soon as the last tile lets go. */
const closed = new Set<string>();

const keyOf = (datasetId: string, index: number) => `${datasetId}/${index}`;

/** The entry if already loaded, without pinning it. */
export function peekSample(datasetId: string, index: number): CachedSample | null | undefined {
  return slots.get(keyOf(datasetId, index))?.value;
}

export function acquireSample(datasetId: string, index: number): Promise<CachedSample | null> {
  const key = keyOf(datasetId, index);
  closed.delete(datasetId);
  let slot = slots.get(key);
  if (slot) slots.delete(key);
  else {
    const created: Slot = { datasetId, pins: 0, promise: Promise.resolve(null) };
    created.promise = readSample(datasetId, index).then(
      (data) => {
        const value = data
          ? { url: URL.createObjectURL(new Blob([data.image], { type: data.imageType })), data, masks: {} }
          : null;
        // Evicted while loading: nobody will revoke it later, so do it now.
        if (slots.get(key) !== created && value) URL.revokeObjectURL(value.url);
        created.value = value;
        return value;
      },
      () => (created.value = null),
    );
    slot = created;
  }
  slot.pins++;
  slots.set(key, slot);
  return slot.promise;
}

export function releaseSample(datasetId: string, index: number): void {
  const key = keyOf(datasetId, index);
  const slot = slots.get(key);
  if (!slot) return;
  slot.pins = Math.max(0, slot.pins - 1);
  if (slot.pins === 0 && closed.has(datasetId)) drop(key, slot);
  else if (slot.pins === 0) {
    slots.delete(key);
    slots.set(key, slot);
    evict();
  }
}

function evict(): void {
  let unpinned = 0;
  for (const s of slots.values()) if (s.pins === 0) unpinned++;
  for (const [key, s] of slots) {
    if (unpinned <= CAPACITY) break;
    if (s.pins > 0) continue;
    drop(key, s);
    unpinned--;
  }
}

function drop(key: string, s: Slot): void {
  slots.delete(key);
  if (!s.value) return;
  URL.revokeObjectURL(s.value.url);
  for (const bitmap of Object.values(s.value.masks)) void bitmap?.then((b) => b?.close());
}

/**
 * Forgets a dataset's entries (its page closed): unpinned ones now, pinned ones when released (tiles
 * unmount after their parent's cleanup has run).
 */
export function clearDataset(datasetId: string): void {
  closed.add(datasetId);
  for (const [key, s] of slots) if (s.datasetId === datasetId && s.pins === 0) drop(key, s);
}

/** Whether the sample has a mask of this kind to overlay. */
export function hasMask(entry: CachedSample, kind: 'class' | 'instance'): boolean {
  return !!(kind === 'class' ? entry.data.mask : entry.data.instanceMap);
}

/** The sample's class map or instance map as an overlay bitmap, made once per entry in the worker. */
export function maskOf(entry: CachedSample, kind: 'class' | 'instance'): Promise<ImageBitmap | null> {
  const bytes = kind === 'class' ? entry.data.mask : entry.data.instanceMap;
  if (!bytes) return Promise.resolve(null);
  return (entry.masks[kind] ??= maskBitmap(bytes, kind).catch(() => null));
}
