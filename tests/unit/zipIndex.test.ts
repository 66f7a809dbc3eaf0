import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readZipDirectory, readZipEntries, type ByteReader } from '../../src/core/data/zipIndex';

function reader(bytes: Uint8Array, log?: [number, number][]): ByteReader {
  return async (start, end) => {
    log?.push([start, end]);
    return bytes.subarray(start, Math.min(end, bytes.length));
  };
}

function bytesOf(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * seed + (i >> 3)) & 255;
  return b;
}

describe('zip index', () => {
  const files: Record<string, Uint8Array> = {
    'EuroSAT/AnnualCrop/a.jpg': bytesOf(3000, 7),
    'EuroSAT/Forest/b.jpg': bytesOf(10, 3),
    'EuroSAT/Forest/empty.txt': new Uint8Array(0),
    'Ünïcödé/名前.png': bytesOf(500, 11),
  };
  const zip = zipSync(
    {
      'EuroSAT/': {},
      'EuroSAT/AnnualCrop/a.jpg': [files['EuroSAT/AnnualCrop/a.jpg'], { level: 6 }],
      'EuroSAT/Forest/b.jpg': [files['EuroSAT/Forest/b.jpg'], { level: 0 }],
      'EuroSAT/Forest/empty.txt': files['EuroSAT/Forest/empty.txt'],
      'Ünïcödé/名前.png': [files['Ünïcödé/名前.png'], { level: 9 }],
    },
    { comment: 'a comment at the end' },
  );

  it('lists file entries (not directories) with their names', async () => {
    const entries = await readZipDirectory(reader(zip), zip.length);
    expect(entries.map((e) => e.name)).toEqual(Object.keys(files));
    expect(entries.find((e) => e.name === 'EuroSAT/Forest/b.jpg')?.method).toBe(0);
    expect(entries[0].size).toBe(3000);
  });

  it('reads entries in any order, nearby ones in one read', async () => {
    const entries = await readZipDirectory(reader(zip), zip.length);
    const log: [number, number][] = [];
    const wanted = [entries[3], entries[0], entries[2], entries[1]];
    const data = await readZipEntries(reader(zip, log), wanted);
    expect(data.map((d) => (d.ok ? [...d.bytes] : d.detail))).toEqual(wanted.map((e) => [...files[e.name]]));
    expect(log).toHaveLength(1);

    const log2: [number, number][] = [];
    const small = await readZipEntries(reader(zip, log2), wanted, { maxWindow: 1 });
    expect(small.every((d) => d.ok)).toBe(true);
    expect(log2).toHaveLength(4);
  });

  it('reports a damaged entry without failing the others', async () => {
    const entries = await readZipDirectory(reader(zip), zip.length);
    const broken = zip.slice();
    const a = entries[0];
    // Overwrite the start of a.jpg's deflate stream with an invalid block type.
    const dataStart = a.offset + 30 + a.nameBytes;
    broken.fill(0xff, dataStart, dataStart + 8);
    const data = await readZipEntries(reader(broken), entries);
    expect(data[0].ok).toBe(false);
    expect(data.slice(1).every((d) => d.ok)).toBe(true);
  });

  it('refuses files that are not zips', async () => {
    const junk = strToU8('not a zip at all, just text that goes on for a while');
    await expect(readZipDirectory(reader(junk), junk.length)).rejects.toMatchObject({ code: 'bad-file' });
    await expect(readZipDirectory(reader(new Uint8Array(3)), 3)).rejects.toMatchObject({ code: 'bad-file' });
    const cut = zip.subarray(0, zip.length - 30);
    await expect(readZipDirectory(reader(cut), cut.length)).rejects.toMatchObject({ code: 'bad-file' });
  });

  it('lists every entry even when the 16-bit entry count has wrapped (more than 65,535 files)', async () => {
    const wrapped = zip.slice();
    let e = wrapped.length - 22;
    while (!(wrapped[e] === 0x50 && wrapped[e + 1] === 0x4b && wrapped[e + 2] === 5 && wrapped[e + 3] === 6))
      e--;
    wrapped[e + 8] = wrapped[e + 10] = 1; // 65,537 entries would be stored as 1
    wrapped[e + 9] = wrapped[e + 11] = 0;
    expect((await readZipDirectory(reader(wrapped), wrapped.length)).map((x) => x.name)).toEqual(
      Object.keys(files),
    );
  });

  it('reads zip64 directories', async () => {
    const z = zip64Stored('big/x.bin', bytesOf(100, 5));
    const entries = await readZipDirectory(reader(z), z.length);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ name: 'big/x.bin', size: 100, compressedSize: 100, offset: 0 });
    const [d] = await readZipEntries(reader(z), entries);
    expect(d.ok && [...d.bytes]).toEqual([...bytesOf(100, 5)]);
  });
});

/** A one-entry stored zip that uses the zip64 records (sizes and offset in the zip64 extra field). */
function zip64Stored(name: string, data: Uint8Array): Uint8Array {
  const nameBytes = strToU8(name);
  const out: number[] = [];
  /** Little-endian fields, each [byte width, value]. */
  const put = (...fields: [number, number][]) => {
    for (const [width, v] of fields)
      for (let i = 0; i < width; i++) out.push(Math.floor(v / 2 ** (8 * i)) & 255);
  };
  const FF = 0xffffffff;
  // local header, name, zip64 extra (sizes), data
  put(
    [4, 0x04034b50],
    [2, 45],
    [2, 0],
    [2, 0],
    [2, 0],
    [2, 0],
    [4, 0],
    [4, FF],
    [4, FF],
    [2, nameBytes.length],
    [2, 20],
  );
  out.push(...nameBytes);
  put([2, 1], [2, 16], [8, data.length], [8, data.length]);
  out.push(...data);
  // central directory entry with a zip64 extra (sizes and offset)
  const cdStart = out.length;
  put([4, 0x02014b50], [2, 45], [2, 45], [2, 0], [2, 0], [2, 0], [2, 0], [4, 0], [4, FF], [4, FF]);
  put([2, nameBytes.length], [2, 28], [2, 0], [2, 0], [2, 0], [4, 0], [4, FF]);
  out.push(...nameBytes);
  put([2, 1], [2, 24], [8, data.length], [8, data.length], [8, 0]);
  const cdSize = out.length - cdStart;
  // zip64 end record, its locator, and an end record pointing to them
  const eocd64 = out.length;
  put([4, 0x06064b50], [8, 44], [2, 45], [2, 45], [4, 0], [4, 0], [8, 1], [8, 1], [8, cdSize], [8, cdStart]);
  put([4, 0x07064b50], [4, 0], [8, eocd64], [4, 1]);
  put([4, 0x06054b50], [2, 0], [2, 0], [2, 0xffff], [2, 0xffff], [4, FF], [4, FF], [2, 0]);
  return new Uint8Array(out);
}
