/** Columns on a terminal: CJK and full-width characters take two cells. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += isWide(cp) ? 2 : cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) ? 0 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Cuts a string to a display width, marking the cut with …. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** A plain text table; numeric-looking columns are right-aligned. */
export function table(header: string[], rows: string[][], maxWidths: number[] = []): string {
  const cells = [header, ...rows].map((r) => r.map((c, i) => (maxWidths[i] ? truncate(c, maxWidths[i]!) : c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d,.%\s-]*[人件%課]?$/.test(r[i] ?? '')));
  const line = (r: string[]): string =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - displayWidth(c));
        return numeric[i] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** 12345 → 12,345 */
export function num(n: number): string {
  return n.toLocaleString('ja-JP');
}
