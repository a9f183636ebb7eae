import { preset, programmeFromYaml, staffRow, world } from '../../tests/helpers/world';
import type { LocalDate } from './local-date';
import type { ReminderPolicy } from './programme';
import { evaluateEveryone, type MissingItem, type PersonProgress } from './progress';
import { inSendWindow, nextSendTime, planReminders, type ReminderHistory } from './reminder-planner';

const policy: ReminderPolicy = { leadDays: [14, 3], overdueEveryDays: 7, minIntervalDays: 1, undatedEveryDays: 0, sendFrom: '09:00', sendUntil: '17:30', closedDays: [], dueOnClosedDay: 'previousWorkingDay' };
const none: ReminderHistory = { sentKeys: new Set(), lastSent: new Map(), mutedUntil: new Map() };

function missing(courseId: string, due: LocalDate | undefined): MissingItem {
  return {
    role: 'all-staff',
    step: 'basic',
    kind: 'course',
    courseId,
    label: { ja: `${courseId} を受講`, en: `Take ${courseId}` },
    evidence: { ja: '未受講', en: 'not taken' },
    due,
    overdue: false,
  };
}

function person(upn: string, ...items: MissingItem[]): PersonProgress {
  return { upn, name: upn, department: '総務部', section: '総務課', gradeText: '主事', roles: [], certifications: [], nextActions: items };
}

const keysOf = (plan: ReturnType<typeof planReminders>) => plan.flatMap((p) => p.items.map((i) => i.key));

