#!/usr/bin/env node
'use strict';
/**
 * Writes the two Teams app icons (appPackage/color.png, appPackage/outline.png) with node:zlib and
 * nothing else, so they can be regenerated anywhere: `node appPackage/make-icons.js`.
 *
 * The motif is a staircase of three steps (Step1 → Step3, DESIGN.md).
 * - color.png   192×192, opaque: white steps on the accent colour, the symbol kept inside the
 *               central 96×96 "safe" area as Teams' icon guidance asks.
 * - outline.png 32×32: white steps on a fully transparent background (white only, no other colour).
 * The PNGs are committed; `npm run package` checks their sizes and the outline's transparency.
 */
const { Buffer } = require('node:buffer');
const { deflateSync, crc32 } = require('node:zlib');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ACCENT = [0x1f, 0x6f, 0xb5]; // the manifest's accentColor #1F6FB5
const WHITE = [0xff, 0xff, 0xff];

/** Is the point (u, v) of the unit square (v grows downwards) inside the staircase? */
function inSymbol(u, v) {
  const step = Math.min(2, Math.floor(u * 3)); // 0, 1, 2 from left to right
  return v >= (2 - step) / 3;
}

/** Anti-aliased coverage of one pixel by the symbol (4×4 supersampling), 0..1. */
function coverage(px, py, size, inset) {
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

function png(width, height, rgbaAt) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: None
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = rgbaAt(x, y);
      raw.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, adaptive filtering, not interlaced
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function colorIcon() {
  const size = 192;
  const inset = 48; // symbol inside the central 96×96
  return png(size, size, (x, y) => {
    const c = coverage(x, y, size, inset);
    const mix = (i) => Math.round(ACCENT[i] * (1 - c) + WHITE[i] * c);
    return [mix(0), mix(1), mix(2), 255];
  });
}

function outlineIcon() {
  const size = 32;
  const inset = 4;
  // White only; anti-aliasing goes into alpha, so every pixel stays pure white or fully transparent.
  return png(size, size, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, size, inset))]);
}

if (require.main === module) {
  writeFileSync(join(__dirname, 'color.png'), colorIcon());
  writeFileSync(join(__dirname, 'outline.png'), outlineIcon());
  process.stdout.write('appPackage/color.png (192×192) と appPackage/outline.png (32×32) を書きました\n');
}

module.exports = { colorIcon, outlineIcon, png };
