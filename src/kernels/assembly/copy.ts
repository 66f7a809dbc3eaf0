import { first } from './parts';

/**
 * Copies `bytes` bytes from each of `rows` rows of src (rows `srcStride` bytes apart) to dst (rows
 * `dstStride` bytes apart): one input's columns into a concatenation, or a split's columns out of one.
 * Rows are short in a U-Net's channel concatenation (tens of bytes), so they go by 16-byte vectors rather
 * than one memory.copy each. Split across threads by rows.
 */
export function copyColumns(src: usize, srcStride: i32, dst: usize, dstStride: i32, rows: i32, bytes: i32, part: i32, parts: i32): void {
  const r1 = first(rows, part + 1, parts);
  for (let r = first(rows, part, parts); r < r1; r++) {
    const s = src + (<usize>r) * (<usize>srcStride);
    const d = dst + (<usize>r) * (<usize>dstStride);
    if (bytes >= 256) {
      memory.copy(d, s, <usize>bytes);
      continue;
    }
    let b = 0;
    for (; b + 16 <= bytes; b += 16) v128.store(d + b, v128.load(s + b));
    for (; b + 4 <= bytes; b += 4) store<u32>(d + b, load<u32>(s + b));
    for (; b < bytes; b++) store<u8>(d + b, load<u8>(s + b));
  }
}
