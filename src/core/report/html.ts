// A report document as one self-contained HTML page: inline CSS, SVG charts, images as data: URLs, no
// scripts, so it opens offline anywhere. Every piece of text is escaped.
import type { Cell, ReportDocument, Section, Table } from './document';
import { escapeHtml as e } from './escape';
import { svgChart } from './svgChart';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1a1d21;margin:0;background:#f4f5f7}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:16px;margin:0 0 10px}
section{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:14px 16px;margin:14px 0}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:6px 18px;margin:0}
dl.facts dt{color:#687384;font-size:12px}dl.facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
table{border-collapse:collapse;font-size:12.5px}th,td{padding:4px 8px;border-bottom:1px solid #eef0f2;text-align:left}
th{color:#687384;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow:auto;max-width:100%}
.matrix td{min-width:26px;text-align:center;font-variant-numeric:tabular-nums;border:1px solid #fff}
.matrix th.r{text-align:right;white-space:nowrap}.matrix th.c{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;vertical-align:bottom}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{margin:0}.chart figcaption{font-weight:600;font-size:13px}
.chart svg text{font-size:11px;fill:#3d4450}.legend{display:flex;gap:12px;font-size:12px;flex-wrap:wrap}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.gallery figure{margin:0;border:1px solid #e1e4e8;border-radius:6px;overflow:hidden}
.gallery img{width:100%;aspect-ratio:1;object-fit:contain;background:#eef0f3;image-rendering:pixelated;display:block}
.gallery figcaption{font-size:11.5px;padding:4px 6px;overflow-wrap:anywhere}
.note{color:#687384;font-size:12.5px}pre{font-size:12px;background:#f9fafb;padding:10px;overflow:auto;max-height:480px}
footer{color:#687384;font-size:12px;text-align:center;padding:12px}
`;

function cell(v: Cell): string {
  if (v === null) return '<td class="n">—</td>';
  if (typeof v === 'number') return `<td class="n">${e(formatNumber(v))}</td>`;
  return `<td>${e(v)}</td>`;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  return v.toFixed(4);
}

function table(t: Table): string {
  // A column is numeric when all its values are numbers: its header aligns right like them.
  const numeric = t.columns.map((_, j) => t.rows.every((r) => r[j] === null || typeof r[j] === 'number'));
  const head = t.columns.map((c, j) => `<th${numeric[j] ? ' class="n"' : ''}>${e(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('');
  return (
    `<section id="${e(t.id)}"><h2>${e(t.title)}</h2>` +
    (t.note ? `<p class="note">${e(t.note)}</p>` : '') +
    `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></section>`
  );
}

function matrix(s: Extract<Section, { kind: 'matrix' }>): string {
  const max = Math.max(1e-12, ...s.values.flat());
  const head = `<tr><th></th>${s.labels.map((l) => `<th class="c">${e(l)}</th>`).join('')}</tr>`;
  const rows = s.values
    .map((row, i) => {
      const cells = row
        .map((v) => {
          const a = v / max;
          const color = a > 0.55 ? '#fff' : '#1a1d21';
          const text = s.fraction ? v.toFixed(2) : String(v);
          return `<td style="background:rgba(47,100,224,${(0.06 + 0.94 * a).toFixed(3)});color:${color}">${v ? e(text) : ''}</td>`;
        })
        .join('');
      return `<tr><th class="r">${e(s.labels[i])}</th>${cells}</tr>`;
    })
    .join('');
  return (
    `<section id="${e(s.id)}"><h2>${e(s.title)}</h2>` +
    (s.note ? `<p class="note">${e(s.note)}</p>` : '') +
    `<div class="scroll"><table class="matrix">${head}${rows}</table></div></section>`
  );
}

function section(s: Section): string {
  switch (s.kind) {
    case 'table':
      return table(s.table);
    case 'matrix':
      return matrix(s);
    case 'charts':
      return `<section><h2>${e(s.title)}</h2><div class="charts">${s.charts.map(svgChart).join('')}</div></section>`;
    case 'gallery': {
      const items = s.items
        .map(
          (it) =>
            `<figure>${it.image ? `<img src="${e(it.image)}" alt="">` : ''}<figcaption>${it.lines.map(e).join('<br>')}</figcaption></figure>`,
        )
        .join('');
      return `<section><h2>${e(s.title)}</h2>${s.note ? `<p class="note">${e(s.note)}</p>` : ''}<div class="gallery">${items}</div></section>`;
    }
    case 'text':
      return `<section><h2>${e(s.title)}</h2><pre>${e(s.text)}</pre></section>`;
  }
}

export function reportHtml(doc: ReportDocument): string {
  const facts = doc.facts.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    // No scripts and no remote loads, whatever the text says.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
    `<title>${e(doc.title)}</title><style>${CSS}</style></head><body><main>` +
    `<h1>${e(doc.title)}</h1><section><dl class="facts">${facts}</dl></section>` +
    doc.sections.map(section).join('') +
    `<footer>Made by Tilewright on ${e(new Date(doc.generatedAt).toISOString())}</footer></main></body></html>\n`
  );
}
