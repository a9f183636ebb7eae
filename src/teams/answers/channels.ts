import { label } from '../../i18n/cards';
import { channelSetupCard, noticeCard, toAttachment } from '../cards';
import type { Reply, Turn } from '../turn';
import { notice } from './notices';

/** Maps this channel to a 部 (programme office only, in a channel only; the 部 must be in the Staff list). */
export async function mapChannel(turn: Turn, department: string): Promise<Reply> {
  const { ctx, e, scope, deps, locale } = turn;
  if (!scope.office) return notice('warning', 'noticeNotOfficeTitle', 'noticeNotOfficeText', locale);
  if (ctx.activity.conversation?.conversationType !== 'channel') return notice('info', 'noticeChannelOnlyTitle', 'noticeChannelOnlyText', locale);
  const key = turn.conversationKey;
  const current = key ? (await deps.conversations.get(key))?.department : undefined;
  const departments = [...new Set(e.snapshot.staff.filter((s) => s.active).map((s) => s.department))].sort((a, b) => a.localeCompare(b, 'ja'));
  const wanted = department.normalize('NFKC').trim();
  const match = departments.find((d) => d.normalize('NFKC') === wanted);
  if (!match || !key) {
    const setup = channelSetupCard({ departments, ...(current ? { current } : {}) }, locale);
    if (!wanted) return setup;
    // An unknown 部: say so, and offer the list.
    await ctx.sendActivity({ attachments: [toAttachment(noticeCard({ kind: 'warning', title: label('noticeUnknownDepartmentTitle'), text: label('noticeUnknownDepartmentText', { department: wanted }) }, locale))] });
    return setup;
  }
  await deps.conversations.mapChannel(key, match);
  deps.log.log('info', 'channel mapped', { channel: key, department: match, by: scope.caller.upn });
  return noticeCard({ kind: 'success', title: label('noticeChannelMappedTitle'), text: label('noticeChannelMappedText', { department: match }) }, locale);
}
