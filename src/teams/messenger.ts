import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { DeliveryFailure, Messenger, OutgoingMessage, StoredConversation } from '../ports';

/**
 * Proactive messages through botbuilder's CloudAdapter: `continueConversationAsync` with the stored
 * conversation reference. Two things botbuilder does on its own are undone here, because the
 * reminder sender does them itself, with its bookkeeping:
 * - its connector client retries a failed request up to three times (429/503 after Retry-After,
 *   other 5xx and lost connections with backoff), so one send could be four requests against
 *   Teams' limits, and a request whose answer was lost would be delivered twice. The retry policy
 *   is removed from the pipeline (a private field; tests/integration/teams-standin.test.ts and
 *   src/teams/messenger.test.ts fail if botbuilder changes it);
 * - a proactive send is posted as a reply to an activity id botbuilder makes up; without an id it
 *   is a plain send, which is what a channel needs.
 */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
  ) {}

  async send(conversation: StoredConversation, message: OutgoingMessage): Promise<{ id: string }> {
    let id = '';
    await this.run(conversation, async (ctx) => {
      const r = await ctx.sendActivity({ type: 'message', ...message });
      id = r?.id ?? '';
    });
    return { id };
  }

  async update(conversation: StoredConversation, activityId: string, message: OutgoingMessage): Promise<void> {
    await this.run(conversation, async (ctx) => {
      await ctx.updateActivity({ type: 'message', id: activityId, conversation: ctx.activity.conversation, ...message });
    });
  }

  private async run(conversation: StoredConversation, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.adapter.continueConversationAsync(this.botAppId, conversation.reference as Partial<ConversationReference>, async (ctx) => {
        withoutSdkRetries(this.adapter, ctx);
        delete (ctx.activity as { id?: string }).id;
        await logic(ctx);
      });
    } catch (e) {
      throw deliveryFailure(e);
    }
  }
}

/** Removes botbuilder's own retry policy from this turn's connector client. */
export function withoutSdkRetries(adapter: CloudAdapter, ctx: TurnContext): void {
  const connector = ctx.turnState.get(adapter.ConnectorClientKey) as { client?: { pipeline?: { removePolicy(p: { name: string }): unknown } } } | undefined;
  const pipeline = connector?.client?.pipeline;
  if (!pipeline) throw new Error('botbuilder の接続クライアントの構造が変わりました（再試行ポリシーを外せません）。src/teams/messenger.ts を確認してください');
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
}

/** A botbuilder/Azure RestError (or a network error) as a DeliveryFailure: status and Retry-After. */
export function deliveryFailure(e: unknown): DeliveryFailure {
  const err = (e instanceof Error ? e : new Error(String(e))) as DeliveryFailure & {
    statusCode?: number;
    response?: { headers?: { get(name: string): string | undefined } };
  };
  err.status = typeof err.statusCode === 'number' ? err.statusCode : 0;
  const retryAfter = err.response?.headers?.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) err.retryAfterMs = ms;
  }
  return err;
}
