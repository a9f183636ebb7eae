import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../app/evaluate-programme';
import { CsvFolderSource, writeCsvFolder } from '../csv/csv-folder';
import { evaluateProgramme } from '../domain/evaluation';
import { PRESET_IDS } from '../presets/presets';
import { preset } from '../../tests/helpers/world';
import { generateMunicipality } from './sample-municipality';

const TODAY = '2026-11-23';

describe('the sample municipality generator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-gen-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(PRESET_IDS)('%s: writes clean CSVs that read back without a single data-quality issue, with people part-way up every ladder', async (id) => {
    const programme = preset(id);
    const records = generateMunicipality(programme, { staff: 400, seed: 11, today: TODAY, defects: 0 });
    const out = join(dir, id);
    await writeCsvFolder(out, records);
    const { snapshot } = await loadSnapshot(programme, new CsvFolderSource(out), TODAY);
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.staff).toHaveLength(400);

    // A real office: several departments and sections, every grade, transfers planned, some who left.
    expect(new Set(records.staff.map((s) => s.department)).size).toBeGreaterThan(5);
    expect(new Set(records.staff.map((s) => s.section)).size).toBeGreaterThan(10);
    expect(new Set(records.staff.map((s) => s.grade))).toEqual(new Set(programme.grades.map((g) => g.id)));
    expect(records.staff.some((s) => s.transferPlanned)).toBe(true);
    expect(records.staff.some((s) => !s.active)).toBe(true);
    // Most people have a reading (フリガナ), some in half-width ｶﾅ; it reads back as full-width katakana.
    const readings = records.staff.filter((s) => s.kana).length;
    expect(readings / records.staff.length).toBeGreaterThan(0.85);
    expect(readings).toBeLessThan(records.staff.length);
    expect(records.staff.some((s) => s.kana && /[ｦ-ﾟ]/.test(s.kana))).toBe(true);
    expect(snapshot.staff.filter((s) => s.kana).every((s) => /^[ァ-ヶー]+ [ァ-ヶー]+$/.test(s.kana!))).toBe(true);

    // Partial completion: for the role everyone holds, some are on no step and some are on one.
    const e = evaluateProgramme(snapshot, TODAY);
    const everyone = programme.roles.find((r) => r.assignment === 'all')!;
    const steps = e.people.map((p) => p.roles.find((r) => r.role === everyone.id)?.stepsReached ?? 0);
    expect(steps.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(steps.filter((n) => n > 0).length).toBeGreaterThan(steps.length / 4);
  });

  it('gives Moka projects with report-meeting scores and evaluations from each perspective, and certified advisers', () => {
    const programme = preset('moka');
    const records = generateMunicipality(programme, { staff: 2000, seed: 3, today: TODAY, defects: 0 });
    expect(records.projects.filter((p) => p.reportScore !== undefined).length).toBeGreaterThan(10);
    expect(new Set(records.evaluations.map((e) => e.perspective))).toEqual(new Set(programme.perspectives.map((p) => p.id)));
    expect(records.roles.filter((r) => r.role === 'dx-adviser').length).toBeGreaterThan(0);
  });

  it('adds a qualification and a skill assessment dated after today, which are refused and counted nowhere', async () => {
    const programme = preset('moka');
    const records = generateMunicipality(programme, { staff: 300, seed: 5, today: TODAY, defects: 14 });
    const future = [...records.qualifications.map((q) => q.acquiredOn), ...records.skillLevels.map((s) => s.assessedOn)].filter((d) => d && d > TODAY);
    expect(future).toHaveLength(2);
    const out = join(dir, 'future');
    await writeCsvFolder(out, records);
    const { snapshot } = await loadSnapshot(programme, new CsvFolderSource(out), TODAY);
    expect(snapshot.issues.filter((i) => i.code === 'VALUE.FUTURE_DATE').map((i) => [i.list, i.column, i.effect])).toEqual([
      ['Completions', 'CompletedOn', 'rowSkipped'],
      ['Qualifications', 'AcquiredOn', 'rowSkipped'],
      ['SkillLevels', 'AssessedOn', 'rowSkipped'],
    ]);
    // Neither is kept (undated or otherwise): every record read is dated today or earlier, or undated as written.
    const written = new Set(records.qualifications.filter((q) => q.acquiredOn === undefined).map((q) => `${q.upn}|${q.qualification}`));
    expect(snapshot.records.qualifications.filter((q) => (q.acquiredOn === undefined ? !written.has(`${q.upn}|${q.qualification}`) : q.acquiredOn > TODAY))).toEqual([]);
    expect(snapshot.records.skillLevels.filter((s) => s.assessedOn === undefined || s.assessedOn > TODAY)).toEqual([]);
  });

  it('adds the malformed rows asked for, each of which the data-quality report finds', async () => {
    const programme = preset('moka');
    const records = generateMunicipality(programme, { staff: 300, seed: 5, today: TODAY, defects: 12 });
    const out = join(dir, 'defects');
    await writeCsvFolder(out, records);
    const { snapshot } = await loadSnapshot(programme, new CsvFolderSource(out), TODAY);
    expect(snapshot.issues.map((i) => i.code).sort()).toEqual(
      [
        'REF.UNKNOWN_UPN',
        'VALUE.DATE',
        'REF.UNKNOWN_COURSE',
        'DUPLICATE.ROW',
        'VALUE.REQUIRED',
        'VALUE.OUT_OF_RANGE',
        'VALUE.OUT_OF_RANGE',
        'REF.UNKNOWN_GRADE',
        'VALUE.DATE_ORDER',
        'VALUE.FUTURE_DATE',
        'REF.UNKNOWN_QUALIFICATION',
        'VALUE.UPN',
      ].sort(),
    );
  });
});
