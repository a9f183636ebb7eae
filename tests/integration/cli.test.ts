import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main';

const example = join(__dirname, '..', 'fixtures', 'example-programme.yaml');
const root = join(__dirname, '..', '..');

/** Runs the CLI in-process and captures what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: root, now: new Date('2026-11-23T03:00:00Z'), env: {} });
  return { code, out, err };
}

describe('skillsteps CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the same files for the same seed and different ones for another seed', async () => {
    const args = ['--programme', example, '--staff', '150', '--as-of', '2026-11-23'];
    expect((await cli('generate', ...args, '--seed', '5', '--out', join(dir, 'a'))).code).toBe(0);
    expect((await cli('generate', ...args, '--seed', '5', '--out', join(dir, 'b'))).code).toBe(0);
    expect((await cli('generate', ...args, '--seed', '6', '--out', join(dir, 'c'))).code).toBe(0);
    const files = readdirSync(join(dir, 'a')).sort();
    expect(files).toEqual(
      ['Completions', 'Contributions', 'Courses', 'Evaluations', 'Nominations', 'ProjectMembers', 'Projects', 'Qualifications', 'Roles', 'SkillLevels', 'Staff'].map((f) => `${f}.csv`),
    );
    for (const f of files) expect(readFileSync(join(dir, 'b', f))).toEqual(readFileSync(join(dir, 'a', f)));
    expect(readFileSync(join(dir, 'c', 'Staff.csv'))).not.toEqual(readFileSync(join(dir, 'a', 'Staff.csv')));
    // Internal column names are the header; UTF-8 with BOM so Excel opens it.
    const staff = readFileSync(join(dir, 'a', 'Staff.csv'));
    expect([...staff.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(staff.subarray(3).toString('utf8').split('\r\n')[0]).toBe('Title,Upn,EmployeeNumber,Department,Section,Grade,TransferPlanned,Active');
  });

  it('evaluates a data folder into one JSON document with people, KPIs and data quality', async () => {
    const out = join(dir, 'json');
    await cli('generate', '--programme', example, '--staff', '200', '--seed', '3', '--out', out, '--as-of', '2026-11-23', '--defects', '6');
    const r = await cli('evaluate', '--programme', example, '--data', out, '--as-of', '2026-11-23', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.programme.id).toBe('example-city');
    expect([doc.asOf, doc.fiscalYear, doc.fiscalYearLabel]).toEqual(['2026-11-23', 2026, '令和8年度']);
    expect(doc.people.length).toBeGreaterThan(190);
    const person = doc.people[0];
    expect(Object.keys(person)).toEqual(expect.arrayContaining(['upn', 'roles', 'certifications']));
    expect(person.roles[0]).toEqual(expect.objectContaining({ role: 'all-staff', missing: expect.any(Array) }));
    expect(doc.kpis.map((k: { id: string }) => k.id)).toEqual(['literacy-rate', 'leader-coverage', 'advisers']);
    expect(Object.keys(doc.kpis[0])).toEqual(expect.arrayContaining(['id', 'label', 'value', 'target', 'met']));
    // The six defects are reported with list, row, column and reason; the rest is computed.
    expect(doc.dataQuality).toHaveLength(6);
    for (const d of doc.dataQuality) expect(d).toEqual(expect.objectContaining({ list: expect.any(String), row: expect.any(Number), reason: expect.any(String) }));
    expect(doc.dataQuality.map((d: { column?: string }) => d.column)).toEqual(['Upn', 'CompletedOn', 'CourseId', undefined, 'CompletedOn', 'Score']);
  });

  it('prints a readable Japanese report by default and one person in detail with --person', async () => {
    const out = join(dir, 'text');
    await cli('generate', '--programme', example, '--staff', '120', '--seed', '9', '--out', out, '--as-of', '2026-11-23');
    const r = await cli('evaluate', '--programme', example, '--data', out, '--as-of', '2026-11-23', '--limit', '5');
    expect(r.code).toBe(0);
    expect(r.out).toContain('■ KPI（令和8年度）');
    expect(r.out).toContain('DXリテラシー研修 受講率');
    expect(r.out).toContain('■ 職員（5 / ');
    // Someone with a literacy completion: the detail names the date, not just 「達成」.
    const row = readFileSync(join(out, 'Completions.csv'), 'utf8').split('\r\n').find((l) => l.includes(',literacy,'))!;
    const [upn, , date] = row.split(',') as [string, string, string];
    const one = await cli('evaluate', '--programme', example, '--data', out, '--as-of', '2026-11-23', '--person', upn.toUpperCase());
    expect(one.code).toBe(0);
    expect(one.out).toContain(upn);
    expect(one.out).toContain('◆ 全職員');
    const [y, m, d] = date.split('-').map(Number);
    expect(one.out).toContain(`DXリテラシー研修の受講 — 受講済（${y}/${m}/${d}）`);
  });

  it('refuses bad input with a clear message and a non-zero exit', async () => {
    expect(await cli('evaluate', '--programme', 'sapporo', '--data', dir)).toEqual(
      expect.objectContaining({ code: 1, err: expect.stringContaining('"sapporo" はプリセットIDでも YAML ファイルでもありません') }),
    );
    expect(await cli('evaluate', '--programme', example, '--data', join(dir, 'nowhere'))).toEqual(
      expect.objectContaining({ code: 1, err: expect.stringContaining('データフォルダがありません') }),
    );
    const noStaff = join(dir, 'nostaff');
    await cli('generate', '--programme', example, '--staff', '100', '--seed', '1', '--out', noStaff);
    unlinkSync(join(noStaff, 'Staff.csv'));
    expect(await cli('evaluate', '--programme', example, '--data', noStaff)).toEqual(
      expect.objectContaining({ code: 1, err: expect.stringContaining('Staff.csv（職員リスト）がありません') }),
    );
    expect((await cli('generate', '--programme', example, '--staff', 'many', '--out', dir)).err).toContain('--staff は 1〜100000 の整数');
    expect((await cli('evaluate', '--programme', example, '--data', dir, '--as-of', '2026/02/30')).err).toContain('存在しない日付です');
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('validate-programme exits 0 for a valid file and lists every error with its path otherwise', async () => {
    const ok = await cli('validate-programme', example);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('OK:');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      readFileSync(example, 'utf8').replace('- course: literacy', '- course: dx-literacy').replace('assignment: nominated', 'assignment: elected'),
    );
    const r = await cli('validate-programme', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain('roles[0].steps[0].requires.allOf[0].course: unknown course "dx-literacy"');
    expect(r.err).toContain('roles[1].assignment: expected one of all, grade, nominated, appointed, certified, got "elected"');
    expect(r.err).toMatch(/\d+行目 roles\[0\]/);
  });

  it('runs as an installed command through bin/skillsteps.js', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin', 'skillsteps.js'), 'validate-programme', example]);
    expect(stdout).toContain('例示市 DX人材育成');
  });
});
