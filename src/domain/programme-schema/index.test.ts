import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgrammeYaml, type LocatedProgrammeError } from '../../app/programme-text';
import { parseFiscalYearKey, validateProgramme } from './index';

/** The worked example (valid); each case below breaks it in one place. */
const EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'tests', 'fixtures', 'example-programme.yaml'), 'utf8');

/** Replaces one exact snippet of the example; a snippet that is missing or ambiguous fails the test. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`snippet must occur exactly once: ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The 1-based line of the first line containing `snippet`. */
function lineOf(text: string, snippet: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(snippet));
  if (i < 0) throw new Error(`no line contains ${JSON.stringify(snippet)}`);
  return i + 1;
}

function errorsOf(text: string): LocatedProgrammeError[] {
  const result = parseProgrammeYaml(text);
  if (result.ok) throw new Error('expected the programme to be refused');
  return result.errors;
}

/** A small valid programme for cases that are easier to write from scratch. */
const SMALL = `
id: small-city
label: 小さな市
municipality: 小さな市
source: 小さな市DX方針
planStartFiscalYear: 2025
grades:
  - { id: shuji, label: 主事, rank: 1 }
courses:
  - { id: literacy, label: DXリテラシー研修 }
roles:
  - id: all-staff
    label: 全職員
    assignment: all
    steps:
      - id: step1
        label: Step1
        requires: { course: literacy }
`;

interface Case {
  name: string;
  text: () => string;
  /** Every error the file must produce: exact path, and the reason (exact text or a pattern). */
  errors: Array<{ path: string; message: string | RegExp; line?: (text: string) => number }>;
}

