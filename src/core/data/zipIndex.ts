// Random access to a zip through its central directory: list the entries from the end of the file, then
// read just the entries a batch needs (nearby entries in one read). Why not fflate's streaming Unzip:
// it yields entries in file order, so an image + mask zip (all images, then all masks) would have to keep
// every image in memory until its mask comes; with the directory, an import holds one batch at a time.
// Decompression is fflate's. Zip64 is read; encrypted entries and methods other than store/deflate are not.
import { inflateSync } from 'fflate';
import { TilewrightError } from '../errors';

/** Reads bytes [start, end) of the archive (e.g. `file.slice(start, end).arrayBuffer()`). */
export type ByteReader = (start: number, end: number) => Promise<Uint8Array>;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
  /** Length of the name in bytes (the local header repeats it). */
  nameBytes: number;
}

export type EntryData = { ok: true; bytes: Uint8Array } | { ok: false; detail: string };

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const u16 = (b: Uint8Array, p: number) => b[p] | (b[p + 1] << 8);
const u32 = (b: Uint8Array, p: number) =>
  (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, p: number) => u32(b, p) + u32(b, p + 4) * 2 ** 32;

function badZip(message: string, subject?: string): TilewrightError {
  return new TilewrightError('bad-file', `Zip: ${message}`, subject);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeName(bytes: Uint8Array, flags: number): string {
  if (flags & 0x800) return new TextDecoder().decode(bytes);
  // Many archivers write UTF-8 without setting the flag; fall back to a single-byte code page.
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** Lists the file entries of a zip (directories left out), in central-directory order. */
export async function readZipDirectory(read: ByteReader, size: number): Promise<ZipEntry[]> {
  if (size < 22) throw badZip('file is too small to be a zip');
  const tailStart = Math.max(0, size - 22 - 0xffff - 20);
  const tail = await read(tailStart, size);
  let e = -1;
  for (let p = tail.length - 22; p >= 0; p--) {
    if (u32(tail, p) === EOCD && p + 22 + u16(tail, p + 20) <= tail.length) {
      e = p;
      break;
    }
  }
  if (e < 0) throw badZip('no end-of-directory record (not a zip, or cut short)');
  let count = u16(tail, e + 10);
  let cdSize = u32(tail, e + 12);
  let cdOffset = u32(tail, e + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = e - 20;
    if (loc < 0 || u32(tail, loc) !== EOCD64_LOCATOR) throw badZip('zip64 archive without its locator');
    const recOffset = u64(tail, loc + 8);
    const rec = await read(recOffset, recOffset + 56);
    if (u32(rec, 0) !== EOCD64) throw badZip('zip64 end record not found');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (cdOffset + cdSize > size) throw badZip('central directory runs past the end of the file');
  const cd = await read(cdOffset, cdOffset + cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  // Walk the directory by its size rather than the entry count: writers without zip64 (fflate among them)
  // store the count in 16 bits, so archives of more than 65,535 files carry a wrapped count.
  for (let i = 0; p < cd.length; i++) {
    if (p + 46 > cd.length || u32(cd, p) !== CENTRAL) {
      if (i >= count) break;
      throw badZip(`central directory entry ${i} is damaged`);
    }
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    let compressedSize = u32(cd, p + 20);
    let uncompressed = u32(cd, p + 24);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    let offset = u32(cd, p + 42);
    const name = decodeName(cd.subarray(p + 46, p + 46 + nameLen), flags);
    // Zip64 extra field: the 64-bit values of the fields set to 0xffffffff, in this order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(cd, x);
      const len = u16(cd, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressed === 0xffffffff) {
          uncompressed = u64(cd, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(cd, q);
          q += 8;
        }
        if (offset === 0xffffffff) offset = u64(cd, q);
      }
      x += 4 + len;
    }
    p = xEnd + commentLen;
    if (!name.endsWith('/'))
      entries.push({ name, method, flags, compressedSize, size: uncompressed, offset, nameBytes: nameLen });
  }
  return entries;
}

/** Slack read past an entry's data for a local extra field longer than expected (timestamps, zip64). */
const LOCAL_SLACK = 1024;

function dataSpan(e: ZipEntry): number {
  return 30 + e.nameBytes + LOCAL_SLACK + e.compressedSize;
}

/**
 * Reads and decompresses the given entries; entries that lie close together are fetched in one read of at
 * most `maxWindow` bytes. The result is aligned with `entries`; a damaged entry gets {ok:false} and does
 * not stop the others.
 */
export async function readZipEntries(
  read: ByteReader,
  entries: readonly ZipEntry[],
  opts: { maxWindow?: number; maxGap?: number } = {},
): Promise<EntryData[]> {
  const maxWindow = opts.maxWindow ?? 16 << 20;
  const maxGap = opts.maxGap ?? 256 << 10;
  const order = entries.map((_, i) => i).sort((a, b) => entries[a].offset - entries[b].offset);
  const out = new Array<EntryData>(entries.length);

  // Group into windows [start, end) of nearby entries.
  const windows: { start: number; end: number; members: number[] }[] = [];
  for (const i of order) {
    const e = entries[i];
    const end = e.offset + dataSpan(e);
    const w = windows[windows.length - 1];
    if (w && e.offset <= w.end + maxGap && Math.max(end, w.end) - w.start <= maxWindow) {
      w.end = Math.max(w.end, end);
      w.members.push(i);
    } else windows.push({ start: e.offset, end, members: [i] });
  }

  await Promise.all(
    windows.map(async (w) => {
      const buf = await read(w.start, w.end);
      for (const i of w.members) {
        const e = entries[i];
        try {
          let local = buf.subarray(e.offset - w.start);
          let dataStart = localDataStart(local, e);
          if (dataStart + e.compressedSize > local.length) {
            // Local extra field longer than the slack, or a short read at the end of the file: read this entry alone.
            local = await read(e.offset, e.offset + dataStart + e.compressedSize);
            dataStart = localDataStart(local, e);
          }
          out[i] = {
            ok: true,
            bytes: decompress(local.subarray(dataStart, dataStart + e.compressedSize), e),
          };
        } catch (err) {
          out[i] = { ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      }
    }),
  );
  return out;
}

function localDataStart(local: Uint8Array, e: ZipEntry): number {
  if (local.length < 30 || u32(local, 0) !== LOCAL)
    throw badZip(`local header of ${e.name} not found`, e.name);
  return 30 + u16(local, 26) + u16(local, 28);
}

function decompress(data: Uint8Array, e: ZipEntry): Uint8Array {
  if (data.length < e.compressedSize) throw badZip(`${e.name} is cut short`, e.name);
  if (e.flags & 1) throw badZip(`${e.name} is encrypted`, e.name);
  if (e.method === 0) return data.slice();
  if (e.method === 8) {
    const out = inflateSync(data, { out: new Uint8Array(e.size) });
    if (out.length !== e.size)
      throw badZip(`${e.name} decompressed to ${out.length} bytes, expected ${e.size}`, e.name);
    return out;
  }
  throw badZip(
    `${e.name} uses compression method ${e.method} (only stored and deflated entries are supported)`,
    e.name,
  );
}
