// The confusion matrix as a PNG (for slides and papers): cells shaded by count with their numbers when
// they fit, class names on both axes. Drawn on a canvas in the page.

const CELL_MAX = 48;
const FONT = '12px system-ui, sans-serif';

export async function confusionPng(cm: number[][], classes: string[]): Promise<Blob> {
  const n = classes.length;
  const cell = Math.max(12, Math.min(CELL_MAX, Math.floor(900 / Math.max(1, n))));
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = FONT;
  const label =
    Math.ceil(Math.min(220, Math.max(...classes.map((c) => measure.measureText(c).width), 40))) + 16;
  const pad = 16;
  const width = pad + label + n * cell + pad;
  const height = pad + label + n * cell + pad + 18;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.font = FONT;
  const x0 = pad + label;
  const y0 = pad + label;
  const max = Math.max(1, ...cm.flat());
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = cm[i][j] / max;
      g.fillStyle = `rgba(47,100,224,${0.06 + 0.94 * a})`;
      g.fillRect(x0 + j * cell, y0 + i * cell, cell - 1, cell - 1);
      if (cell >= 26 && cm[i][j]) {
        g.fillStyle = a > 0.55 ? '#fff' : '#1a1d21';
        g.textAlign = 'center';
        g.textBaseline = 'middle';
        g.fillText(String(cm[i][j]), x0 + j * cell + cell / 2, y0 + i * cell + cell / 2);
      }
    }
  g.fillStyle = '#3d4450';
  g.textBaseline = 'middle';
  for (let i = 0; i < n; i++) {
    g.textAlign = 'right';
    g.fillText(classes[i], x0 - 6, y0 + i * cell + cell / 2, label - 10);
    g.save();
    g.translate(x0 + i * cell + cell / 2, y0 - 6);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'left';
    g.fillText(classes[i], 0, 0, label - 10);
    g.restore();
  }
  g.fillStyle = '#687384';
  g.textAlign = 'left';
  g.fillText('rows: true class · columns: predicted class', pad, height - 12);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made.'))), 'image/png'),
  );
}
