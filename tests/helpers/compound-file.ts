/**
 * A compound file (MS-CFB, version 3: 512-byte sectors, 64-byte mini sectors, 4,096-byte cutoff),
 * written by the format's rules: header with the DIFAT, FAT, directory as a sorted binary tree under
 * the root entry, streams under the cutoff in the mini stream (with its mini FAT), larger ones in
 * sectors of their own. Enough to build, in a test, the container Excel writes for a workbook saved
 * with a password: EncryptionInfo, EncryptedPackage and the \x06DataSpaces storage (MS-OFFCRYPTO 2.3.4).
 */

const SECTOR = 512;
const MINI = 64;
const CUTOFF = 4096;
const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

export interface CompoundEntry {
  name: string;
  /** A stream's bytes; absent for a storage (an empty folder). */
  data?: Buffer;
}

/** The directory's order: shorter names first, then by upper-cased UTF-16 code units (MS-CFB 2.6.4). */
function compare(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const A = a.toUpperCase();
  const B = b.toUpperCase();
  return A < B ? -1 : A > B ? 1 : 0;
}

export function compoundFile(entries: CompoundEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => compare(a.name, b.name));
  const small = sorted.filter((e) => e.data && e.data.length < CUTOFF);
  const large = sorted.filter((e) => e.data && e.data.length >= CUTOFF);
  // The mini stream: small streams, each from a mini sector boundary.
  const miniStart = new Map<CompoundEntry, number>();
  let miniSectors = 0;
  for (const e of small) {
    miniStart.set(e, miniSectors);
    miniSectors += Math.max(1, Math.ceil(e.data!.length / MINI));
  }
  const miniStreamBytes = miniSectors * MINI;
  const dirSectors = Math.ceil(((sorted.length + 1) * 128) / SECTOR);
  const miniFatSectors = Math.ceil((miniSectors * 4) / SECTOR);
  const miniStreamSectors = Math.ceil(miniStreamBytes / SECTOR);
  const largeSectors = large.map((e) => Math.ceil(e.data!.length / SECTOR));
  const others = dirSectors + miniFatSectors + miniStreamSectors + largeSectors.reduce((a, b) => a + b, 0);
  let fatSectors = 1;
  while (fatSectors * (SECTOR / 4) < fatSectors + others) fatSectors++;
  if (fatSectors > 109) throw new Error('compoundFile: more than 109 FAT sectors is not written here');

  const total = fatSectors + others;
  const fat = new Array<number>(fatSectors * (SECTOR / 4)).fill(FREESECT);
  let next = 0;
  const chain = (count: number): number => {
    if (count === 0) return ENDOFCHAIN;
    const first = next;
    for (let i = 0; i < count; i++) fat[next + i] = i === count - 1 ? ENDOFCHAIN : next + i + 1;
    next += count;
    return first;
  };
  for (let i = 0; i < fatSectors; i++) fat[next++] = FATSECT;
  const dirStart = chain(dirSectors);
  const miniFatStart = chain(miniFatSectors);
  const miniStreamStart = chain(miniStreamSectors);
  const largeStart = new Map<CompoundEntry, number>();
  large.forEach((e, i) => largeStart.set(e, chain(largeSectors[i]!)));

  const out = Buffer.alloc((total + 1) * SECTOR);
  // Header (MS-CFB 2.2).
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  out.writeUInt16LE(0x003e, 0x18);
  out.writeUInt16LE(0x0003, 0x1a);
  out.writeUInt16LE(0xfffe, 0x1c);
  out.writeUInt16LE(9, 0x1e);
  out.writeUInt16LE(6, 0x20);
  out.writeUInt32LE(fatSectors, 0x2c);
  out.writeUInt32LE(dirStart, 0x30);
  out.writeUInt32LE(CUTOFF, 0x38);
  out.writeUInt32LE(miniFatSectors ? miniFatStart : ENDOFCHAIN, 0x3c);
  out.writeUInt32LE(miniFatSectors, 0x40);
  out.writeUInt32LE(ENDOFCHAIN, 0x44);
  out.writeUInt32LE(0, 0x48);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i < fatSectors ? i : FREESECT, 0x4c + i * 4);
  const at = (sector: number): number => (sector + 1) * SECTOR;
  fat.forEach((v, i) => out.writeUInt32LE(v, at(0) + i * 4));

  // Directory: the root (0), then the entries in order, linked as a right-leaning sorted tree.
  const dir = at(dirStart);
  const writeEntry = (index: number, name: string, type: number, child: number, right: number, start: number, size: number): void => {
    const o = dir + index * 128;
    const units = Buffer.from(`${name}\0`, 'utf16le');
    units.copy(out, o);
    out.writeUInt16LE(units.length, o + 0x40);
    out[o + 0x42] = type;
    out[o + 0x43] = 1; // black
    out.writeUInt32LE(NOSTREAM, o + 0x44);
    out.writeUInt32LE(right, o + 0x48);
    out.writeUInt32LE(child, o + 0x4c);
    out.writeUInt32LE(start, o + 0x74);
    out.writeUInt32LE(size, o + 0x78);
  };
  for (let i = sorted.length + 1; i < (dirSectors * SECTOR) / 128; i++) {
    const o = dir + i * 128;
    out.writeUInt32LE(NOSTREAM, o + 0x44);
    out.writeUInt32LE(NOSTREAM, o + 0x48);
    out.writeUInt32LE(NOSTREAM, o + 0x4c);
  }
  writeEntry(0, 'Root Entry', 5, sorted.length ? 1 : NOSTREAM, NOSTREAM, miniSectors ? miniStreamStart : ENDOFCHAIN, miniStreamBytes);
  sorted.forEach((e, i) => {
    const right = i + 1 < sorted.length ? i + 2 : NOSTREAM;
    if (!e.data) writeEntry(i + 1, e.name, 1, NOSTREAM, right, 0, 0);
    else if (e.data.length < CUTOFF) writeEntry(i + 1, e.name, 2, NOSTREAM, right, miniStart.get(e)!, e.data.length);
    else writeEntry(i + 1, e.name, 2, NOSTREAM, right, largeStart.get(e)!, e.data.length);
  });

  // Mini FAT and mini stream.
  let m = 0;
  for (const e of small) {
    const n = Math.max(1, Math.ceil(e.data!.length / MINI));
    for (let i = 0; i < n; i++) out.writeUInt32LE(i === n - 1 ? ENDOFCHAIN : m + i + 1, at(miniFatStart) + (m + i) * 4);
    e.data!.copy(out, at(miniStreamStart) + miniStart.get(e)! * MINI);
    m += n;
  }
  for (let i = m; i < (miniFatSectors * SECTOR) / 4; i++) out.writeUInt32LE(FREESECT, at(miniFatStart) + i * 4);
  for (const e of large) e.data!.copy(out, at(largeStart.get(e)!));
  return out;
}

/**
 * What Excel writes for an .xlsx saved with a password (「ブックの保護」→「パスワードを使用して暗号化」):
 * agile encryption (MS-OFFCRYPTO 2.3.4.10) — an EncryptionInfo stream with version 4.4 and its XML
 * descriptor, the EncryptedPackage stream (the workbook's zip, AES-encrypted: random bytes here,
 * which is what ciphertext looks like) and the \x06DataSpaces storage.
 */
export function passwordProtectedXlsx(packageBytes = 12_000): Buffer {
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" ' +
    'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" ' +
    'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>' +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" ' +
    'saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" ' +
    'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></keyEncryptor></keyEncryptors></encryption>';
  const info = Buffer.concat([Buffer.from([0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00]), Buffer.from(xml, 'utf8')]);
  const encrypted = Buffer.alloc(packageBytes);
  for (let i = 0; i < encrypted.length; i++) encrypted[i] = (i * 2654435761) >>> 24;
  return compoundFile([{ name: '\u0006DataSpaces' }, { name: 'EncryptionInfo', data: info }, { name: 'EncryptedPackage', data: encrypted }]);
}
