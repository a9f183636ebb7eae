import type { Locale } from '../../domain/label';
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
import { CARD_BUDGET_BYTES, type AdaptiveCardJson } from './render';
import { reminderCard } from './reminder-card';
import { label, stringsFor, type CardStringKey } from '../../i18n/cards';
import { expectValidCard } from './testing/card-check';
import * as f from './testing/fixtures';

// Every card in both locales from realistic data: valid, within the budget, and in one language.

const approved = f.afterApproval();
const approvedRole = approved.progress.roles.find((r) => r.role === 'dx-leader')!;

const CARDS: Array<[string, (locale: Locale) => AdaptiveCardJson]> = [
  ['help', (l) => helpCard({ canNominate: true, office: true, unknownInput: 'すてっぷ' }, l)],
  ['myStep', (l) => myStepCard(f.leaderProgress(), f.TAB_URL, l)],
  ['myStep (certifications)', (l) => myStepCard(f.mokaProgress(), f.TAB_URL, l)],
  ['pending', (l) => pendingCard(f.managerProgress().nextActions, { tabUrl: f.TAB_URL, roles: f.managerProgress().roles }, l)],
  ['pending (none)', (l) => pendingCard([], { tabUrl: f.TAB_URL }, l)],
  ['reminder', (l) => reminderCard(f.reminderOf(f.dueSoonLeaderProgress()), f.TAB_URL, l)],
  ['digest', (l) => digestCard(f.digestOf('総務部', 7.5), l)],
  ['nominationForm', (l) => nominationFormCard({ section: '総務課', ...f.formFor(), tabUrl: f.TAB_URL }, l)],
  [
    'nominationForm (warnings)',
    (l) => nominationFormCard({ section: '総務課', ...f.formFor(), previous: { nominee: f.u('shuji'), replaces: f.u('leader') }, check: f.nominationCheck(f.u('shuji'), f.u('leader')), tabUrl: f.TAB_URL }, l),
  ],
  ['nominationRequest (approver)', (l) => nominationRequestCard({ nomination: f.pendingNomination(), viewerUpn: f.u('bucho'), approverUserId: f.APPROVER_TEAMS_ID }, l)],
  [
    'nominationRequest (rejected)',
    (l) =>
      nominationRequestCard(
        { nomination: { ...f.pendingNomination(), status: 'rejected', decidedAt: '2026-11-25T02:00:00Z', decisionComment: '来年度に再検討します。' }, approverUserId: f.APPROVER_TEAMS_ID, notice: 'changed' },
        l,
      ),
  ],
  [
    'nomineeWelcome',
    (l) => nomineeWelcomeCard({ name: approved.progress.name, section: '人事課', role: { id: approvedRole.role, label: approvedRole.label }, approvedAt: approved.approvedAt, firstStep: firstStepOf(approvedRole), tabUrl: f.TAB_URL }, l),
  ],
  ['channelAnnouncement', (l) => channelAnnouncementCard({ nominee: { name: '加藤 さくら', section: '人事課' }, role: approvedRole.label, approvedAt: approved.approvedAt, tabUrl: f.TAB_URL }, l)],
  ['channelSetup', (l) => channelSetupCard({ departments: ['総務部', '区民部'], current: '総務部' }, l)],
  ['notice', (l) => noticeCard({ kind: 'error', title: label('noticeNotApproverTitle'), text: label('noticeNotApproverText', { approver: '伊藤 誠' }) }, l)],
];

/** The table's fixed strings of a locale that the other locale does not share (the ones a mix-up would show). */
function ownStrings(locale: Locale): string[] {
  const mine = stringsFor(locale);
  const other = stringsFor(locale === 'ja' ? 'en' : 'ja');
  return (Object.keys(mine) as CardStringKey[])
    .map((k) => [mine[k], other[k]] as const)
    .filter(([s, o]) => s !== o && !/\{\w+\}/.test(s) && (locale === 'ja' ? /[\u3040-\u30ff\u4e00-\u9fff]/.test(s) : /[a-z]{3}/.test(s)) && s.length >= 2)
    .map(([s]) => s);
}

describe.each<Locale>(['ja', 'en'])('every card in %s', (locale) => {
  const foreign = ownStrings(locale === 'ja' ? 'en' : 'ja');

  it.each(CARDS)('%s is valid, within the budget and in one language', (_name, build) => {
    const card = build(locale);
    const report = expectValidCard(card);
    expect(card.version).toBe('1.5');
    expect(report.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const leaked = report.texts.filter((text) => foreign.includes(text));
    expect(leaked).toEqual([]);
    expect(typeof card.fallbackText).toBe('string');
  });
});

describe('the string table', () => {
  it('has both languages for every key, with the same placeholders', () => {
    const ja = stringsFor('ja');
    const en = stringsFor('en');
    for (const key of Object.keys(ja) as CardStringKey[]) {
      expect([key, ja[key].trim() !== '', en[key].trim() !== '']).toEqual([key, true, true]);
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([key, names(en[key])]).toEqual([key, names(ja[key])]);
    }
  });
});
