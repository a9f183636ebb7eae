/**
 * The 認定証 PDF, rendered as a person would see it: poppler's pdftoppm (apt, installed by
 * scripts/test.js) turns the page into a PNG, and the test looks where the name and the certification
 * are printed. Two names of the same length must leave different ink there — a missing Japanese glyph
 * prints as the same empty box (tofu) whatever the character, so identical ink means no glyphs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../presets/presets';
import { decodePngRgba } from '../app-package/png';
import type { CertificateText } from '../ports';
import { certificateFontPath, certificatePdf } from './certificate-pdf';

const DPI = 50;
const px = (pt: number): number => Math.round((pt * DPI) / 72);

const text = (name: string): CertificateText => ({
  title: '認定証',
  serial: '第 MOKA-000123 号',
  name: `${name} 殿`,
  certification: 'DXアドバイザー',
  body: 'あなたは真岡市職員DX人材育成方針に基づく認定基準を満たしたので、DXアドバイザーとして認定します。',
  date: '令和8年11月24日',
  issuer: '真岡市',
  programme: '真岡市 DX人材育成',
});

interface Page {
  width: number;
  height: number;
  rgba: Uint8Array;
}

describe('the 認定証 PDF', () => {
  let dir: string;
  const pdfs = new Map<string, Buffer>();
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-certificate-'));
    const font = certificateFontPath(packageRoot());
    if (!font) throw new Error('the Noto Serif JP font is missing: npm ci installs @expo-google-fonts/noto-serif-jp');
    const renderer = certificatePdf(font);
    for (const name of ['山田 太郎', '佐藤 花子']) {
      const pdf = Buffer.from(await renderer.render(text(name)));
      pdfs.set(name, pdf);
      const file = join(dir, `${pdfs.size}.pdf`);
      writeFileSync(file, pdf);
      execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-singlefile', file, join(dir, String(pdfs.size))]);
      const { header, rgba } = decodePngRgba(readFileSync(join(dir, `${pdfs.size}.png`)));
      pages.set(name, { width: header.width, height: header.height, rgba });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Dark pixels in a band of the page (points from the top, as the layout places text), as a bitmap string. */
  const ink = (page: Page, fromPt: number, toPt: number): { count: number; bits: string } => {
    let count = 0;
    let bits = '';
    for (let y = px(fromPt); y < px(toPt); y++) {
      for (let x = px(60); x < page.width - px(60); x++) {
        const i = (y * page.width + x) * 4;
        const dark = page.rgba[i]! + page.rgba[i + 1]! + page.rgba[i + 2]! < 3 * 128;
        if (dark) count++;
        bits += dark ? '1' : '0';
      }
    }
    return { count, bits };
  };

  it('is one A4 page with the font embedded as a subset, and small', () => {
    const pdf = pdfs.get('山田 太郎')!;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(40_000);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifJP-Medium/);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const page = pages.get('山田 太郎')!;
    // A4 at 50 dpi.
    expect([page.width, page.height]).toEqual([Math.ceil((595.28 * DPI) / 72), Math.ceil((841.89 * DPI) / 72)]);
  });

  it('reads back as its Japanese text (the glyphs map to the characters)', () => {
    const file = join(dir, '1.pdf');
    const out = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \u3000]+/g, ' ');
    for (const s of ['認 定 証', '山田 太郎 殿', 'DXアドバイザー', '第 MOKA-000123 号', '令和8年11月24日', '真岡市']) expect(out).toContain(s);
  });

  it('prints the name and the certification where the layout puts them, in real glyphs', () => {
    const a = pages.get('山田 太郎')!;
    const b = pages.get('佐藤 花子')!;
    // Not blank: ink in the name's band (250–290 pt) and the certification's (340–380 pt).
    const nameA = ink(a, 250, 288);
    const nameB = ink(b, 250, 288);
    const certA = ink(a, 340, 380);
    const certB = ink(b, 340, 380);
    expect(nameA.count).toBeGreaterThan(150);
    expect(certA.count).toBeGreaterThan(150);
    // Other names, other ink (tofu boxes would be the same); the same certification, the same ink.
    const differing = [...nameA.bits].filter((bit, i) => bit !== nameB.bits[i]).length;
    expect(differing).toBeGreaterThan(nameA.count / 4);
    expect(certB.bits).toBe(certA.bits);
    // The band between them holds nothing.
    expect(ink(a, 300, 330).count).toBe(0);
  });
});
