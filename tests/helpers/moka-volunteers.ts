import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { presetPath } from '../../src/presets/presets';

/**
 * 真岡市's preset as it ships, plus one role open to volunteers (the cookbook's DXサポーター: 主事・主任
 * in principle, 3 a 課, the section manager confirms), written to `dir`. The preset's own role open to
 * volunteers (BPR実践グループ（希望者）) is confirmed by the office and has no seats; the tests of the
 * office's work use one tenant for awards, evaluation rounds and declarations.
 */
export function mokaWithVolunteers(dir: string): string {
  const doc = YAML.parse(readFileSync(presetPath('moka'), 'utf8')) as { roles: unknown[]; courses: unknown[] };
  doc.courses.push({ id: 'supporter-training', label: { ja: 'DXサポーター研修', en: 'DX supporter training' } });
  doc.roles.push({
    id: 'dx-supporter',
    label: { ja: 'DXサポーター', en: 'DX supporter' },
    assignment: 'self',
    declaration: { eligibleGrades: ['shuji', 'shunin'], gradeRuleStrict: false, confirmedBy: 'sectionManager' },
    seats: { per: 'section', max: 3 },
    steps: [{ id: 'step1', label: { ja: 'サポーター研修', en: 'Supporter training' }, requires: { course: 'supporter-training' } }],
  });
  const file = join(dir, 'moka-volunteers.yaml');
  writeFileSync(file, YAML.stringify(doc));
  return file;
}
