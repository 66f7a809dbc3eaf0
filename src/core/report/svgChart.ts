// A line chart as an SVG string, for reports that must open offline without scripts: axes with round
// ticks, one polyline per series, a legend. Series are downsampled by the caller if long.
import type { Chart } from './document';
import { escapeHtml } from './escape';

const W = 460;
const H = 230;
const M = { top: 12, right: 14, bottom: 38, left: 52 };
export const PALETTE = ['#2f64e0', '#e07a1f', '#1c7c4d', '#b8336a', '#6b4fbb', '#8a6d00', '#0f7c8c'];

/** About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

function tickText(v: number, percent: boolean): string {
  if (percent) return `${Number((v * 100).toPrecision(3))}%`;
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

export function svgChart(c: Chart): string {
  const pts = c.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  // A reliability diagram (diagonal) spans the whole 0..1 confidence range on both axes.
  let [x0, x1] = c.diagonal || !xs.length ? [0, 1] : [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = c.percent ? [0, 1] : ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - Math.abs(y0 || 1) * 0.1, y1 + Math.abs(y1 || 1) * 0.1];
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => M.top + (1 - (y - y0) / (y1 - y0)) * ph;
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [];
  for (const t of niceTicks(y0, y1)) {
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#eef0f2"/>`,
    );
    parts.push(
      `<text x="${M.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${escapeHtml(tickText(t, !!c.percent))}</text>`,
    );
  }
  for (const t of niceTicks(x0, x1))
    parts.push(
      `<text x="${f(sx(t))}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeHtml(tickText(t, !!c.diagonal))}</text>`,
    );
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#9aa3b0"/>`,
    `<text x="${M.left + pw / 2}" y="${H - 4}" text-anchor="middle" fill="#687384">${escapeHtml(c.xLabel)}</text>`,
  );
  if (c.diagonal)
    parts.push(
      `<line x1="${f(sx(Math.max(x0, y0)))}" y1="${f(sy(Math.max(x0, y0)))}" x2="${f(sx(Math.min(x1, y1)))}" y2="${f(sy(Math.min(x1, y1)))}" stroke="#9aa3b0" stroke-dasharray="4 4"/>`,
    );
  c.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const ok = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (ok.length > 1)
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${ok.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`,
      );
    if (ok.length < 40)
      for (const p of ok)
        parts.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="2.5" fill="${color}"/>`);
  });
  const legend = c.series
    .map(
      (s, i) =>
        `<span class="key"><i style="background:${PALETTE[i % PALETTE.length]}"></i>${escapeHtml(s.name)}</span>`,
    )
    .join('');
  return (
    `<figure class="chart"><figcaption>${escapeHtml(c.title)}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(c.title)}">${parts.join('')}</svg>` +
    `<div class="legend">${legend}</div></figure>`
  );
}
