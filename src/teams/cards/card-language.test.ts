import type { Label } from '../../domain/label';
import type { Programme } from '../../domain/programme';
import type { PersonProgress, RoleProgress } from '../../domain/progress';
import { planReminders } from '../../domain/reminder-planner';
import { pick, stringsFor } from '../../i18n/cards';
import { englishIn } from '../../i18n/testing/latin';
import { COMMAND_WORDS } from '../commands';
import { channelAnnouncementCard } from './channel-announcement-card';
import { channelSetupCard } from './channel-setup-card';
import { digestCard } from './digest-card';
import { helpCard } from './help-card';
import { myStepCard } from './my-step-card';
import { nominationFormCard } from './nomination-form-card';
import { nominationRequestCard } from './nomination-request-card';
import { firstStepOf, nomineeWelcomeCard } from './nominee-welcome-card';
import { noticeCard } from './notice-card';
import { pendingCard } from './pending-card';
import { reminderCard } from './reminder-card';
import type { AdaptiveCardJson } from './render';
import { inspectCard, textOf, expectValidCard } from './testing/card-check';
import * as f from './testing/fixtures';

// No English in a Japanese card (「Step 0 / 1：未着手」 was): every card in Japanese, from every preset,
// shows Latin words only where the programme's own labels have them (東京都テンプレート names its steps
// 「Step1 基礎知識」: that is data) or where the string table allows them (SkillSteps, DX, …).

/** A role's progress as it would be on each rung of its ladder: none reached, then each step. */
function onEveryStep(r: RoleProgress): RoleProgress[] {
  return Array.from({ length: r.steps.length + 1 }, (_, k) => {
    const next = r.steps[k];
    return {
      ...r,
      stepsReached: k,
      currentStep: r.steps[k - 1]?.id,
      next: next && { step: next.id, label: next.label, optional: next.optional, missing: r.next?.missing ?? [] },
    };
  });
}

/** Every text the programme and the lists give the cards (labels, names, units), longest first. */
function dataTexts(programme: Programme, people: readonly PersonProgress[]): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const label = v as Partial<Label>;
      if (typeof label.ja === 'string') found.add(label.ja);
      Object.values(v).forEach(walk);
    }
  };
  walk(programme);
  walk(people);
  for (const p of people) [p.name, p.department, p.section, p.gradeText].forEach((s) => found.add(s));
  return [...found].filter((s) => s !== '').sort((a, b) => b.length - a.length);
}

function cardsOf(id: (typeof f.PRESET_IDS)[number]): { cards: Array<[string, AdaptiveCardJson]>; data: string[] } {
  const { programme, snapshot, people } = f.presetWorld(id);
  const cards: Array<[string, AdaptiveCardJson]> = [];
  for (const p of people) {
    cards.push([`myStep ${p.upn}`, myStepCard(p, f.TAB_URL, 'ja')]);
    for (const r of p.roles) for (const rung of onEveryStep(r)) cards.push([`myStep ${r.role} at ${rung.stepsReached}`, myStepCard({ ...p, roles: [rung] }, f.TAB_URL, 'ja')]);
    cards.push([`pending ${p.upn}`, pendingCard(p.nextActions, { tabUrl: f.TAB_URL, roles: p.roles }, 'ja')]);
    const plan = planReminders([p], { ...programme.reminders, undatedEveryDays: programme.reminders.undatedEveryDays || 30 }, f.TODAY, { sentKeys: new Set(), lastSent: new Map(), mutedUntil: new Map() });
    for (const reminder of plan) cards.push([`reminder ${p.upn}`, reminderCard(reminder, f.TAB_URL, 'ja')]);
    for (const r of p.roles) {
      const role = { id: r.role, label: r.label };
      cards.push([`welcome ${r.role}`, nomineeWelcomeCard({ name: p.name, section: p.section, role, approvedAt: '2026-11-25T02:00:00Z', firstStep: firstStepOf(r), tabUrl: f.TAB_URL }, 'ja')]);
      cards.push([`announcement ${r.role}`, channelAnnouncementCard({ nominee: { name: p.name, section: p.section }, role: r.label, approvedAt: '2026-11-25T02:00:00Z', tabUrl: f.TAB_URL }, 'ja')]);
    }
  }
  cards.push(['digest', digestCard(f.digestIn(programme, snapshot, '総務部', 5), 'ja')]);
  const nominated = programme.roles.filter((r) => r.nomination);
  if (nominated.length > 0) {
    const roles = nominated.map((r) => ({ id: r.id, label: r.label, seatsUsed: 1, seatsTotal: r.nomination?.seatsPerSection, holders: [{ upn: people[0]!.upn, name: people[0]!.name }] }));
    cards.push(['nominationForm', nominationFormCard({ section: '総務課', roles, candidates: people.map((p) => ({ upn: p.upn, name: p.name, grade: p.gradeText })), tabUrl: f.TAB_URL }, 'ja')]);
  }
  return { cards, data: dataTexts(programme, people) };
}

