import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start` and `npm test` run scripts/setup.js first. A restart with nothing changed must not
 * rebuild anything (it used to spend 10–12 s compiling unchanged TypeScript); a changed source is
 * built again, incrementally.
 */
const root = join(__dirname, '..', '..');
const setup = (): string => execFileSync(process.execPath, [join(root, 'scripts', 'setup.js')], { cwd: root, encoding: 'utf8' });

describe('the setup before npm start and npm test', () => {
  it('does nothing when nothing changed', () => {
    setup();
    const started = Date.now();
    expect(setup()).toBe('');
    // A directory walk, not a compile.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('removes what was built from a source that is gone (a stale module would shadow the new one)', () => {
    const stale = join(root, 'dist', 'src', 'domain', 'gone-since-last-build.js');
    writeFileSync(stale, 'module.exports = {};\n');
    const touched = join(root, 'dev', 'README.md');
    const before = statSync(touched);
    utimesSync(touched, before.atime, new Date(statSync(join(root, 'dist', '.build-stamp')).mtime.getTime() + 1000));
    try {
      setup();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(join(root, 'dist', 'src', 'domain', 'units.js'))).toBe(true);
      expect(existsSync(join(root, 'dist', 'src', 'teams', 'cards', 'templates', 'help.json'))).toBe(true);
    } finally {
      utimesSync(touched, before.atime, before.mtime);
      rmSync(stale, { force: true });
    }
  });

  it('builds again after a source changed, and then is quiet again', () => {
    const touched = join(root, 'dev', 'README.md');
    const stamp = statSync(join(root, 'dist', '.build-stamp')).mtime;
    const before = statSync(touched);
    utimesSync(touched, before.atime, new Date(stamp.getTime() + 1000));
    try {
      expect(setup()).toContain('TypeScript をビルドします');
      expect(setup()).toBe('');
    } finally {
      utimesSync(touched, before.atime, before.mtime);
    }
  });

  it('builds the tab again when a source is newer than the start of its last build, though index.html is newer (a source saved while Vite ran)', () => {
    // scripts/setup.js's rule, on times (running a build here would empty tab/dist under the browser tests).
    const { tabIsCurrent } = require(join(root, 'scripts', 'setup.js')) as { tabIsCurrent: (built?: number, stamp?: number, sources?: number) => boolean };
    const start = 1_000_000;
    const end = start + 8_000;
    expect(tabIsCurrent(end, start, start - 1)).toBe(true);
    // Saved at start + 3 s, while Vite ran: index.html (end) is newer, the build did not see it.
    expect(tabIsCurrent(end, start, start + 3_000)).toBe(false);
    // Built by hand (no stamp from setup): index.html's time decides, as before.
    expect(tabIsCurrent(end, undefined, start + 3_000)).toBe(true);
    expect(tabIsCurrent(end, undefined, end + 1)).toBe(false);
    // Never built.
    expect(tabIsCurrent(undefined, start, 0)).toBe(false);
  });
});
