// Overlay colours: the palette lives in core (the overlay worker colours masks with it).
export { classColor, instanceColor } from '../../core/render/maskColors';

export function cssColor([r, g, b]: readonly [number, number, number], alpha = 1): string {
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}
