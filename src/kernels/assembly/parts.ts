// Work split across threads: every kernel that can be split takes `part` and `parts` last and does the
// units [first(part), first(part + 1)) of its work, disjoint from the other parts' (no reduction
// between threads). parts 1 is the whole kernel on one thread.

/** The first unit of `part` when `units` are split into `parts` contiguous, near-equal ranges. */
@inline
export function first(units: i32, part: i32, parts: i32): i32 {
  return <i32>((<i64>units * part) / parts);
}
