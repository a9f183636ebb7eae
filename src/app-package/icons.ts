/**
 * The two Teams app icons, drawn (appPackage/color.png, appPackage/outline.png; regenerated with
 * `node appPackage/make-icons.js`). The motif is a staircase of three steps (Step1 → Step3, DESIGN.md).
 * - color.png   192×192, opaque: white steps on the accent colour, the symbol kept inside the
 *               central 96×96 "safe" area as Teams' icon guidance asks.
 * - outline.png 32×32: white steps on a fully transparent background (white only, no other colour).
 * The PNGs are committed; `npm run package` checks their sizes and the outline's transparency.
 */
import { encodePngRgba } from './png';

const ACCENT = [0x1f, 0x6f, 0xb5] as const; // the manifest's accentColor #1F6FB5
const WHITE = [0xff, 0xff, 0xff] as const;

/** Is the point (u, v) of the unit square (v grows downwards) inside the staircase? */
function inSymbol(u: number, v: number): boolean {
  const step = Math.min(2, Math.floor(u * 3)); // 0, 1, 2 from left to right
  return v >= (2 - step) / 3;
}

/** Anti-aliased coverage of one pixel by the symbol (4×4 supersampling), 0..1. */
function coverage(px: number, py: number, size: number, inset: number): number {
  const span = size - 2 * inset;
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const u = (px + (sx + 0.5) / 4 - inset) / span;
      const v = (py + (sy + 0.5) / 4 - inset) / span;
      if (u >= 0 && u < 1 && v >= 0 && v < 1 && inSymbol(u, v)) hits++;
    }
  }
  return hits / 16;
}

function draw(size: number, rgbaAt: (x: number, y: number) => readonly number[]): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) rgba.set(rgbaAt(x, y), (y * size + x) * 4);
  return encodePngRgba(size, size, rgba);
}

export function colorIcon(): Buffer {
  const size = 192;
  const inset = 48; // symbol inside the central 96×96
  return draw(size, (x, y) => {
    const c = coverage(x, y, size, inset);
    const mix = (i: 0 | 1 | 2): number => Math.round(ACCENT[i] * (1 - c) + WHITE[i] * c);
    return [mix(0), mix(1), mix(2), 255];
  });
}

export function outlineIcon(): Buffer {
  const size = 32;
  const inset = 4;
  // White only; anti-aliasing goes into alpha, so every pixel stays pure white or fully transparent.
  return draw(size, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, size, inset))]);
}
