import { deflateSync } from 'node:zlib';
import { decodePngRgba, encodePngRgba, PngError, readPngHeader } from './png';

function solid(width: number, height: number, rgba: [number, number, number, number]): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) px.set(rgba, i * 4);
  return px;
}

test('round-trips an RGBA image through encode and decode', () => {
  const px = solid(3, 2, [10, 20, 30, 40]);
  px.set([255, 255, 255, 0], 4);
  const png = encodePngRgba(3, 2, px);
  const header = readPngHeader(png);
  expect(header).toMatchObject({ width: 3, height: 2, bitDepth: 8, colorType: 6, interlaced: false });
  expect(Array.from(decodePngRgba(png).rgba)).toEqual(Array.from(px));
});

test('undoes every scanline filter (Sub, Up, Average, Paeth) as a PNG from another tool would use them', () => {
  // 2×5 gray+alpha image, one row per filter type; bytes chosen so each filter changes the result.
  const width = 2;
  const rows = [
    [0, 10, 200, 20, 100],
    [1, 10, 200, 5, 10],
    [2, 1, 1, 2, 2],
    [3, 4, 4, 4, 4],
    [4, 1, 2, 3, 4],
  ];
  const raw = Buffer.from(rows.flat());
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(rows.length, 4);
  ihdr.set([8, 4, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, data, Buffer.alloc(4)]); // CRC is not checked by the reader
  };
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  const { rgba } = decodePngRgba(png);
  const gray = (x: number, y: number) => [rgba[(y * width + x) * 4]!, rgba[(y * width + x) * 4 + 3]!];
  expect(gray(0, 0)).toEqual([10, 200]);
  expect(gray(1, 0)).toEqual([20, 100]);
  // Sub: adds the pixel to the left
  expect(gray(0, 1)).toEqual([10, 200]);
  expect(gray(1, 1)).toEqual([15, 210]);
  // Up: adds the pixel above
  expect(gray(0, 2)).toEqual([11, 201]);
  expect(gray(1, 2)).toEqual([17, 212]);
  // Average of left and above
  expect(gray(0, 3)).toEqual([9, 104]);
  expect(gray(1, 3)).toEqual([17, 162]);
  // Paeth: the predictor picks above for both pixels here
  expect(gray(0, 4)).toEqual([10, 106]);
  expect(gray(1, 4)).toEqual([20, 166]);
});

test('refuses what is not a PNG, and formats it cannot check', () => {
  expect(() => readPngHeader(Buffer.from('GIF89a....'))).toThrow(PngError);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // palette
  const head = Buffer.alloc(8);
  head.writeUInt32BE(13, 0);
  head.write('IHDR', 4, 'latin1');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), head, ihdr, Buffer.alloc(4)]);
  expect(readPngHeader(png).colorType).toBe(3);
  expect(() => decodePngRgba(png)).toThrow(/カラータイプ 3/);
});
