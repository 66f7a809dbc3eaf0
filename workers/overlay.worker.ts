// Overlay worker: decodes a mask PNG and colours it, off the page's thread; hands back an ImageBitmap
// (transferred, not copied), so drawing an overlay on the page is one drawImage.
import { expose, transfer } from 'comlink';
import { decodePng } from '../src/core/formats/png';
import { colorizeMask, type MaskKind } from '../src/core/render/maskColors';
import type { OverlayWorkerApi } from '../src/protocol/workers';

const api: OverlayWorkerApi = {
  async maskBitmap(bytes: ArrayBuffer, kind: MaskKind): Promise<ImageBitmap | null> {
    let mask;
    try {
      mask = decodePng(new Uint8Array(bytes));
    } catch {
      return null; // an unreadable mask shows no overlay; the import report already named it
    }
    const bitmap = await createImageBitmap(new ImageData(colorizeMask(mask, kind), mask.width, mask.height));
    return transfer(bitmap, [bitmap]);
  },
};

expose(api);
