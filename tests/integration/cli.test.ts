import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localTenantEnv, startLocalTenant } from '../../dev/local-tenant';
import { main } from '../../src/cli/main';
import type { ListName } from '../../src/domain/lists';
import { appCredential } from '../../src/sharepoint/credentials';
import { createGraphApi } from '../../src/sharepoint/graph-client';
import { createItem, toGraphFields } from '../../src/sharepoint/graph-list-writer';
import { listIds } from '../../src/sharepoint/provision';

const example = join(__dirname, '..', 'fixtures', 'example-programme.yaml');
const root = join(__dirname, '..', '..');

/** Runs the CLI in-process and captures what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith({}, ...argv);
}

async function cliWith(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: root, now: new Date('2026-11-23T03:00:00Z'), env });
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
      ['Completions', 'Contributions', 'Courses', 'Evaluations', 'Nominations', 'ProjectMembers', 'Projects', 'Qualifications', 'Roles', 'SkillLevels', 'Staff', 'Submissions'].map((f) => `${f}.csv`),
    );
    for (const f of files) expect(readFileSync(join(dir, 'b', f))).toEqual(readFileSync(join(dir, 'a', f)));
    expect(readFileSync(join(dir, 'c', 'Staff.csv'))).not.toEqual(readFileSync(join(dir, 'a', 'Staff.csv')));
    // Internal column names are the header; UTF-8 with BOM so Excel opens it.
    const staff = readFileSync(join(dir, 'a', 'Staff.csv'));
    expect([...staff.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(staff.subarray(3).toString('utf8').split('\r\n')[0]).toBe('Title,TitleKana,Upn,EmployeeNumber,Department,Section,Grade,TransferPlanned,Active');
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
    expect(r.err).toContain('roles[1].assignment: expected one of all, grade, nominated, appointed, certified, self, got "elected"');
    expect(r.err).toMatch(/\d+行目 roles\[0\]/);
  });

  it('writes a long --json document as its reader takes it: between chunks it waits for the output to drain', async () => {
    const data = join(dir, 'drain');
    expect((await cli('generate', '--programme', example, '--staff', '120', '--seed', '5', '--out', data, '--as-of', '2026-11-23')).code).toBe(0);
    const events: string[] = [];
    let out = '';
    const code = await main(['evaluate', '--programme', example, '--data', data, '--as-of', '2026-11-23', '--json'], {
      out: (t) => {
        events.push('out');
        out += t;
      },
      drained: async () => {
        events.push('drained');
        await new Promise((r) => setImmediate(r));
      },
      err: () => undefined,
      cwd: root,
      now: new Date('2026-11-23T03:00:00Z'),
      env: {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(out).people.length).toBeGreaterThan(100);
    // Every chunk of the document (its head, then people 256 K characters at a time, then the KPIs) is
    // followed by a wait; only the final newline is not.
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.slice(0, -1).every((e, i) => e === (i % 2 === 0 ? 'out' : 'drained'))).toBe(true);
    expect(events.at(-1)).toBe('out');
  });

  it('through bin/skillsteps.js into a pipe whose reader starts a second late, the whole --json document arrives (the command waits for the pipe, it does not hang)', async () => {
    const data = join(dir, 'drain');
    const q = (x: string): string => `'${x.replace(/'/g, "'\\''")}'`;
    // The document (over 100 KB) is more than the pipe holds: the command must wait for it to drain.
    const command = `${q(process.execPath)} ${q(join(root, 'bin', 'skillsteps.js'))} evaluate --programme ${q(example)} --data ${q(data)} --as-of 2026-11-23 --json | (sleep 1; cat)`;
    const { stdout } = await promisify(execFile)('sh', ['-c', command], { maxBuffer: 1 << 26 });
    expect(Buffer.byteLength(stdout)).toBeGreaterThan(100_000);
    expect(JSON.parse(stdout).people.length).toBeGreaterThan(100);
  }, 20_000);

  it('runs as an installed command through bin/skillsteps.js', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin', 'skillsteps.js'), 'validate-programme', example]);
    expect(stdout).toContain('例示市 DX人材育成');
  });
});

describe('skillsteps evaluate: what is not true is not counted, and the counts add up', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-truth-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses one row, not the rest of the file, to an unclosed quote, and the summary adds up to the file\'s rows', async () => {
    const out = join(dir, 'quote');
    await cli('generate', '--programme', example, '--staff', '300', '--seed', '4', '--out', out, '--as-of', '2026-11-23');
    const file = join(out, 'Completions.csv');
    const rows = readFileSync(file, 'utf8').split('\r\n');
    const dataRows = rows.filter((l, i) => i > 0 && l.trim() !== '').length;
    expect(dataRows).toBeGreaterThan(200);
    // A hand edit opens a quote on line 10 and never closes it.
    rows[9] = `"${rows[9]}`;
    writeFileSync(file, rows.join('\r\n'));
    const doc = JSON.parse((await cli('evaluate', '--programme', example, '--data', out, '--as-of', '2026-11-23', '--json')).out);
    expect(doc.dataQuality).toEqual([expect.objectContaining({ list: 'Completions', row: 10, code: 'ROW.UNTERMINATED_QUOTE', reason: expect.stringContaining('11行目から読み直しました') })]);
    const completions = doc.summary.lists.find((l: { list: string }) => l.list === 'Completions');
    expect(completions).toEqual({ list: 'Completions', rows: dataRows, read: dataRows - 1, refused: 1 });
    expect(doc.summary.rows).toBe(doc.summary.rowsRead + doc.summary.rowsSkipped);
    expect(doc.summary.rowsSkipped).toBe(1);
  });

  // Four people with the same facts on different dates: a before the evaluation date (3/31), b
  // after it but before today (11/23), c after today; d holds the qualification without a date.
  const PROGRAMME = `
id: truth-city
label: 事実市
municipality: 事実市
source: 事実市DX方針
planStartFiscalYear: 2025
grades: [{ id: shuji, label: 主事, rank: 1 }]
courses: [{ id: literacy, label: リテラシー研修 }]
qualifications: [{ id: it-passport, label: ITパスポート }]
skillMap: { label: スキル, levels: [{ level: 1, label: 基礎 }], skills: [{ id: data, label: データ利活用 }] }
roles:
  - { id: course, label: 受講, assignment: all, steps: [{ id: s, label: 受講, requires: { course: literacy } }] }
  - { id: qualification, label: 資格, assignment: all, steps: [{ id: s, label: 資格, requires: { qualification: it-passport } }] }
  - { id: skill, label: スキル, assignment: all, steps: [{ id: s, label: スキル, requires: { skill: { id: data, level: 1 } } }] }
kpis:
  - { id: course, label: 受講率, measure: { stepRate: { role: course, step: s, population: allStaff } } }
  - { id: qualification, label: 資格保有率, measure: { stepRate: { role: qualification, step: s, population: allStaff } } }
  - { id: skill, label: スキル到達率, measure: { stepRate: { role: skill, step: s, population: allStaff } } }
`;
  const people = ['a', 'b', 'c', 'd'].map((x) => `${x}@city.example.jp`);
  const on: Record<string, string> = { a: '2026-02-01', b: '2026-06-01', c: '2027-01-15' };
  const ROWS: Partial<Record<ListName, Array<Record<string, string>>>> = {
    Staff: people.map((upn) => ({ Title: upn[0]!, Upn: upn, Department: '総務部', Section: '総務課', Grade: '主事' })),
    Completions: Object.entries(on).map(([x, date]) => ({ Upn: `${x}@city.example.jp`, CourseId: 'literacy', CompletedOn: date })),
    Qualifications: [...Object.entries(on).map(([x, date]) => ({ Upn: `${x}@city.example.jp`, Qualification: 'it-passport', AcquiredOn: date })), { Upn: people[3]!, Qualification: 'it-passport', AcquiredOn: '' }],
    SkillLevels: Object.entries(on).map(([x, date]) => ({ Upn: `${x}@city.example.jp`, Skill: 'data', Level: '1', AssessedOn: date })),
  };
  const kpis = (doc: { kpis: Array<{ id: string; value: number }> }) => Object.fromEntries(doc.kpis.map((k) => [k.id, k.value]));
  /** Last 年度 at its last day: only a's facts (and d's undated qualification); this 年度 today: b's too. */
  const LAST_YEAR = { course: 25, qualification: 50, skill: 25 };
  const THIS_YEAR = { course: 50, qualification: 75, skill: 50 };
  const FUTURE = ['Completions', 'Qualifications', 'SkillLevels'];

  it('through a CSV folder and through SharePoint (the local tenant), the same parser leaves out every fact dated after the evaluation date', async () => {
    const programmeFile = join(dir, 'truth.yaml');
    writeFileSync(programmeFile, PROGRAMME);
    const csv = join(dir, 'truth-csv');
    mkdirSync(csv);
    for (const [list, rows] of Object.entries(ROWS)) {
      const header = Object.keys(rows[0]!);
      writeFileSync(join(csv, `${list}.csv`), [header.join(','), ...rows.map((r) => header.map((h) => r[h]).join(','))].join('\r\n') + '\r\n');
    }
    const fromCsv = async (asOf: string) => JSON.parse((await cli('evaluate', '--programme', programmeFile, '--data', csv, '--as-of', asOf, '--json')).out);
    const csvLast = await fromCsv('2026-03-31');
    const csvNow = await fromCsv('2026-11-23');
    expect(kpis(csvLast)).toEqual(LAST_YEAR);
    expect(kpis(csvNow)).toEqual(THIS_YEAR);
    // c's rows, dated after today, are refused where they are read, each naming its row and column.
    expect(csvNow.dataQuality.map((i: { list: string; row: number; code: string; effect: string }) => [i.list, i.row, i.code, i.effect])).toEqual(
      FUTURE.map((list) => [list, 4, 'VALUE.FUTURE_DATE', 'rowSkipped']),
    );
    expect(csvNow.summary).toMatchObject({ rows: 14, rowsRead: 11, rowsSkipped: 3 });

    // The same facts typed straight into the SharePoint lists (import would refuse c's rows).
    const tenant = await startLocalTenant({ port: 0, seed: false });
    try {
      writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
      const { SKILLSTEPS_SITE: _site, ...env } = localTenantEnv(tenant, join(dir, 'ca.pem'));
      expect((await cliWith(env, 'provision', '--site', tenant.siteId)).code).toBe(0);
      const api = createGraphApi({
        baseUrl: tenant.url,
        credential: appCredential({ baseUrl: tenant.url, authorityHost: tenant.url, tenantId: tenant.tenantId, clientId: tenant.clientId, clientSecret: tenant.clientSecret, managedIdentity: false, localCaFile: join(dir, 'ca.pem'), concurrency: 2, maxRetries: 3, pageSize: 100 }),
        caPem: tenant.caPem,
        concurrency: 2,
        maxRetries: 3,
      });
      const ids = await listIds(api, tenant.siteId);
      const future = new Map<string, string>();
      for (const [list, rows] of Object.entries(ROWS) as Array<[ListName, Array<Record<string, string>>]>) {
        for (const row of rows) {
          const item = await createItem(api, tenant.siteId, ids[list], { Title: row.Title ?? row.Upn!, ...toGraphFields(list, row) });
          if (row.Upn === people[2]) future.set(list, item.id);
        }
      }
      const fromSite = async (asOf: string) => JSON.parse((await cliWith(env, 'evaluate', '--programme', programmeFile, '--site', tenant.siteId, '--as-of', asOf, '--json')).out);
      const siteLast = await fromSite('2026-03-31');
      const siteNow = await fromSite('2026-11-23');
      expect(kpis(siteLast)).toEqual(LAST_YEAR);
      expect(kpis(siteNow)).toEqual(THIS_YEAR);
      expect(siteNow.dataQuality.map((i: { list: string; itemId: string; code: string }) => [i.list, i.itemId, i.code])).toEqual(
        FUTURE.map((list) => [list, future.get(list), 'VALUE.FUTURE_DATE']),
      );
      expect(siteNow.summary).toMatchObject({ rows: 14, rowsRead: 11, rowsSkipped: 3 });
    } finally {
      await tenant.close();
    }
  }, 60_000);
});
