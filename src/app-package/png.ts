/**
 * Just enough PNG to check Teams app icons without an image library: the header (size, colour
 * type) and, for 8-bit non-interlaced images, the pixels, so that "the outline icon is white on a
 * transparent background" can be verified rather than assumed.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types (IHDR). */
export const COLOR_TYPE = { gray: 0, rgb: 2, palette: 3, grayAlpha: 4, rgba: 6 } as const;

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** A tRNS chunk is present (transparency for gray, RGB or palette images). */
  hasTransparencyChunk: boolean;
}

export class PngError extends Error {}

interface Chunk {
  type: string;
  data: Buffer;
}

function chunks(buf: Buffer): Chunk[] {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new PngError('PNG ではありません（先頭の 8 バイトが PNG の署名と違います）');
  const out: Chunk[] = [];
  let at = 8;
  while (at + 12 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > buf.length) throw new PngError(`PNG が途中で切れています（${type} チャンク）`);
    out.push({ type, data: buf.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (out[0]?.type !== 'IHDR') throw new PngError('PNG の最初のチャンクが IHDR ではありません');
  return out;
}

/** Reads the image header; throws PngError when the bytes are not a PNG. */
export function readPngHeader(buf: Buffer): PngHeader {
  const all = chunks(buf);
  const ihdr = all[0]!.data;
  if (ihdr.length < 13) throw new PngError('IHDR チャンクが短すぎます');
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8]!,
    colorType: ihdr[9]!,
    interlaced: ihdr[12] === 1,
    hasTransparencyChunk: all.some((c) => c.type === 'tRNS'),
  };
}

/** Bytes per pixel of the 8-bit colour types we decode. */
function channels(colorType: number): number | undefined {
  switch (colorType) {
    case COLOR_TYPE.gray:
      return 1;
    case COLOR_TYPE.grayAlpha:
      return 2;
    case COLOR_TYPE.rgb:
      return 3;
    case COLOR_TYPE.rgba:
      return 4;
    default:
      return undefined;
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit, non-interlaced gray / gray+alpha / RGB / RGBA PNG into RGBA bytes
 * (width × height × 4). Other formats throw PngError with what was found.
 */
export function decodePngRgba(buf: Buffer): { header: PngHeader; rgba: Uint8Array } {
  const header = readPngHeader(buf);
  const bpp = channels(header.colorType);
  if (header.bitDepth !== 8 || bpp === undefined || header.interlaced) {
    throw new PngError(
      `8 ビット・インターレースなしの RGBA（またはグレー＋アルファ）の PNG にしてください（今は ビット深度 ${header.bitDepth}、カラータイプ ${header.colorType}${header.interlaced ? '、インターレース' : ''}）`,
    );
  }
  const idat = Buffer.concat(chunks(buf).filter((c) => c.type === 'IDAT').map((c) => c.data));
  const raw = inflateSync(idat);
  const stride = header.width * bpp;
  if (raw.length < (stride + 1) * header.height) throw new PngError('PNG の画素データが足りません');
  const pixels = new Uint8Array(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i]!;
      const a = i >= bpp ? pixels[row + i - bpp]! : 0;
      const b = y > 0 ? pixels[row - stride + i]! : 0;
      const c = i >= bpp && y > 0 ? pixels[row - stride + i - bpp]! : 0;
      let v: number;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: v = x + paeth(a, b, c); break;
        default: throw new PngError(`PNG の行 ${y} のフィルタ ${filter} は不正です`);
      }
      pixels[row + i] = v & 0xff;
    }
  }
  const rgba = new Uint8Array(header.width * header.height * 4);
  for (let p = 0; p < header.width * header.height; p++) {
    const s = p * bpp;
    const [r, g, b, alpha] =
      bpp === 1 ? [pixels[s]!, pixels[s]!, pixels[s]!, 255]
      : bpp === 2 ? [pixels[s]!, pixels[s]!, pixels[s]!, pixels[s + 1]!]
      : bpp === 3 ? [pixels[s]!, pixels[s + 1]!, pixels[s + 2]!, 255]
      : [pixels[s]!, pixels[s + 1]!, pixels[s + 2]!, pixels[s + 3]!];
    rgba.set([r, g, b, alpha], p * 4);
  }
  return { header, rgba };
}

/** Encodes RGBA bytes as an 8-bit RGBA PNG, deflated at level 9 (the app icons, and tests' icons of any size). */
export function encodePngRgba(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
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
  ihdr.set([8, COLOR_TYPE.rgba, 0, 0, 0], 8);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
