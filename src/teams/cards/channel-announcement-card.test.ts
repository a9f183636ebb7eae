import { channelAnnouncementCard } from './channel-announcement-card';
import { expectValidCard, textOf } from './testing/card-check';
import { afterApproval, pendingNomination, TAB_URL } from './testing/fixtures';

describe('channel announcement card', () => {
  const nomination = pendingNomination();
  const { approvedAt } = afterApproval();
  const data = { nominee: { name: nomination.nominee.name, section: nomination.section }, role: nomination.role.label, approvedAt, tabUrl: TAB_URL };

  it('tells the department channel who was approved for what, with the formal date', () => {
    const report = expectValidCard(channelAnnouncementCard(data));
    const text = textOf(report);
    expect(text).toContain('DX推進リーダーが決まりました');
    expect(text).toContain('人事課の 加藤 さくら さんがDX推進リーダーに承認されました。');
    expect(text).toContain('令和8年11月25日 承認');
    expect(report.actions.map((a) => [a.type, a.url])).toEqual([['Action.OpenUrl', TAB_URL]]);
  });

  it('has no button when the channel has no tab link', () => {
    const report = expectValidCard(channelAnnouncementCard({ ...data, tabUrl: undefined }));
    expect(report.actions).toEqual([]);
  });

  it('speaks English', () => {
    const text = textOf(expectValidCard(channelAnnouncementCard(data, 'en')));
    expect(text).toContain('New DX leader');
    expect(text).toContain('加藤 さくら (人事課) has been approved as DX leader.');
    expect(text).toContain('Approved on 25 Nov 2026');
    expect(text).not.toMatch(/承認|令和/);
  });
});
