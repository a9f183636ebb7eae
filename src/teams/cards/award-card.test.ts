import { awardAnnouncementCard, awardNoticeCard } from './award-card';
import { expectValidCard, textOf } from './testing/card-check';
import { TAB_URL } from './testing/fixtures';

describe('award cards (認定)', () => {
  const data = { name: '加藤 さくら', certification: { ja: 'DXアドバイザー', en: 'DX adviser' }, date: '2026-11-24', serial: 'MOKA-000042', changes: [] };

  it('tell the person: certified, the date in 令和 and the 認定証’s number, where to print it', () => {
    const report = expectValidCard(awardNoticeCard(data, TAB_URL));
    const text = textOf(report);
    expect(text).toContain('DXアドバイザーに認定されました');
    expect(text).toContain('令和8年11月24日');
    expect(text).toContain('MOKA-000042');
    expect(text).toContain('マイステップ');
    expect(report.actions.map((a) => a.type)).toEqual(['Action.Execute', 'Action.OpenUrl']);
    expect(textOf(expectValidCard(awardNoticeCard(data, TAB_URL, 'en')))).toContain('You are now certified as DX adviser');
  });

  it('tell the person of a revocation, with the office’s reason as plain text (no markdown, no binding)', () => {
    const reason = '**誤り** [詳細](https://evil.example) ${t.awardTitle}';
    const plain = expectValidCard(awardNoticeCard({ ...data, revoked: { at: '2026-11-25T01:00:00Z', reason: '基準の誤認' } }, TAB_URL));
    expect(textOf(plain)).toContain('DXアドバイザーの認定が取り消されました');
    expect(textOf(plain)).toContain('基準の誤認');
    // (A reason holding "${…}" stays that text: the checker would call it an unexpanded binding, so the JSON is read.)
    const json = JSON.stringify(awardNoticeCard({ ...data, revoked: { at: '2026-11-25T01:00:00Z', reason } }, TAB_URL));
    expect(json).toContain(JSON.stringify({ type: 'TextRun', text: reason }).slice(1, -1));
  });

  it('announce it in the department’s channel', () => {
    const text = textOf(expectValidCard(awardAnnouncementCard({ person: { name: '加藤 さくら', section: '人事課' }, certification: data.certification, date: data.date, tabUrl: TAB_URL })));
    expect(text).toContain('人事課の 加藤 さくら さんがDXアドバイザーに認定されました。');
    expect(text).toContain('認定日: 令和8年11月24日');
  });
});
