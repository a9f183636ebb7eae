/**
 * The 認定証 as a PDF (issue 12): A4 portrait, one page, every text in Noto Serif JP (SIL Open Font
 * Licence, from @expo-google-fonts/noto-serif-jp), embedded as a subset of the glyphs the page uses —
 * a certificate is about 20–40 KB although the font file is 7.6 MB. pdfkit reads the font file named
 * here and nothing else: the document's default font is this file (`font:`), so pdfkit never loads
 * its own standard fonts (Helvetica's metrics, which the deploy bundle would not carry).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificateRenderer, CertificateText } from '../ports';

/** pdfkit (and its fonts' parser), loaded with the first certificate rather than at start: about 5 MB of heap a server holds for nothing until someone prints one. */
function pdfkit(): typeof import('pdfkit') {
  return require('pdfkit') as typeof import('pdfkit');
}

/** The font file's name, in the deploy artifact's fonts/ (scripts/build-deploy.js) and in its npm package. */
export const CERTIFICATE_FONT_FILE = 'NotoSerifJP_500Medium.ttf';

/**
 * Where the font is: `fonts/` beside the server in the deploy artifact, else the npm package (a
 * clone). Undefined when neither has it; the server then answers 503 for a 認定証 and says why.
 */
export function certificateFontPath(root: string): string | undefined {
  const candidates = [join(root, 'fonts', CERTIFICATE_FONT_FILE), join(root, 'node_modules', '@expo-google-fonts', 'noto-serif-jp', '500Medium', CERTIFICATE_FONT_FILE)];
  return candidates.find((p) => existsSync(p));
}

const A4 = { width: 595.28, height: 841.89 };
const INK = '#1f1f1f';
const FRAME = '#7a5c1e';

/** A renderer that lays out a 認定証 with the font at `fontPath`. */
export function certificatePdf(fontPath: string): CertificateRenderer {
  return {
    render: (text) => render(fontPath, text),
  };
}

function render(fontPath: string, text: CertificateText): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const PDFDocument = pdfkit();
    const doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      font: fontPath,
      info: { Title: `${text.title} ${text.serial}`, Author: text.issuer, Subject: text.certification, Creator: 'SkillSteps' },
      lang: 'ja-JP',
      displayTitle: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    try {
      draw(doc, text);
      doc.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

function draw(doc: PDFKit.PDFDocument, text: CertificateText): void {
  const { width, height } = A4;
  // A double frame, as printed certificates have.
  doc.lineWidth(3).strokeColor(FRAME).rect(28, 28, width - 56, height - 56).stroke();
  doc.lineWidth(0.8).rect(38, 38, width - 76, height - 76).stroke();
  doc.fillColor(INK);

  doc.fontSize(11).text(text.serial, 60, 64, { width: width - 120, align: 'right' });
  doc.fontSize(40).text(text.title, 60, 130, { width: width - 120, align: 'center', characterSpacing: 18 });

  doc.fontSize(26).text(text.name, 90, 250, { width: width - 180, align: 'left' });
  doc.lineWidth(0.8).strokeColor(INK).moveTo(90, 290).lineTo(width - 90, 290).stroke();

  doc.fontSize(30).text(text.certification, 60, 340, { width: width - 120, align: 'center' });

  doc.fontSize(15).text(text.body, 100, 430, { width: width - 200, align: 'left', lineGap: 10 });

  doc.fontSize(15).text(text.date, 100, 610, { width: width - 200, align: 'left' });
  doc.fontSize(24).text(text.issuer, 60, 670, { width: width - 150, align: 'right' });
  doc.fontSize(10).fillColor('#555555').text(text.programme, 60, 712, { width: width - 150, align: 'right' });

  if (text.specimen) {
    doc.save();
    doc.rotate(-30, { origin: [width / 2, height / 2] });
    doc.fontSize(120).fillColor('#c8102e').fillOpacity(0.18).text(text.specimen, 0, height / 2 - 80, { width, align: 'center' });
    doc.restore();
  }
}