const cases: Case[] = [
  {
    name: 'a required field is missing',
    text: () => edit(EXAMPLE, 'municipality: { ja: 例示市, en: Example City }\n', ''),
    errors: [{ path: 'municipality', message: 'required' }],
  },
  {
    name: 'a required field of a list item is missing (reported on the item)',
    text: () => edit(EXAMPLE, '    label: { ja: 情報セキュリティ研修 }\n', ''),
    errors: [{ path: 'courses[1].label', message: 'required', line: (t) => lineOf(t, '- id: security') }],
  },
  {
    name: 'a value of the wrong type',
    text: () => edit(EXAMPLE, '    hours: 2\n', '    hours: two\n'),
    errors: [{ path: 'courses[0].hours', message: 'expected a number, got "two"', line: (t) => lineOf(t, 'hours: two') }],
  },
  {
    name: 'a list where a mapping belongs',
    text: () => edit(EXAMPLE, 'digest: { weekday: 1, time: "09:00" }', 'digest: [1, "09:00"]'),
    errors: [{ path: 'digest', message: 'expected a mapping, got a list' }],
  },
  {
    name: 'an unknown field, with a "did you mean" suggestion',
    text: () => edit(EXAMPLE, '    renewsEveryFiscalYear: true', '    renewEveryFiscalYear: true'),
    errors: [
      {
        path: 'courses[1].renewEveryFiscalYear',
        message: /^unknown field \(did you mean "renewsEveryFiscalYear"\?\) \(allowed: id, label, .*\)$/,
        line: (t) => lineOf(t, 'renewEveryFiscalYear'),
      },
    ],
  },
  {
    name: 'an unknown field whose letters are swapped ("stesp") still gets its suggestion',
    text: () => edit(EXAMPLE, '    assignment: all\n', '    assignment: all\n    stesp: []\n'),
    errors: [{ path: 'roles[0].stesp', message: /^unknown field \(did you mean "steps"\?\)/ }],
  },
  {
    name: 'an unknown top-level section',
    text: () => edit(EXAMPLE, 'kpis:\n', 'kpi:\n'),
    // Without kpis the settings and targets are simply absent; only the misspelt key is wrong.
    errors: [{ path: 'kpi', message: /^unknown field \(did you mean "kpis"\?\)/ }],
  },
  {
    name: 'a duplicate id',
    text: () => edit(EXAMPLE, '  - id: bpr-workshop', '  - id: security'),
    errors: [{ path: 'courses[2].id', message: 'duplicate id "security" (also courses[1])', line: (t) => lineOf(t, 'category: 実践') - 2 }],
  },
  {
    name: 'a role and a certification with the same id (they share the Roles list)',
    text: () => edit(EXAMPLE, '  - id: adviser-role', '  - id: adviser'),
    errors: [{ path: 'certifications[0].id', message: 'duplicate id "adviser" (also roles[2])' }],
  },
  {
    name: 'a duplicate step id within a role',
    text: () => edit(EXAMPLE, '      - id: step2\n        label: { ja: Step2 案件 }', '      - id: step1\n        label: { ja: Step2 案件 }'),
    errors: [{ path: 'roles[1].steps[1].id', message: 'duplicate id "step1" (also roles[1].steps[0])' }],
  },
  {
    name: 'an unknown course in a step requirement',
    text: () => edit(EXAMPLE, '            - course: security', '            - course: dx-literacy'),
    errors: [
      {
        path: 'roles[0].steps[0].requires.allOf[1].course',
        message: 'unknown course "dx-literacy" (did you mean "literacy"?)',
        line: (t) => lineOf(t, 'course: dx-literacy'),
      },
    ],
  },
  {
    name: 'an unknown course group in an hours requirement',
    text: () => edit(EXAMPLE, 'requires: { hours: { group: practice, min: 8 } }', 'requires: { hours: { group: practise, min: 8 } }'),
    errors: [{ path: 'roles[1].steps[0].requires.hours.group', message: 'unknown course group "practise" (did you mean "practice"?)' }],
  },
  {
    name: 'an unknown requirement kind',
    text: () => edit(EXAMPLE, '            - course: security', '            - cource: security'),
    errors: [
      {
        path: 'roles[0].steps[0].requires.allOf[1]',
        message: /^unknown requirement kind "cource" \(did you mean "course"\?\) \(expected one of allOf, anyOf, atLeast, course, /,
      },
    ],
  },
  {
    name: 'two kinds in one requirement',
    text: () => edit(EXAMPLE, "requires: { skill: { id: data, level: 1 } }", 'requires: { skill: { id: data, level: 1 }, course: literacy }'),
    errors: [{ path: 'roles[0].steps[1].requires', message: 'a requirement has exactly one kind, got "skill" and "course" (wrap them in allOf)' }],
  },
  {
    name: 'an id that is not lower-case letters, digits and hyphens',
    text: () => edit(EXAMPLE, '  - id: bpr-workshop', '  - id: BPR_Workshop'),
    errors: [{ path: 'courses[2].id', message: '"BPR_Workshop" is not a valid id (lower-case letters, digits and hyphens, e.g. "dx-leader")' }],
  },
  {
    name: 'atLeast n larger than its list',
    text: () =>
      edit(EXAMPLE, 'requires: { skill: { id: data, level: 1 } }', 'requires: { atLeast: { n: 3, of: [{ course: literacy }, { course: security }] } }'),
    errors: [{ path: 'roles[0].steps[1].requires.atLeast.n', message: 'needs 3 of only 2 requirements' }],
  },
  {
    name: 'an unknown $setting',
    text: () => edit(EXAMPLE, 'project: { as: member, reportScore: $reportMinScore }', 'project: { as: member, reportScore: $reportMinScor }'),
    errors: [{ path: 'certifications[0].requires.project.reportScore', message: 'unknown setting "$reportMinScor" (did you mean "reportMinScore"?)' }],
  },
  {
    name: 'a setting that is never used',
    text: () => edit(EXAMPLE, 'settings:\n', 'settings:\n  spare: { label: 予備, value: 1 }\n'),
    errors: [{ path: 'settings.spare', message: 'setting "spare" is never used', line: (t) => lineOf(t, 'spare:') }],
  },
  {
    name: 'a setting that refers to another setting is reported once, not again where it is used',
    text: () => edit(EXAMPLE, '    value: 3.5\n    fillIn: true\n    note:', '    value: $memberMinScore\n    fillIn: true\n    note:'),
    errors: [{ path: 'settings.reportMinScore.value', message: 'a setting cannot refer to another setting' }],
  },
  {
    name: 'a setting whose value is not a number is reported once',
    text: () => edit(EXAMPLE, '    value: 3.5\n    fillIn: true\n    note:', '    value: 三・五\n    fillIn: true\n    note:'),
    errors: [{ path: 'settings.reportMinScore.value', message: 'expected a number, got "三・五"' }],
  },
  {
    name: 'certifications that require each other',
    text: () =>
      edit(
        EXAMPLE,
        '      project: { as: member, reportScore: $reportMinScore }',
        '      allOf: [{ certification: expert }, { project: { as: member, reportScore: $reportMinScore } }]',
      ),
    errors: [{ path: 'certifications[0].requires', message: 'certifications require each other in a cycle: adviser → expert → adviser' }],
  },
  {
    name: 'assignment "grade" without grades',
    text: () => edit(EXAMPLE, '    assignment: all\n', '    assignment: grade\n'),
    errors: [{ path: 'roles[0].grades', message: 'a role assigned by grade needs the grades that hold it' }],
  },
  {
    name: 'a nominated role naming an unknown grade',
    text: () => edit(EXAMPLE, 'eligibleGrades: [kakaricho, shunin]', 'eligibleGrades: [kakaricho, shunnin]'),
    errors: [{ path: 'roles[1].nomination.eligibleGrades[1]', message: 'unknown grade "shunnin" (did you mean "shunin"?)' }],
  },
  {
    name: 'a KPI stepRate naming a step its role does not have',
    text: () => edit(EXAMPLE, 'measure: { coverage: { role: dx-leader, per: section } }', 'measure: { stepRate: { role: dx-leader, step: step3 } }'),
    errors: [
      { path: 'kpis[1].measure.stepRate.step', message: 'role "dx-leader" has no step "step3" (did you mean "step1"?)' },
      { path: 'kpis[1].measure', message: /^written as stepRate: \{ role: <role>, step: <step of the role> \[, population\] \}; people who meet any requirement/ },
    ],
  },
  {
    name: 'a KPI counting holders of a certification at a step',
    text: () => edit(EXAMPLE, 'measure: { holders: { of: [adviser] } }', 'measure: { holders: { of: [adviser], step: step1 } }'),
    errors: [
      { path: 'kpis[2].measure.holders.step', message: '"adviser" is a certification, which has no steps' },
      { path: 'kpis[2].measure', message: /^written as holders: .* counted with count, rate or coverage: \{ who: <requirement> \}$/ },
    ],
  },
  {
    name: 'a time without its leading zero',
    text: () => edit(EXAMPLE, 'time: "09:00"', 'time: "9:00"'),
    errors: [{ path: 'digest.time', message: 'expected a time like "09:30", got "9:00"' }],
  },
  {
    name: 'an hour that does not exist',
    text: () => edit(EXAMPLE, '  overdueEveryDays: 7\n', '  overdueEveryDays: 7\n  sendFrom: "25:00"\n'),
    errors: [{ path: 'reminders.sendFrom', message: 'expected a time like "09:30", got "25:00"' }],
  },
  {
    name: 'a send window that ends before it starts',
    text: () => edit(EXAMPLE, '  overdueEveryDays: 7\n', '  overdueEveryDays: 7\n  sendFrom: "17:00"\n  sendUntil: "09:00"\n'),
    errors: [{ path: 'reminders.sendUntil', message: 'must be later than sendFrom (17:00)' }],
  },
  {
    name: 'a rule for due dates on closed days that does not exist',
    text: () => edit(EXAMPLE, '  overdueEveryDays: 7\n', '  overdueEveryDays: 7\n  dueOnClosedDay: previousBusinessDay\n'),
    errors: [{ path: 'reminders.dueOnClosedDay', message: 'expected one of previousWorkingDay, nextWorkingDay, asWritten, got "previousBusinessDay"' }],
  },
  {
    name: 'a digest on a weekend',
    text: () => edit(EXAMPLE, 'digest: { weekday: 1,', 'digest: { weekday: 6,'),
    errors: [{ path: 'digest.weekday', message: 'must be at most 5, got 6' }],
  },
  {
    name: 'a percentage target above 100',
    text: () => edit(EXAMPLE, 'targets: { 2026: 50, R12: 100 }', 'targets: { 2026: 50, R12: 120 }'),
    errors: [{ path: 'kpis[0].targets.R12', message: 'a percentage target cannot exceed 100, got 120' }],
  },
  {
    name: 'two targets for the same fiscal year (2026 and R8)',
    text: () => edit(EXAMPLE, 'targets: { 2026: 50, R12: 100 }', 'targets: { 2026: 50, R8: 60, R12: 100 }'),
    errors: [{ path: 'kpis[0].targets.R8', message: 'fiscal year 2026 has two targets ("2026" and "R8")' }],
  },
  {
    name: 'a negative approximate target',
    text: () => edit(EXAMPLE, 'targets: { 2026: "~20" }', 'targets: { 2026: "~-20" }'),
    errors: [{ path: 'kpis[2].targets.2026', message: 'must be at least 0, got -20' }],
  },
  {
    name: 'a target key that is not a fiscal year',
    text: () => edit(EXAMPLE, 'targets: { 2027: 100 }', 'targets: { next-year: 100 }'),
    errors: [{ path: 'kpis[1].targets.next-year', message: '"next-year" is not a fiscal year (write 2025, R7, 令和7, or Y5 for the fifth year of the plan)' }],
  },
  {
    name: 'a skill level outside the scale, nested in allOf (the path leads to the level)',
    text: () => edit(EXAMPLE, '            - course: security\n', '            - course: security\n            - skill: { id: data, level: 9 }\n'),
    errors: [{ path: 'roles[0].steps[0].requires.allOf[2].skill.level', message: 'skill level 9 is outside the scale 0–3', line: (t) => lineOf(t, 'level: 9') }],
  },
  {
    name: 'an evaluation threshold outside the scale, nested in allOf',
    text: () => edit(EXAMPLE, 'evaluations: { member: $memberMinScore }', 'evaluations: { member: 9 }').replace('  memberMinScore:\n    label: { ja: メンバー評価の基準点 }\n    value: 3.5\n    fillIn: true\n', ''),
    errors: [{ path: 'certifications[1].requires.allOf[1].project.evaluations.member', message: 'score 9 is outside the evaluation scale 1–5' }],
  },
  {
    name: 'a report score outside the scale',
    text: () => edit(EXAMPLE, '    value: 3.5\n    fillIn: true\n    note:', '    value: 7\n    fillIn: true\n    note:'),
    // The setting is used twice; each use is out of the 1–5 scale.
    errors: [
      { path: 'certifications[0].requires.project.reportScore', message: 'score 7 is outside the report scale 1–5' },
      { path: 'certifications[1].requires.allOf[1].project.reportScore', message: 'score 7 is outside the report scale 1–5' },
    ],
  },
  {
    name: 'a due rule with two kinds',
    text: () => edit(EXAMPLE, 'due: { fiscalMonthDay: "12-25" }', 'due: { fiscalMonthDay: "12-25", date: 2026-12-25 }'),
    errors: [{ path: 'courses[0].due', message: 'give exactly one of date, fiscalMonthDay or monthsAfterRoleStart' }],
  },
  {
    name: 'a due month-day that does not exist',
    text: () => edit(EXAMPLE, 'due: { fiscalMonthDay: "12-25" }', 'due: { fiscalMonthDay: "02-30" }'),
    errors: [{ path: 'courses[0].due.fiscalMonthDay', message: 'expected a month and day like "12-25" or { month: 12, day: 25 }, got "02-30"' }],
  },
  {
    name: 'a plan start that is not a fiscal year',
    text: () => edit(EXAMPLE, 'planStartFiscalYear: 2026', 'planStartFiscalYear: 26'),
    errors: [{ path: 'planStartFiscalYear', message: 'expected a fiscal year like 2025 or R7, got 26' }],
  },
  {
    name: 'a course address that is not https',
    text: () => edit(EXAMPLE, '    category: 実践\n', '    category: 実践\n    url: http://intra.example/bpr\n'),
    errors: [{ path: 'courses[2].url', message: 'expected an https:// address, got "http://intra.example/bpr"' }],
  },
  {
    name: 'a small file: excludeRoles on a role that is not open to all',
    text: () => edit(SMALL, '    steps:\n', '    excludeRoles: [all-staff]\n    steps:\n').replace('assignment: all', 'assignment: appointed'),
    errors: [{ path: 'roles[0].excludeRoles', message: 'excludeRoles only applies to assignment "all" (this role is "appointed")' }],
  },
  {
    name: 'a small file: the whole file is a list',
    text: () => '- id: x\n- id: y\n',
    errors: [{ path: '(root)', message: 'expected a mapping, got a list', line: () => 1 }],
  },
];

describe('validateProgramme / parseProgrammeYaml: mistakes in a programme file', () => {
  it('accepts the worked example and the small programme as they are', () => {
    expect(parseProgrammeYaml(EXAMPLE).ok).toBe(true);
    expect(parseProgrammeYaml(SMALL).ok).toBe(true);
  });

  it.each(cases)('reports $name with its exact path and reason', ({ text, errors }) => {
    const t = text();
    const got = errorsOf(t);
    // Exactly these errors: one mistake must not bury the report in follow-on noise.
    expect(got.map((e) => e.path)).toEqual(errors.map((e) => e.path));
    errors.forEach((want, i) => {
      const e = got[i]!;
      if (typeof want.message === 'string') expect(e.message).toBe(want.message);
      else expect(e.message).toMatch(want.message);
      if (want.line) expect(e.line).toBe(want.line(t));
    });
  });

  it('reports several mistakes in one file, all of them, each at its own line', () => {
    let t = edit(EXAMPLE, '    hours: 2\n', '    hours: two\n');
    t = edit(t, '            - course: security', '            - course: dx-literacy');
    t = edit(t, 'time: "09:00"', 'time: "9:00"');
    t = edit(t, '  - id: bpr-workshop', '  - id: BPR_Workshop');
    t = edit(t, 'targets: { 2026: 50, R12: 100 }', 'targets: { 2026: 50, R12: 120 }');
    const got = errorsOf(t);
    const byPath = new Map(got.map((e) => [e.path, e]));
    expect(got).toHaveLength(5);
    expect(byPath.get('courses[0].hours')).toMatchObject({ message: 'expected a number, got "two"', line: lineOf(t, 'hours: two') });
    expect(byPath.get('courses[2].id')).toMatchObject({ line: lineOf(t, 'BPR_Workshop') });
    expect(byPath.get('roles[0].steps[0].requires.allOf[1].course')).toMatchObject({
      message: 'unknown course "dx-literacy" (did you mean "literacy"?)',
      line: lineOf(t, 'course: dx-literacy'),
    });
    expect(byPath.get('digest.time')).toMatchObject({ line: lineOf(t, 'digest:') });
    expect(byPath.get('kpis[0].targets.R12')).toMatchObject({ line: lineOf(t, 'R12: 120') });
  });

  it('reports a YAML syntax error as a YAML error, not as a schema error', () => {
    const t = edit(EXAMPLE, '  - { id: member, label', '  - { id: member label');
    const got = errorsOf(t);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((e) => e.path === '(yaml)')).toBe(true);
  });

  it('reports a repeated key as a YAML error', () => {
    const got = errorsOf(edit(EXAMPLE, 'version: "2026.1"\n', 'version: "2026.1"\nversion: "2"\n'));
    expect(got).toEqual([expect.objectContaining({ path: '(yaml)', message: 'Map keys must be unique' })]);
  });

  it('gives the line of a YAML syntax error', () => {
    const t = edit(EXAMPLE, 'version: "2026.1"\n', 'version: "2026.1\n');
    const got = errorsOf(t);
    expect(got[0]).toMatchObject({ path: '(yaml)', line: lineOf(t, 'version:') });
  });

  it('validates an already-parsed object the same way, without lines', () => {
    const result = validateProgramme({ id: 'x', label: 'x', municipality: 'x', source: 'x', planStartFiscalYear: 'R7', grades: [], roles: 'none' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ path: 'roles', message: 'expected a list, got "none"' }]);
  });
});

describe('parseFiscalYearKey', () => {
  it.each([
    ['2025', 2025],
    ['２０２５', 2025],
    ['2025年度', 2025],
    ['FY2025', 2025],
    ['R7', 2025],
    ['令和7年度', 2025],
    ['令和元年度', 2019],
    ['r1', 2019],
  ])('reads %s as %i', (key, fy) => expect(parseFiscalYearKey(key)).toBe(fy));

  it.each(['25', '令和', 'R', 'next', '2025-04'])('does not read %s', (key) => expect(parseFiscalYearKey(key)).toBeUndefined());
});
