import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgrammeYaml } from '../../app/programme-text';

/**
 * The validator's messages, word for word, for mistakes index.test.ts does not cover: each case breaks
 * the worked example in a few places and lists every error it must produce, in order, as
 * `path: message`. A change to any message, its path or the order shows here.
 */
const EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'tests', 'fixtures', 'example-programme.yaml'), 'utf8');

/** Replaces each snippet of the example, which must occur exactly once. */
function applyEdits(edits: Array<[string, string]>): string {
  let text = EXAMPLE;
  for (const [from, to] of edits) {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`snippet must occur exactly once: ${JSON.stringify(from)}`);
    text = text.slice(0, at) + to + text.slice(at + from.length);
  }
  return text;
}

/** The line under a wrong measure (validate.ts explainMeasures): how it is written, and the measures over any requirement. */
const FORMS = {
  completionRate: 'completionRate: { course: <course> | group: <course group> [, minHours: <n>] [, population] }',
  stepRate: 'stepRate: { role: <role>, step: <step of the role> [, population] }',
  holders: 'holders: { of: [<roles or certifications>] [, step: <step>] }',
  coverage: 'coverage: { role: <role> [, step: <step>] | who: <requirement>, per: section | department, min: <n>, excludeDepartments: [<departments>] }',
  projects: 'projects: {}',
  count: 'count: { who: <requirement> [, population] [, period: cumulative | fiscalYear] }',
  rate: 'rate: { who: <requirement> [, population] [, period: cumulative | fiscalYear] }',
};
const ANY_REQUIREMENT = 'people who meet any requirement (a qualification, a skill level, a course, a step of a role, a certification, allOf / anyOf of them) are counted with count, rate or coverage: { who: <requirement> }';
const writtenAs = (kind: 'completionRate' | 'stepRate' | 'holders' | 'coverage'): string => `written as ${FORMS[kind]}; ${ANY_REQUIREMENT}`;
const ONE_OF = `a measure is written as one of: ${Object.values(FORMS).join('; ')}`;

type Case = { name: string; errors: string[] } & ({ edits: Array<[string, string]> } | { text: string });

