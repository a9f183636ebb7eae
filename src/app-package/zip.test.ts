import JSZip from 'jszip';
import { createZip } from './zip';

test('writes entries a standard reader opens, with their bytes and CRCs intact', async () => {
  const big = Buffer.from('{"a":"'.concat('x'.repeat(5000), '"}'));
  const random = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251));
  const zip = createZip([
    { name: 'manifest.json', data: big },
    { name: 'color.png', data: random },
    { name: 'ja-jp.json', data: Buffer.from('日本語', 'utf8') },
  ]);
  const read = await JSZip.loadAsync(zip, { checkCRC32: true });
  expect(Object.keys(read.files)).toEqual(['manifest.json', 'color.png', 'ja-jp.json']);
  expect(Buffer.from(await read.file('manifest.json')!.async('uint8array')).equals(big)).toBe(true);
  expect(Buffer.from(await read.file('color.png')!.async('uint8array')).equals(random)).toBe(true);
  expect(await read.file('ja-jp.json')!.async('string')).toBe('日本語');
});

test('compresses what compresses and stores what does not', () => {
  const text = Buffer.from('a'.repeat(10_000));
  expect(createZip([{ name: 'a.txt', data: text }]).length).toBeLessThan(500);
  const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 151) % 256));
  // STORE: local header + name + data + central header + name + end record
  expect(createZip([{ name: 'n', data: noise }]).length).toBe(30 + 1 + 64 + 46 + 1 + 22);
});

test('is deterministic: the same entries give the same bytes', () => {
  const entries = [{ name: 'manifest.json', data: Buffer.from('{}') }];
  expect(createZip(entries).equals(createZip(entries))).toBe(true);
});

test('refuses duplicate and unsafe names', () => {
  expect(() => createZip([{ name: 'a', data: Buffer.alloc(1) }, { name: 'a', data: Buffer.alloc(1) }])).toThrow(/重複/);
  expect(() => createZip([{ name: '../a', data: Buffer.alloc(1) }])).toThrow(/不正/);
  expect(() => createZip([{ name: '/a', data: Buffer.alloc(1) }])).toThrow(/不正/);
});
