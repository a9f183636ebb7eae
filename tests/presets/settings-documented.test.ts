import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_IDS } from '../../src/presets/presets';
import { preset } from '../helpers/world';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'programme-format.md'), 'utf8');

describe('values the presets leave to the municipality', () => {
  it.each(PRESET_IDS)('%s: every fill-in setting has a note and is listed in docs/programme-format.md', (id) => {
    const fillIns = preset(id).settings.filter((s) => s.fillIn);
    for (const s of fillIns) {
      expect([s.id, (s.note ?? '').length > 20]).toEqual([s.id, true]);
      expect(doc).toContain(`\`${s.id}\``);
    }
  });
});