const cases: Case[] = [
  {
    name: 'an unknown field in a course, with its suggestion and the allowed fields',
    edits: [['    hours: 8\n', '    hours: 8\n    hour: 3\n']],
    errors: [
      'courses[2].hour: unknown field (did you mean "hours"?) (allowed: id, label, category, hours, provider, url, due, renewsEveryFiscalYear, aliases)',
    ],
  },
  {
    name: 'a label that is neither text nor { ja, en }',
    edits: [['label: { ja: 例示市 DX人材育成, en: Example City DX talent programme }', 'label: 42']],
    errors: ['label: expected a mapping, got 42'],
  },
  {
    name: 'a yes/no field written as text',
    edits: [['    renewsEveryFiscalYear: true', '    renewsEveryFiscalYear: "yes"']],
    errors: ['courses[1].renewsEveryFiscalYear: expected true or false, got "yes"'],
  },
  {
    name: 'a blank label',
    edits: [['  - { id: mentoring, label: { ja: 後進の指導 } }', '  - { id: mentoring, label: \'  \' }']],
    errors: ['contributionKinds[0].label: must not be empty'],
  },
  {
    name: 'an alias that is not text',
    edits: [['aliases: [主事補]', 'aliases: [主事補, { x: 1 }]']],
    errors: ['grades[4].aliases[1]: expected text, got a mapping'],
  },
  {
    name: 'unknown grade, skill, holder, contribution kind and certification references, and a level the skill map lacks',
    edits: [
      ['eligibleGrades: [kakaricho, shunin]', 'eligibleGrades: [kakaricho, chief]'],
      ['- { holder: dx-leader, skill: data, level: 2 }', '- { holder: dx-leeder, skill: dta, level: 3 }'],
      ['certification: adviser\n\ncertifications', 'certification: advisor\n\ncertifications'],
      ['contribution: { kind: mentoring, min: 2 }', 'contribution: coaching'],
    ],
    errors: [
      'skillMap.expectations[0].level: level 3 is not one of the skill map\'s levels (1, 2)',
      'skillMap.expectations[0].holder: unknown role or certification "dx-leeder" (did you mean "dx-leader"?)',
      'skillMap.expectations[0].skill: unknown skill "dta" (did you mean "data"?)',
      'roles[1].nomination.eligibleGrades[1]: unknown grade "chief"',
      'roles[1].steps[1].requires.anyOf[1].contribution: unknown contribution kind "coaching"',
      'roles[2].certification: unknown certification "advisor" (did you mean "adviser"?)',
    ],
  },
  {
    name: 'a misspelt assignment (the role is then read as appointed)',
    edits: [['    assignment: nominated\n', '    assignment: nominate\n']],
    errors: [
      'roles[1].assignment: expected one of all, grade, nominated, appointed, certified, self, got "nominate" (did you mean "nominated"?)',
      'roles[1].nomination: nomination rules only apply to assignment "nominated" (this role is "appointed")',
    ],
  },
  {
    name: 'grades, certification and nomination on a role open to all',
    edits: [['    assignment: all\n', '    assignment: all\n    grades: [shuji]\n    certification: adviser\n    nomination: { eligibleGrades: [shuji] }\n']],
    errors: [
      'roles[0].grades: grades only apply to assignment "grade" (this role is "all")',
      'roles[0].certification: certification only applies to assignment "certified" (this role is "all")',
      'roles[0].nomination: nomination rules only apply to assignment "nominated" (this role is "all")',
    ],
  },
  {
    name: 'a nominated role without nomination rules',
    edits: [
      ['    nomination:\n      eligibleGrades: [kakaricho, shunin]\n      gradeRuleStrict: false\n      seatsPerSection: 1\n      transferWindowMonths: 6\n', ''],
    ],
    errors: ['roles[1].nomination: a nominated role needs nomination rules (eligibleGrades, seats, approver)'],
  },
  {
    name: 'nomination seats, transfer window and approver out of range',
    edits: [
      ['      seatsPerSection: 1\n      transferWindowMonths: 6\n', '      seatsPerSection: 0\n      seatsPerDepartment: 1.5\n      transferWindowMonths: -1\n      approver: boss\n'],
    ],
    errors: [
      'roles[1].nomination.seatsPerSection: must be at least 1, got 0',
      'roles[1].nomination.seatsPerDepartment: expected a whole number, got 1.5',
      'roles[1].nomination.transferWindowMonths: must be at least 0, got -1',
      'roles[1].nomination.approver: expected one of sectionManager, departmentManager, programmeOffice, got "boss"',
    ],
  },
  {
    name: 'a certified role that names no certification',
    edits: [['    certification: adviser\n\n', '\n']],
    errors: ['roles[2].certification: required'],
  },
  {
    name: 'every requirement kind written the wrong way, and kinds that are object properties (toString, constructor)',
    edits: [
      ['        requires: { skill: { id: data, level: 1 } }', '        requires:\n          - allOf: []\n          - anyOf: { course: literacy }\n          - {}\n          - atLeast: { n: 0, of: nothing }\n          - qualification: [it-passport, 3]\n          - qualification: itpassport\n          - role: { id: dx-leader, months: -1, since: 2020 }\n          - skill: { id: data, level: 0, assessedBy: boss }\n          - course: ""\n          - certification: [adviser]\n          - hours: { group: practice, min: -2 }\n          - courses: { group: practice, min: 1.5, withinFiscalYear: 1 }\n          - label: 名前だけ\n          - toString: x\n          - constructor: { id: x }'],
    ],
    errors: [
      'roles[0].steps[1].requires[0].allOf: needs at least one requirement',
      'roles[0].steps[1].requires[1].anyOf: expected a list of requirements, got a mapping',
      'roles[0].steps[1].requires[2]: a requirement needs one of: allOf, anyOf, atLeast, course, hours, courses, qualification, project, contribution, certification, skill, role, holds, step',
      'roles[0].steps[1].requires[3].atLeast.n: must be at least 1, got 0',
      'roles[0].steps[1].requires[3].atLeast.of: expected a list of requirements, got "nothing"',
      'roles[0].steps[1].requires[4].qualification: expected a qualification id or a list of ids (any one of them), got a list',
      'roles[0].steps[1].requires[6].role.since: unknown field (allowed: id, months)',
      'roles[0].steps[1].requires[6].role.months: must be at least 0, got -1',
      'roles[0].steps[1].requires[7].skill.level: must be at least 1, got 0',
      'roles[0].steps[1].requires[7].skill.assessedBy: expected one of self, manager, any, got "boss"',
      'roles[0].steps[1].requires[8].course: expected a course id, got ""',
      'roles[0].steps[1].requires[9].certification: expected a certification id, got a list',
      'roles[0].steps[1].requires[10].hours.min: must be at least 0, got -2',
      'roles[0].steps[1].requires[11].courses.min: expected a whole number, got 1.5',
      'roles[0].steps[1].requires[11].courses.withinFiscalYear: expected true or false, got 1',
      'roles[0].steps[1].requires[12]: a requirement needs one of: allOf, anyOf, atLeast, course, hours, courses, qualification, project, contribution, certification, skill, role, holds, step',
      'roles[0].steps[1].requires[13]: unknown requirement kind "toString" (expected one of allOf, anyOf, atLeast, course, hours, courses, qualification, project, contribution, certification, skill, role, holds, step)',
      'roles[0].steps[1].requires[14]: unknown requirement kind "constructor" (expected one of allOf, anyOf, atLeast, course, hours, courses, qualification, project, contribution, certification, skill, role, holds, step)',
      'roles[0].steps[1].requires[5].qualification: unknown qualification "itpassport" (did you mean "it-passport"?)',
    ],
  },
  {
    name: 'a step without requires',
    edits: [['        requires: { hours: { group: practice, min: 8 } }\n', '']],
    errors: ['roles[1].steps[0].requires: required'],
  },
  {
    name: 'a project requirement with every option wrong',
    edits: [
      ['project: { as: leader, months: 12 }', 'project: { as: boss, months: 0, count: 2.5, consecutiveFiscalYears: 1, completed: maybe, reportScore: high, evaluations: { membr: 3, executive: 0 }, extra: 1 }'],
    ],
    errors: [
      'roles[1].steps[1].requires.anyOf[0].project.extra: unknown field (allowed: as, count, months, consecutiveFiscalYears, completed, reportScore, evaluations)',
      'roles[1].steps[1].requires.anyOf[0].project.reportScore: expected a number, got "high"',
      'roles[1].steps[1].requires.anyOf[0].project.as: expected one of leader, member, any, got "boss"',
      'roles[1].steps[1].requires.anyOf[0].project.count: expected a whole number, got 2.5',
      'roles[1].steps[1].requires.anyOf[0].project.months: must be at least 1, got 0',
      'roles[1].steps[1].requires.anyOf[0].project.consecutiveFiscalYears: must be at least 2, got 1',
      'roles[1].steps[1].requires.anyOf[0].project.completed: expected true or false, got "maybe"',
      'roles[1].steps[1].requires.anyOf[0].project.evaluations.membr: unknown perspective "membr" (did you mean "member"?)',
      'roles[1].steps[1].requires.anyOf[0].project.evaluations.executive: score 0 is outside the evaluation scale 1–5',
    ],
  },
  {
    name: 'a contribution requirement with a misspelt option and bad counts',
    edits: [['contribution: { kind: mentoring, min: 2 }', 'contribution: { kind: mentoring, min: 0, withinMonths: 1.5, kinds: 1 }']],
    errors: [
      'roles[1].steps[1].requires.anyOf[1].contribution.kinds: unknown field (did you mean "kind"?) (allowed: kind, min, withinMonths)',
      'roles[1].steps[1].requires.anyOf[1].contribution.min: must be at least 1, got 0',
      'roles[1].steps[1].requires.anyOf[1].contribution.withinMonths: expected a whole number, got 1.5',
    ],
  },
  {
    name: 'an unknown KPI measure, with its suggestion',
    edits: [['measure: { completionRate: { course: literacy } }', 'measure: { completionRatio: { course: literacy } }']],
    errors: [
      'kpis[0].measure: unknown measure "completionRatio" (did you mean "completionRate"?) (expected one of completionRate, stepRate, holders, coverage, projects, count, rate)',
      `kpis[0].measure: ${ONE_OF}`,
    ],
  },
  {
    name: 'KPI measures with conflicting options, an unknown role and two measures at once',
    edits: [
      ['measure: { completionRate: { course: literacy } }', 'measure: { completionRate: { course: literacy, group: practice, minHours: 2, population: { role: dx-leader, grades: [shuji] } } }'],
      ['measure: { coverage: { role: dx-leader, per: section } }', 'measure: { coverage: { role: dx-leaders, per: team, min: 0, excludeDepartments: 総務部 } }'],
      ['measure: { holders: { of: [adviser] } }', 'measure: { holders: { of: [], step: step1 }, projects: {} }'],
    ],
    errors: [
      'kpis[0].measure.completionRate: give exactly one of course or group',
      'kpis[0].measure.completionRate.population: give either role or grades, not both',
      `kpis[0].measure: ${writtenAs('completionRate')}`,
      'kpis[1].measure.coverage.per: expected one of section, department, got "team"',
      'kpis[1].measure.coverage.min: must be at least 1, got 0',
      'kpis[1].measure.coverage.excludeDepartments: expected a list of text, got "総務部"',
      'kpis[2].measure: a measure has exactly one of: completionRate, stepRate, holders, coverage, projects, count, rate',
      `kpis[2].measure: ${ONE_OF}`,
      'kpis[1].measure.coverage.role: unknown role "dx-leaders" (did you mean "dx-leader"?)',
      `kpis[1].measure: ${writtenAs('coverage')}`,
    ],
  },
  {
    name: 'a completion rate without course or group, projects with options, a stepRate over an unknown role',
    edits: [
      ['measure: { completionRate: { course: literacy } }', 'measure: { completionRate: { minHours: 2, population: { grades: [] } } }'],
      ['measure: { coverage: { role: dx-leader, per: section } }', 'measure: { projects: { count: 3 } }'],
      ['measure: { holders: { of: [adviser] } }', 'measure: { stepRate: { role: all-staff, step: stp2, population: { role: nobody } } }'],
    ],
    errors: [
      'kpis[0].measure.completionRate: give exactly one of course or group',
      'kpis[0].measure.completionRate.minHours: minHours applies to a course group',
      'kpis[0].measure.completionRate.population: give allStaff, { role: … } or { grades: [...] }',
      `kpis[0].measure: ${writtenAs('completionRate')}`,
      'kpis[1].measure.projects: takes no options (write "projects: {}")',
      `kpis[1].measure: written as ${FORMS.projects}`,
      'kpis[2].measure.stepRate.population.role: unknown role "nobody"',
      'kpis[2].measure.stepRate.step: role "all-staff" has no step "stp2" (did you mean "step2"?)',
      `kpis[2].measure: ${writtenAs('stepRate')}`,
    ],
  },
  {
    name: 'holders of one role (written as text) at a step it lacks',
    edits: [['measure: { holders: { of: [adviser] } }', 'measure: { holders: { of: dx-leader, step: step9 } }']],
    errors: ['kpis[2].measure.holders.step: role "dx-leader" has no step "step9" (did you mean "step1"?)', `kpis[2].measure: ${writtenAs('holders')}`],
  },
  {
    name: 'KPI targets: a plan year 0, an approximate non-number, a negative, an unknown setting, a list',
    edits: [
      ['targets: { 2026: 50, R12: 100 }', 'targets: { Y1: 10, 2年目: 20, Y0: 5, 令和10: "~abc", R11: -3, R12: $nope, FY2038: 30 }'],
      ['targets: { 2027: 100 }', 'targets: [100]'],
    ],
    errors: [
      'kpis[0].targets.Y0: "Y0" is not a fiscal year (write 2025, R7, 令和7, or Y5 for the fifth year of the plan)',
      'kpis[0].targets.令和10: expected a number, got "abc"',
      'kpis[0].targets.R11: must be at least 0, got -3',
      'kpis[0].targets.R12: unknown setting "$nope"',
      'kpis[1].targets: expected a mapping, got a list',
    ],
  },
  {
    // Issue 14: a sixth municipality reached for holders to count ITパスポート holders.
    name: 'holders of a qualification: named as what it is, and the measure that counts it',
    edits: [['measure: { holders: { of: [adviser] } }', 'measure: { holders: { of: [it-passport] } }']],
    errors: ['kpis[2].measure.holders.of[0]: unknown role or certification "it-passport" (it is a qualification)', `kpis[2].measure: ${writtenAs('holders')}`],
  },
  {
    name: 'count and rate written wrongly: no who, an unknown period, a step of a step, a step outside a KPI',
    edits: [
      ['measure: { completionRate: { course: literacy } }', 'measure: { rate: { population: allStaff, period: yearly } }'],
      ['measure: { holders: { of: [adviser] } }', 'measure: { count: { who: { step: { role: dx-leader, step: step3 } } } }'],
      ['        requires: { skill: { id: data, level: 1 } }', '        requires: { step: { role: dx-leader, step: step1 } }'],
    ],
    errors: [
      'roles[0].steps[1].requires.step: a step of a role can be asked only in a KPI (kpis[].measure … who); in a step or a certification, ask for what that step requires, or for holding the role (holds)',
      'kpis[0].measure.rate.who: required',
      'kpis[0].measure.rate.period: expected one of cumulative, fiscalYear, got "yearly"',
      `kpis[0].measure: written as ${FORMS.rate}`,
      'kpis[2].measure.count.who.step: role "dx-leader" has no step "step3" (did you mean "step1"?)',
      `kpis[2].measure: written as ${FORMS.count}`,
    ],
  },
  {
    name: 'coverage with both a role and a who, a step without a role, and holds of an unknown role',
    edits: [
      ['measure: { coverage: { role: dx-leader, per: section } }', 'measure: { coverage: { role: dx-leader, who: { course: literacy } } }'],
      ['measure: { holders: { of: [adviser] } }', 'measure: { coverage: { who: { holds: [dx-leeder] }, step: step1 } }'],
    ],
    errors: [
      'kpis[1].measure.coverage: give exactly one of role (holders of a role, optionally at a step) or who (people meeting a requirement)',
      `kpis[1].measure: ${writtenAs('coverage')}`,
      'kpis[2].measure.coverage.step: step applies to a role (for who, write who: { step: { role, step } })',
      'kpis[2].measure.coverage.who.holds[0]: unknown role or certification "dx-leeder" (did you mean "dx-leader"?)',
      `kpis[2].measure: ${writtenAs('coverage')}`,
    ],
  },
  {
    name: 'seats: empty, a minimum above the maximum, given twice, on a role open to all; declaration on a nominated role',
    edits: [
      ['    assignment: nominated\n', '    assignment: nominated\n    seats: { per: section, min: 3, max: 2 }\n    declaration: { confirmedBy: nobody }\n'],
      ['    assignment: all\n', '    assignment: all\n    seats: { per: team }\n'],
    ],
    errors: [
      'roles[0].seats.per: expected one of section, department, got "team"',
      'roles[0].seats: give min, max or both (e.g. { per: section, min: 1, max: 2 } for 「各課1〜2名」)',
      'roles[0].seats: seats apply to roles recorded in the Roles list (nominated, appointed, self); this role is "all"',
      'roles[1].declaration: declaration rules only apply to assignment "self" (this role is "nominated")',
      'roles[1].seats.min: the minimum 3 is above the maximum 2',
      'roles[1].nomination: give the seats once: seats: { per, min, max } on the role, or seatsPerSection / seatsPerDepartment here (a maximum), not both',
    ],
  },
  {
    name: 'a KPI measure that is an object property (toString), not a measure',
    edits: [['measure: { completionRate: { course: literacy } }', 'measure: { toString: { course: literacy } }']],
    errors: ['kpis[0].measure: unknown measure "toString" (expected one of completionRate, stepRate, holders, coverage, projects, count, rate)', `kpis[0].measure: ${ONE_OF}`],
  },
  {
    name: 'an unknown KPI unit',
    edits: [['    measure: { holders: { of: [adviser] } }\n', '    measure: { holders: { of: [adviser] } }\n    unit: persons\n']],
    errors: ['kpis[2].unit: expected one of percent, people, units, projects, got "persons"'],
  },
  {
    name: 'dates that do not exist, a zero month offset, a month-day mapping with an unknown field',
    edits: [
      ['due: { fiscalMonthDay: "12-25" }', 'due: { date: "2026-13-01" }'],
      ['    hours: 1\n', '    hours: 1\n    due: { monthsAfterRoleStart: 0 }\n'],
      ['    hours: 8\n', '    hours: 8\n    due: { fiscalMonthDay: { month: 13, day: 1, week: 2 } }\n'],
      ['  overdueEveryDays: 7\n', '  overdueEveryDays: 7\n  closedDays: [2026-08-14, "2026-02-30", 8/15]\n'],
    ],
    errors: [
      'courses[0].due.date: expected a date like 2026-12-25, got "2026-13-01"',
      'courses[1].due.monthsAfterRoleStart: must be at least 1, got 0',
      'courses[2].due.fiscalMonthDay.week: unknown field (allowed: month, day)',
      'courses[2].due.fiscalMonthDay: expected a month and day like "12-25" or { month: 12, day: 25 }, got a mapping',
      'reminders.closedDays[1]: expected a date like 2026-08-14, got "2026-02-30"',
      'reminders.closedDays[2]: expected a date like 2026-08-14, got "8/15"',
    ],
  },
  {
    name: 'due rules: a month-day as a number, none given, two given',
    edits: [
      ['due: { fiscalMonthDay: "12-25" }', 'due: { fiscalMonthDay: 1225 }'],
      ['    hours: 1\n', '    hours: 1\n    due: {}\n'],
      ['    hours: 8\n', '    hours: 8\n    due: { fiscalMonthDay: { month: 2, day: 29 }, date: 2026-01-01 }\n'],
    ],
    errors: [
      'courses[0].due.fiscalMonthDay: expected a month and day like "12-25" or { month: 12, day: 25 }, got 1225',
      'courses[1].due: give exactly one of date, fiscalMonthDay or monthsAfterRoleStart',
      'courses[2].due: give exactly one of date, fiscalMonthDay or monthsAfterRoleStart',
    ],
  },
  {
    name: 'reminder settings out of range or of the wrong type',
    edits: [
      ['  leadDays: [14, 3]\n  overdueEveryDays: 7\n', '  leadDays: [14, -1, 2.5, x]\n  overdueEveryDays: 0\n  minIntervalDays: -1\n  undatedEveryDays: x\n  sendFrom: 9\n  quietHours: 1\n'],
    ],
    errors: [
      'reminders.quietHours: unknown field (allowed: leadDays, overdueEveryDays, minIntervalDays, undatedEveryDays, sendFrom, sendUntil, closedDays, dueOnClosedDay)',
      'reminders.leadDays[1]: expected a whole number of days ≥ 0, got -1',
      'reminders.leadDays[2]: expected a whole number of days ≥ 0, got 2.5',
      'reminders.leadDays[3]: expected a whole number of days ≥ 0, got "x"',
      'reminders.sendFrom: expected a time like "09:30", got 9',
      'reminders.overdueEveryDays: must be at least 1, got 0',
      'reminders.minIntervalDays: must be at least 0, got -1',
      'reminders.undatedEveryDays: expected a number, got "x"',
    ],
  },
  {
    name: 'lead days that are not a list',
    edits: [['  leadDays: [14, 3]\n', '  leadDays: 14\n']],
    errors: ['reminders.leadDays: expected a list of days, got 14'],
  },
  {
    name: 'a digest on day 0 at 24:00, with an unknown field',
    edits: [['digest: { weekday: 1, time: "09:00" }', 'digest: { weekday: 0, time: "24:00", day: mon }']],
    errors: [
      'digest.day: unknown field (allowed: weekday, time)',
      'digest.weekday: must be at least 1, got 0',
      'digest.time: expected a time like "09:30", got "24:00"',
    ],
  },
  {
    name: 'scales reversed, not a mapping, with unknown fields (and the scores checked against them)',
    edits: [['\ncourses:\n', '\nscales:\n  evaluation: { min: 5, max: 1 }\n  report: 3\n  skillLevel: { min: 0, max: 3, step: 1 }\n  score: {}\n\ncourses:\n']],
    errors: [
      'scales.score: unknown field (allowed: evaluation, report, skillLevel)',
      'scales.evaluation: max (1) must be greater than min (5)',
      'scales.report: expected a mapping, got 3',
      'scales.skillLevel.step: unknown field (allowed: min, max)',
      'certifications[1].requires.allOf[1].project.evaluations.member: score 3.5 is outside the evaluation scale 5–1',
    ],
  },
  {
    name: 'a course group with neither courses nor categories',
    edits: [['    categories: [実践]\n', '']],
    errors: ['courseGroups[0]: a course group needs courses, categories or both'],
  },
  {
    name: 'a course group naming an unknown course',
    edits: [['    categories: [実践]\n', '    courses: [literacy, securty]\n']],
    errors: ['courseGroups[0].courses[1]: unknown course "securty" (did you mean "security"?)'],
  },
  {
    name: 'settings with an invalid name, an unknown field, no body, and one never used',
    edits: [
      ['  memberMinScore:\n    label: { ja: メンバー評価の基準点 }\n    value: 3.5\n    fillIn: true\n', '  memberMinScore:\n    label: { ja: メンバー評価の基準点 }\n    value: 3.5\n    fillIn: yes\n  2nd_value:\n    label: 二つ目\n    value: 1\n    unit: 点\n  empty: ~\n'],
    ],
    errors: [
      'settings.memberMinScore.fillIn: expected true or false, got "yes"',
      'settings.2nd_value.unit: unknown field (allowed: id, label, value, fillIn, note)',
      'settings.2nd_value.id: "2nd_value" is not a valid setting name (letters, digits and hyphens, starting with a letter)',
      'settings.empty: required',
      'settings.2nd_value: setting "2nd_value" is never used',
    ],
  },
  {
    name: 'settings written as a list, one never used (reported at its list position)',
    edits: [
      ['settings:\n  reportMinScore:\n    label: { ja: 報告会評価の基準点, en: Minimum report-meeting score }\n    value: 3.5\n', 'settings:\n  - id: reportMinScore\n    label: { ja: 報告会評価の基準点, en: Minimum report-meeting score }\n    value: 3.5\n'],
      ['  memberMinScore:\n    label: { ja: メンバー評価の基準点 }\n    value: 3.5\n    fillIn: true\n', '  - { id: memberMinScore, label: x, value: "3.5" }\n  - { id: unused, label: x, value: 1 }\n'],
    ],
    errors: ['settings[2]: setting "unused" is never used'],
  },
  {
    name: 'an invalid programme id and a source with a misspelt title',
    edits: [
      ['source:\n  title: 例示市DX人材育成方針\n  issuer: 例示市 DX推進課\n  issuedOn: "2026-04-01"\n', 'source:\n  titel: 例示市DX人材育成方針\n  url: ftp://x\n'],
      ['id: example-city\n', 'id: Example City\n'],
      ['planStartFiscalYear: 2026', 'planStartFiscalYear: 令和8年度'],
    ],
    errors: [
      'id: "Example City" is not a valid id (lower-case letters, digits and hyphens, e.g. "dx-leader")',
      'source.titel: unknown field (did you mean "title"?) (allowed: title, issuer, issuedOn, url)',
      'source.title: required',
    ],
  },
  {
    name: 'a negative rank, an unknown manages, a blank aspect, wrong qualification support',
    edits: [
      ['rank: 7, manages: department', 'rank: -1, manages: division'],
      ['aspect: { ja: 政策的観点 }', 'aspect: ""'],
      ['support: { feeSubsidy: true }', 'support: { fee: true, note: 3 }'],
    ],
    errors: [
      'grades[0].rank: must be at least 0, got -1',
      'grades[0].manages: expected one of section, department, got "division"',
      'perspectives[0].aspect: must not be empty',
      'qualifications[0].support.fee: unknown field (allowed: examPreparation, feeSubsidy, note)',
      'qualifications[0].support.note: expected a mapping, got 3',
    ],
  },
  {
    name: 'a skill map with a blank category, a fractional level and a duplicate skill',
    edits: [
      ['    - { level: 2, label: { ja: 実践 } }\n', '    - { level: 2, label: { ja: 実践 } }\n    - { level: 1.5, label: x }\n'],
      ['- { id: data, label: { ja: データ利活用, en: Data } }', '- { id: data, label: { ja: データ利活用, en: Data }, category: "" }\n    - { id: data, label: dup }'],
    ],
    errors: [
      'skillMap.skills[0].category: must not be empty',
      'skillMap.levels[2].level: expected a whole number, got 1.5',
      'skillMap.skills[1].id: duplicate id "data" (also skillMap.skills[0])',
    ],
  },
  {
    name: 'a certification with level 0 and an unknown field',
    edits: [['    level: 2\n', '    level: 0\n    prerequisite: adviser\n']],
    errors: [
      'certifications[1].prerequisite: unknown field (allowed: id, label, description, aliases, level, requires)',
      'certifications[1].level: must be at least 1, got 0',
    ],
  },
  {
    name: 'duplicate grades, perspectives and roles (references to the lost role are reported too)',
    edits: [
      ['  - { id: shuji, label', '  - { id: shunin, label'],
      ['  - { id: member, label', '  - { id: executive, label'],
      ['  - id: dx-leader\n', '  - id: all-staff\n'],
    ],
    errors: [
      'grades[4].id: duplicate id "shunin" (also grades[3])',
      'perspectives[1].id: duplicate id "executive" (also perspectives[0])',
      'roles[1].id: duplicate id "all-staff" (also roles[0])',
      'skillMap.expectations[0].holder: unknown role or certification "dx-leader"',
      'certifications[1].requires.allOf[1].project.evaluations.member: unknown perspective "member"',
      'kpis[1].measure.coverage.role: unknown role "dx-leader"',
      `kpis[1].measure: ${writtenAs('coverage')}`,
    ],
  },
  {
    name: 'a file that is only text',
    text: 'just text\n',
    errors: ['(root): expected a mapping, got "just text"'],
  },
  {
    name: 'top-level lists that are missing or of the wrong type',
    text: 'id: x\nlabel: x\nmunicipality: x\nsource: x\nplanStartFiscalYear: R7\ngrades: {}\nroles: ~\ncourses: 3\n',
    errors: [
      'grades: expected a list, got a mapping',
      'courses: expected a list, got 3',
      'roles: required',
    ],
  },
  {
    name: 'reporting: a misspelt kind, an unknown confirmer and evidence, an exception for a course the programme lacks, a file type and size out of bounds',
    edits: [
      ['  qualification: { evidence: file, confirmer: office }\n', '  qualifications: { evidence: file, confirmer: office }\n'],
      ['  contribution: { evidence: note, confirmer: sectionManager }\n', '  contribution: { evidence: photo, confirmer: manager }\n'],
      ['      literacy: { allowed: false }\n', '      literacy: { allowed: false }\n      literasy: { allowed: false }\n'],
      ['  files: { maxMegabytes: 2, types: [pdf, png] }\n', '  files: { maxMegabytes: 300, types: [pdf, docx] }\n'],
    ],
    errors: [
      'reporting.qualifications: unknown field (did you mean "qualification"?) (allowed: files, qualification, course, contribution, skill)',
      'reporting.files.maxMegabytes: must be at most 250, got 300',
      'reporting.files.types[1]: expected one of pdf, jpeg, png, got "docx"',
      'reporting.contribution.evidence: expected one of none, note, file, got "photo"',
      'reporting.contribution.confirmer: expected one of none, sectionManager, office, got "manager"',
      'reporting.course.items.literasy: unknown course "literasy" (did you mean "literacy"?)',
    ],
  },
  {
    name: 'reporting: skill reports without a skill map',
    edits: [
      ['skillMap:\n  label: { ja: DXスキルマップ }\n  levels:\n    - { level: 1, label: { ja: 基礎 } }\n    - { level: 2, label: { ja: 実践 } }\n  skills:\n    - { id: data, label: { ja: データ利活用, en: Data } }\n  expectations:\n    - { holder: dx-leader, skill: data, level: 2 }\n', ''],
      ['        requires: { skill: { id: data, level: 1 } }', '        requires: { course: security }'],
    ],
    errors: ['reporting.skill: skill reports need a skillMap (the skills and levels people assess themselves on)'],
  },
];

describe('programme validator messages', () => {
  it.each(cases)('$name', (c) => {
    const result = parseProgrammeYaml('text' in c ? c.text : applyEdits(c.edits));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(c.errors);
  });
});