describe('reminder planner', () => {
  // 2026-12-08 (Tue) is 14 days before 2026-12-22 (Tue); 2026-12-19 is 3 days before.
  const alice = person('alice@city.example.jp', missing('dx-basic', '2026-12-22'));

  it('reminds 14 and 3 days before the due date, and not on the days between', () => {
    expect(planReminders([alice], policy, '2026-12-07', none)).toEqual([]);
    const first = planReminders([alice], policy, '2026-12-08', none);
    expect(first).toHaveLength(1);
    expect(first[0]!.items[0]).toMatchObject({ reason: 'dueSoon', daysLeft: 14, courseId: 'dx-basic' });
    const sent: ReminderHistory = { ...none, sentKeys: new Set(keysOf(first)), lastSent: new Map([[alice.upn, '2026-12-08']]) };
    expect(planReminders([alice], policy, '2026-12-09', sent)).toEqual([]);
    expect(planReminders([alice], policy, '2026-12-18', sent)).toEqual([]);
    // 2026-12-19 is a Saturday: the 3-day reminder waits for Monday 12-21 (1 day left).
    expect(planReminders([alice], policy, '2026-12-19', sent)).toEqual([]);
    const second = planReminders([alice], policy, '2026-12-21', sent);
    expect(second[0]!.items[0]).toMatchObject({ reason: 'dueSoon', daysLeft: 1 });
    expect(second[0]!.items[0]!.key).not.toBe(first[0]!.items[0]!.key);
  });

  it('sends nothing on weekends, national holidays, 12/29–1/3 and the programme closed days', () => {
    const due = person('bob@city.example.jp', missing('dx-basic', '2026-12-01'));
    expect(planReminders([due], policy, '2026-11-22', none)).toEqual([]); // Sunday
    expect(planReminders([due], policy, '2026-11-23', none)).toEqual([]); // 勤労感謝の日
    expect(planReminders([due], policy, '2026-11-24', none)).toHaveLength(1);
    const late = person('bob@city.example.jp', missing('dx-basic', '2026-12-20'));
    expect(planReminders([late], policy, '2026-12-29', none)).toEqual([]); // 年末年始
    expect(planReminders([late], policy, '2027-01-04', none)).toHaveLength(1);
    expect(planReminders([due], { ...policy, closedDays: ['2026-11-24'] }, '2026-11-24', none)).toEqual([]);
  });

  it('catches up a lead day that fell on a holiday on the next working day', () => {
    // 14 days before 2026-12-07 is 2026-11-23 (勤労感謝の日).
    const p = person('carol@city.example.jp', missing('dx-basic', '2026-12-07'));
    expect(planReminders([p], policy, '2026-11-23', none)).toEqual([]);
    const plan = planReminders([p], policy, '2026-11-24', none);
    expect(plan[0]!.items[0]).toMatchObject({ reason: 'dueSoon', daysLeft: 13 });
    expect(plan[0]!.items[0]!.key).toContain('lead-14');
  });

  it('reminds about overdue items on the first working day after and then every overdueEveryDays', () => {
    const p = person('dan@city.example.jp', missing('dx-basic', '2026-11-30'));
    const day1 = planReminders([p], policy, '2026-12-01', none);
    expect(day1[0]!.items[0]).toMatchObject({ reason: 'overdue', daysLeft: -1 });
    let history: ReminderHistory = { ...none, sentKeys: new Set(keysOf(day1)) };
    for (const day of ['2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07'] as LocalDate[]) {
      expect(planReminders([p], policy, day, history)).toEqual([]);
    }
    const week2 = planReminders([p], policy, '2026-12-08', history);
    expect(week2[0]!.items[0]).toMatchObject({ reason: 'overdue', daysLeft: -8 });
    history = { ...history, sentKeys: new Set([...history.sentKeys, ...keysOf(week2)]) };
    expect(planReminders([p], policy, '2026-12-14', history)).toEqual([]);
    expect(planReminders([p], policy, '2026-12-15', history)).toHaveLength(1);
  });

  it('never sends the same occasion twice (the ledger)', () => {
    const plan = planReminders([alice], policy, '2026-12-08', none);
    const again = planReminders([alice], policy, '2026-12-08', { ...none, sentKeys: new Set(keysOf(plan)) });
    expect(again).toEqual([]);
  });

  it('puts every item due for a person into one message, soonest first', () => {
    const p = person('erin@city.example.jp', missing('late', '2026-12-01'), missing('soon', '2026-12-22'), missing('far', '2027-03-31'));
    const plan = planReminders([p], policy, '2026-12-08', none);
    expect(plan).toHaveLength(1);
    expect(plan[0]!.items.map((i) => i.courseId)).toEqual(['late', 'soon']);
  });

  it('nudges about items with no due date once per undatedEveryDays period from 4/1, after the dated ones', () => {
    const p = person('f@city.example.jp', missing('open', undefined));
    expect(planReminders([p], policy, '2026-12-08', none)).toEqual([]); // 0 = never
    const every28 = { ...policy, undatedEveryDays: 28 };
    // 2026-04-01 + 8×28 days = 2026-11-11; the next period starts 2026-12-09 (+9×28).
    const nov = planReminders([p], every28, '2026-11-24', none);
    expect(nov[0]!.items[0]).toMatchObject({ reason: 'pending', courseId: 'open' });
    expect(nov[0]!.items[0]!.due).toBeUndefined();
    const sent: ReminderHistory = { ...none, sentKeys: new Set(keysOf(nov)) };
    expect(planReminders([p], every28, '2026-12-08', sent)).toEqual([]);
    expect(planReminders([p], every28, '2026-12-09', sent)).toHaveLength(1);
    // A new 年度 starts a new count.
    expect(keysOf(planReminders([p], every28, '2027-04-01', sent))[0]).toContain('FY2027|pending-0');
    const both = planReminders([person('f@city.example.jp', missing('open', undefined), missing('dated', '2026-11-27'))], every28, '2026-11-24', none);
    expect(both[0]!.items.map((i) => i.courseId)).toEqual(['dated', 'open']);
  });

  it('respects mute (until and including the date) and the minimum interval between messages', () => {
    const muted: ReminderHistory = { ...none, mutedUntil: new Map([[alice.upn, '2026-12-08']]) };
    expect(planReminders([alice], policy, '2026-12-08', muted)).toEqual([]);
    expect(planReminders([alice], policy, '2026-12-09', muted)).toHaveLength(1);
    const recent: ReminderHistory = { ...none, lastSent: new Map([[alice.upn, '2026-12-07']]) };
    expect(planReminders([alice], { ...policy, minIntervalDays: 3 }, '2026-12-08', recent)).toEqual([]);
    expect(planReminders([alice], { ...policy, minIntervalDays: 3 }, '2026-12-10', recent)).toHaveLength(1);
    // A message already went out today: no second one even with minIntervalDays 0.
    const today: ReminderHistory = { ...none, lastSent: new Map([[alice.upn, '2026-12-08']]) };
    expect(planReminders([alice], { ...policy, minIntervalDays: 0 }, '2026-12-08', today)).toEqual([]);
  });

  it('knows the JST send window (quiet hours)', () => {
    // 09:00 JST = 00:00 UTC; 17:30 JST = 08:30 UTC.
    expect(inSendWindow(policy, new Date('2026-12-08T23:59:00Z'))).toBe(false); // 08:59 JST
    expect(inSendWindow(policy, new Date('2026-12-09T00:00:00Z'))).toBe(true);
    expect(inSendWindow(policy, new Date('2026-12-09T08:29:00Z'))).toBe(true);
    expect(inSendWindow(policy, new Date('2026-12-09T08:30:00Z'))).toBe(false);
    expect(inSendWindow(policy, new Date('2026-12-09T13:00:00Z'))).toBe(false); // 22:00 JST
  });

  it.each([
    ['inside the window on a working day: now', '2026-12-09T01:00:00Z', '2026-12-09T01:00:00.000Z'],
    ['before the window on a working day: its opening that day', '2026-12-08T22:00:00Z', '2026-12-09T00:00:00.000Z'],
    ['after the window: the next working day', '2026-12-09T09:00:00Z', '2026-12-10T00:00:00.000Z'],
    ['Friday night: Monday', '2026-12-11T15:25:00Z', '2026-12-14T00:00:00.000Z'],
    ['the eve of a holiday (天皇誕生日 2027-02-23 is a Tuesday): Wednesday', '2027-02-22T10:00:00Z', '2027-02-24T00:00:00.000Z'],
    ['the year-end closure (12/29–1/3): 1/4', '2026-12-28T12:00:00Z', '2027-01-04T00:00:00.000Z'],
  ])('sends a reminder asked for %s', (_what, now, expected) => {
    expect(nextSendTime(policy, new Date(now)).toISOString()).toBe(expected);
  });

  it("takes the programme's own closed days as closed", () => {
    expect(nextSendTime({ ...policy, closedDays: ['2026-12-10'] }, new Date('2026-12-09T09:00:00Z')).toISOString()).toBe('2026-12-11T00:00:00.000Z');
  });

  it('reminds everyone about what is pending by default (世田谷区 全職員: no due dates)', () => {
    const setagaya = preset('setagaya');
    const snap = world(setagaya, { Staff: [staffRow('g@city.example.jp', { Grade: '主事' })] }, '2026-11-24');
    const everyone = evaluateEveryone(snap, '2026-11-24');
    expect(setagaya.reminders.undatedEveryDays).toBeGreaterThan(0);
    const items = planReminders(everyone, setagaya.reminders, '2026-11-24', none).flatMap((p) => p.items);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBe(everyone[0]!.nextActions.length);
    expect(items[0]).toMatchObject({ reason: 'pending', role: 'all-staff' });
  });

  it('never reminds about an optional step (希望者のみ / 推奨), only the required one after it', () => {
    const ladder = programmeFromYaml(`
id: ladder-city
label: 梯子市
municipality: 梯子市
source: 梯子市DX方針
planStartFiscalYear: 2026
grades: [{ id: shuji, label: 主事, rank: 1 }]
courses:
  - { id: basics, label: 基礎研修 }
  - { id: seminar, label: 外部セミナー, due: { fiscalMonthDay: "12-01" } }
  - { id: applied, label: 応用研修, due: { fiscalMonthDay: "12-01" } }
roles:
  - id: all-staff
    label: 全職員
    assignment: all
    steps:
      - { id: step1, label: Step1, requires: { course: basics } }
      - { id: step2, label: Step2 希望者のみ, optional: true, requires: { course: seminar } }
      - { id: step3, label: Step3, requires: { course: applied } }
`);
    const A = 'h@city.example.jp';
    const snap = world(ladder, { Staff: [staffRow(A)], Completions: [{ Upn: A, CourseId: 'basics', CompletedOn: '2026-05-01' }] }, '2026-11-24');
    const plan = planReminders(evaluateEveryone(snap, '2026-11-24'), { ...policy, undatedEveryDays: 28 }, '2026-11-24', none);
    expect(plan.flatMap((p) => p.items.map((i) => [i.courseId, i.reason]))).toEqual([['applied', 'dueSoon']]);
  });
});
