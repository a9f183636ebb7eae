import { label, stringsFor, type CardStringKey } from '../../i18n/cards';
import { formatDateWithWeekday } from '../../i18n/format';
import { noticeCard, type NoticeKind } from './notice-card';
import { blocksWith, expectValidCard, textOf } from './testing/card-check';

describe('notice card', () => {
  it('tells a non-approver who may decide', () => {
    const card = noticeCard({ kind: 'error', title: label('noticeNotApproverTitle'), text: label('noticeNotApproverText', { approver: '伊藤 誠' }) });
    const report = expectValidCard(card);
    expect(textOf(report)).toBe('承認者ではありません\nこの推薦を承認・却下できるのは承認者（伊藤 誠 さん）だけです。');
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(blocksWith(card, '承認者ではありません')[0]?.color).toBe('Attention');
    expect(report.actions).toEqual([]);
  });

  it.each<[NoticeKind, string, string]>([
    ['info', 'emphasis', 'Default'],
    ['success', 'good', 'Good'],
    ['warning', 'warning', 'Warning'],
    ['error', 'attention', 'Attention'],
  ])('looks like a %s', (kind, style, color) => {
    const card = noticeCard({ kind, title: label('noticeMutedTitle'), text: label('noticeMutedText', { date: '2027年3月31日(水)' }) });
    expectValidCard(card);
    expect(card.body[0]).toMatchObject({ style });
    expect(blocksWith(card, 'リマインドを止めました')[0]?.color).toBe(color);
  });

  it('fills values that differ by language per locale', () => {
    const muted = label('noticeMutedText', (l) => ({ date: formatDateWithWeekday('2027-03-31', l) }));
    expect(muted).toEqual({
      ja: '2027年3月31日(水) までリマインドを送りません。「再開」と送ると再開します。',
      en: 'No reminders until Wed 31 Mar 2027. Send "unmute" to resume.',
    });
  });

  const titles = (Object.keys(stringsFor('ja')) as CardStringKey[]).filter((k) => /^notice\w+Title$/.test(k));
  it.each(titles)('renders the table notice %s with its text in both languages', (titleKey) => {
    const textKey = titleKey.replace(/Title$/, 'Text') as CardStringKey;
    for (const locale of ['ja', 'en'] as const) {
      const report = expectValidCard(noticeCard({ kind: 'info', title: label(titleKey), text: label(textKey, { approver: '伊藤 誠', department: '総務部', date: '2027-03-31', upn: 'ito@city.example.jp' }) }, locale));
      expect(report.texts).toEqual([stringsFor(locale)[titleKey], expect.stringMatching(/\S/)]);
      expect(report.texts.join('')).not.toMatch(/\{\w+\}/);
    }
  });

  it('may have a title only', () => {
    expect(textOf(expectValidCard(noticeCard({ kind: 'success', title: label('noticeUnmutedTitle') })))).toBe('リマインドを再開しました');
  });

  it('speaks English, falling back to Japanese for a label without English', () => {
    expect(textOf(expectValidCard(noticeCard({ kind: 'error', title: label('noticeNotApproverTitle'), text: label('noticeNotApproverText', { approver: '伊藤 誠' }) }, 'en')))).toBe(
      'You are not the approver\nOnly the approver (伊藤 誠) can approve or reject this nomination.',
    );
    expect(textOf(expectValidCard(noticeCard({ kind: 'info', title: { ja: '同期中です' } }, 'en')))).toBe('同期中です');
  });
});
