/**
 * `npm run screenshots -- --out <dir>` as docs/tab.md gives it: the tab built when stale, the script
 * compiled and run against the real server and the local tenant in Chromium. Every picture docs/tab.md
 * shows comes out, as a PNG of the documented size (1280 px wide, 360 for the phone, A4 at 80 dpi for
 * the print), and nothing else does. The committed pictures are not compared: they change only when
 * someone means to change them.
 *
 * Needs apt's chromium, fonts-noto-cjk and poppler-utils (`.ci/run` installs them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/presets/presets';

jest.setTimeout(300_000);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

it('takes every screenshot docs/tab.md shows, each at its documented size', () => {
  const root = packageRoot();
  const out = mkdtempSync(join(tmpdir(), 'skillsteps-shots-'));
  try {
    const r = spawnSync('npm', ['run', '--silent', 'screenshots', '--', '--out', out], { cwd: root, encoding: 'utf8', timeout: 280_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = readFileSync(join(root, 'docs', 'tab.md'), 'utf8');
    const shown = new Set([...doc.matchAll(/\]\(screenshots\/([\w-]+\.png)\)/g)].map((m) => m[1]!));
    // The table of what the script takes lists the same files as the pictures the page shows.
    const listed = new Set([...doc.matchAll(/^\| `([\w-]+\.png)` \|/gm)].map((m) => m[1]!));
    expect([...listed].sort()).toEqual([...shown].sort());
    expect(readdirSync(out).sort()).toEqual([...shown].sort());
    for (const file of shown) {
      const { width, height } = pngSize(join(out, file));
      if (file === 'year-end-print.png') {
        // One A4 page, portrait, at 80 dpi (210 × 297 mm: about 662 × 935 px; poppler rounds).
        expect(Math.abs(width - 662)).toBeLessThanOrEqual(2);
        expect(Math.abs(height - 935)).toBeLessThanOrEqual(3);
        continue;
      }
      expect({ file, width }).toEqual({ file, width: file === 'section-360.png' ? 360 : 1280 });
      expect(height).toBeGreaterThan(300);
    }
    expect(r.stdout).toMatch(new RegExp(`^${shown.size} 枚（[\\d.]+ 秒）$`, 'm'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
