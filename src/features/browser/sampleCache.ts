// Sample bytes and their object URLs for the tiles on screen, plus a small LRU of recently seen ones.
// Tiles pin what they show; unpinned entries are evicted oldest-first past CAPACITY, and every URL is
// revoked on eviction, so memory stays bounded however far the grid scrolls.
import { decodePng, type DecodedPng } from '../../core/formats/png';
import type { SampleData } from '../../protocol/records';
import { readSample } from '../../storage';

export interface CachedSample {
  url: string;
  data: SampleData;
  /** Decoded masks, filled on first use (decoding is the costly part of an overlay). */
  masks: { class?: DecodedPng | null; instance?: DecodedPng | null };
}

interface Slot {
  datasetId: string;
  promise: Promise<CachedSample | null>;
  value?: CachedSample | null;
  pins: number;
}

/** Unpinned entries kept; tiles on screen are pinned on top of these. */
const CAPACITY = 240;
/** Masks larger than this are decoded per view but not kept. */
const KEEP_MASK_PIXELS = 512 * 512;

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
  if (s.value) URL.revokeObjectURL(s.value.url);
}

/**
 * Forgets a dataset's entries (its page closed): unpinned ones now, pinned ones when released (tiles
 * unmount after their parent's cleanup has run).
 */
export function clearDataset(datasetId: string): void {
  closed.add(datasetId);
  for (const [key, s] of slots) if (s.datasetId === datasetId && s.pins === 0) drop(key, s);
}

/** The sample's class map or instance map, decoded once; null when the sample has none. */
export function maskOf(entry: CachedSample, kind: 'class' | 'instance'): DecodedPng | null {
  const cached = entry.masks[kind];
  if (cached !== undefined) return cached;
  const bytes = kind === 'class' ? entry.data.mask : entry.data.instanceMap;
  let decoded: DecodedPng | null = null;
  if (bytes) {
    try {
      decoded = decodePng(new Uint8Array(bytes));
    } catch {
      decoded = null;
    }
  }
  if (!decoded || decoded.width * decoded.height <= KEEP_MASK_PIXELS) entry.masks[kind] = decoded;
  return decoded;
}
