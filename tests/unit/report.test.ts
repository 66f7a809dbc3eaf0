// The report renderers: everything from datasets is escaped, images are data: URLs of image types only,
// charts are plain SVG, and tables leave as CSV and JSON.
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../src/core/report/document';
import { base64, escapeHtml, imageDataUrl } from '../../src/core/report/escape';
import { reportHtml } from '../../src/core/report/html';
import { niceTicks, svgChart } from '../../src/core/report/svgChart';
import { reportCsvFiles, reportJson, tableCsv } from '../../src/core/report/tables';

const EVIL = '<img src=x onerror=alert(1)>.png';

function doc(): ReportDocument {
  return {
    title: `Report of ${EVIL}`,
    facts: [['Dataset', `"quoted" & <b>bold</b>`]],
    generatedAt: Date.UTC(2026, 10, 24),
    sections: [
      {
        kind: 'table',
        table: {
          id: 'classification_report',
          title: 'Per class',
          columns: ['class', 'precision', 'support'],
          rows: [
            [EVIL, 0.5, 3],
            ['a,b', null, 0],
          ],
        },
      },
      {
        kind: 'matrix',
        id: 'confusion_matrix',
        title: 'Confusion',
        labels: [EVIL, 'b'],
        values: [
          [2, 1],
          [0, 3],
        ],
        fraction: false,
      },
      {
        kind: 'charts',
        title: 'History',
        charts: [
          {
            title: EVIL,
            xLabel: 'step',
            series: [
              {
                name: EVIL,
                points: [
                  { x: 1, y: 2 },
                  { x: 2, y: 1 },
                ],
              },
            ],
          },
        ],
      },
      {
        kind: 'gallery',
        title: 'Mistakes',
        items: [
          {
            image: imageDataUrl(new Uint8Array([1, 2, 3]), 'image/png')!,
            lines: [EVIL, 'true a → predicted b'],
          },
        ],
      },
      { kind: 'text', title: 'Config', text: '{"name": "</pre><script>alert(1)</script>"}' },
    ],
  };
}

describe('report html', () => {
  it('escapes every piece of text and has no script or remote load', () => {
    const html = reportHtml(doc());
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.png');
    expect(html).toContain('&quot;quoted&quot; &amp;');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain("default-src 'none'");
    // The only <img> tags are the embedded thumbnails.
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain('<img src="data:image/png;base64,AQID"');
  });

  it('only image types become data: URLs', () => {
    expect(imageDataUrl(new Uint8Array([0]), 'text/html')).toBeNull();
    expect(imageDataUrl(new Uint8Array([0]), 'image/svg+xml')).toBeNull();
    expect(imageDataUrl(new Uint8Array([0]), 'IMAGE/JPEG')).toBe('data:image/jpeg;base64,AA==');
  });

  it('base64 matches Node for every tail length', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('escapeHtml covers the five characters', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

describe('svg charts', () => {
  it('round ticks', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 97)).toEqual([20, 40, 60, 80]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('draws one polyline per series with more than one point', () => {
    const svg = svgChart({
      title: 't',
      xLabel: 'epoch',
      percent: true,
      series: [
        {
          name: 'a',
          points: [
            { x: 0, y: 0.1 },
            { x: 1, y: 0.9 },
          ],
        },
        { name: 'b', points: [{ x: 0, y: 0.5 }] },
      ],
    });
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain('100%');
  });
});

describe('report tables', () => {
  it('CSV per table and matrix, JSON of all', () => {
    const files = reportCsvFiles(doc());
    expect(Object.keys(files).sort()).toEqual(['classification_report.csv', 'confusion_matrix.csv']);
    expect(files['classification_report.csv']).toBe(
      `class,precision,support\r\n${EVIL},0.5,3\r\n"a,b",,0\r\n`,
    );
    expect(files['confusion_matrix.csv'].split('\r\n')[1]).toBe(`${EVIL},2,1`);
    const json = reportJson(doc()) as { tables: Record<string, { rows?: unknown[] }> };
    expect(json.tables.classification_report.rows).toEqual([
      [EVIL, 0.5, 3],
      ['a,b', null, 0],
    ]);
    expect(tableCsv({ id: 'x', title: 'x', columns: ['a'], rows: [] })).toBe('a\r\n');
  });
});
