// JSON text that keeps the order of Map keys (a plain object would put keys like "2" before "0", and
// report rows must stay in report order), writes non-finite numbers as null, and keeps rows of numbers
// (matrices) on one line each so a 45-class matrix stays readable.

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalar(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (v === undefined) return 'null';
  return JSON.stringify(v);
}

export function jsonText(value: unknown, indent = 2): string {
  const write = (v: unknown, depth: number): string => {
    if (isPrimitive(v)) return scalar(v);
    const pad = ' '.repeat(indent * (depth + 1));
    const end = ' '.repeat(indent * depth);
    if (Array.isArray(v)) {
      if (v.every(isPrimitive)) return `[${v.map(scalar).join(', ')}]`;
      return `[\n${v.map((x) => pad + write(x, depth + 1)).join(',\n')}\n${end}]`;
    }
    const entries =
      v instanceof Map
        ? [...(v as Map<unknown, unknown>).entries()].map(([k, x]) => [String(k), x] as const)
        : Object.entries(v as object).filter(([, x]) => x !== undefined);
    if (!entries.length) return '{}';
    return `{\n${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${write(x, depth + 1)}`).join(',\n')}\n${end}}`;
  };
  return write(value, 0) + '\n';
}