/** Cards whose text comes from the string table and the setagaya fixtures alone. */
function tableCards(): Array<[string, AdaptiveCardJson]> {
  const pending = f.pendingNomination();
  const notices = (Object.keys(stringsFor('ja')) as Array<keyof ReturnType<typeof stringsFor>>).filter((k) => /^notice\w+(Title|Text)$/.test(k));
  return [
    ['help', helpCard({ canNominate: true, office: true, unknownInput: 'すてっぷ' }, 'ja')],
    ['channelSetup', channelSetupCard({ departments: ['総務部', '区民部'], current: '総務部' }, 'ja')],
    ['nominationRequest', nominationRequestCard({ nomination: pending, viewerUpn: f.u('bucho'), approverUserId: f.APPROVER_TEAMS_ID }, 'ja')],
    ...(['approved', 'rejected', 'withdrawn'] as const).map((status): [string, AdaptiveCardJson] => [
      `nominationRequest ${status}`,
      nominationRequestCard({ nomination: { ...pending, status, decidedAt: '2026-11-25T02:00:00Z', decisionComment: '了解です。' }, approverUserId: f.APPROVER_TEAMS_ID, notice: 'changed' }, 'ja'),
    ]),
    ...notices.map((k): [string, AdaptiveCardJson] => [k, noticeCard({ kind: 'info', title: { ja: stringsFor('ja')[k] } }, 'ja')]),
  ];
}

/** The Latin words of a card that neither the data nor the allowed abbreviations explain. */
function englishOf(card: AdaptiveCardJson, data: readonly string[]): string[] {
  const texts = [...inspectCard(card).texts, String(card.fallbackText ?? '')];
  return texts.flatMap((text) => {
    let rest = text;
    for (const d of data) rest = rest.split(d).join(' ');
    return englishIn(rest).map((w) => `${w} in 「${text}」`);
  });
}

describe.each(f.PRESET_IDS)('every card of %s in Japanese', (id) => {
  const { cards, data } = cardsOf(id);

  it('shows no English beyond the programme’s own labels and the allowed abbreviations', () => {
    expect(cards.length).toBeGreaterThan(5);
    const leaks = cards.flatMap(([name, card]) => englishOf(card, data).map((w) => `${name}: ${w}`));
    expect(leaks).toEqual([]);
  });
});

describe('every card from the string table in Japanese', () => {
  it('shows no English beyond the allowed abbreviations', () => {
    const fixtures = f.setagaya();
    const nomination = f.pendingNomination();
    // The help card shows each command in both languages on purpose; the reason is what the manager wrote.
    const data = [...dataTexts(fixtures.programme, [f.managerProgress()]), nomination.nominee.name, nomination.reason ?? '', ...Object.values(COMMAND_WORDS).map((w) => w.en)].sort((a, b) => b.length - a.length);
    const leaks = tableCards().flatMap(([name, card]) => englishOf(card, data).map((w) => `${name}: ${w}`));
    expect(leaks).toEqual([]);
  });
});

describe('the step line', () => {
  it('is the tab’s form in Japanese: the step’s own label (Step1 in 東京都テンプレート) or 未着手, with the progress', () => {
    const { people } = f.presetWorld('tokyo-template');
    const role = people.flatMap((p) => p.roles).find((r) => r.steps.length >= 2)!;
    const total = role.steps.length;
    const [none, first] = onEveryStep(role);
    const person = people.find((p) => p.roles.includes(role))!;
    expect(textOf(expectValidCard(myStepCard({ ...person, roles: [none!] }, f.TAB_URL)))).toContain(`未着手（0/${total}）`);
    const label = pick(role.steps[0]!.label, 'ja');
    expect(label).toMatch(/^Step1 /);
    expect(textOf(expectValidCard(myStepCard({ ...person, roles: [first!] }, f.TAB_URL)))).toContain(`${label}（1/${total}）`);
    expect(textOf(expectValidCard(myStepCard({ ...person, roles: [first!] }, f.TAB_URL, 'en')))).toContain(`${pick(role.steps[0]!.label, 'en')} (1/${total})`);
  });
});
