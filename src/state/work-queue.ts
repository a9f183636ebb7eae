import type { QueueClient } from '@azure/storage-queue';
import type { QueuedMessage, WorkQueue } from '../ports';
import { StateError, statusOf, storageCodeOf, toStateError } from './errors';

/** Azure Queue Storage: at most 64 KiB of message text (UTF-8), 32 messages a receive, 7 days hidden. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_RECEIVE = 32;
const MAX_VISIBILITY_SECONDS = 7 * 24 * 3600;

export interface WorkQueueOptions {
  /** Seconds an unreceived message lives (the service's default is 7 days; -1: forever). */
  messageTimeToLiveSeconds?: number;
}

/**
 * A queue of JSON bodies with at-least-once delivery (docs/state.md). Bodies travel as plain JSON
 * text, not base64: it is valid in the service's XML once the few characters XML 1.0 cannot carry
 * are escaped, readable in Storage Explorer, and a 33% larger share of the 64 KiB limit is left for
 * the body. A message that is not our JSON (put there by hand or by another tool) is moved to
 * `<queue>-poison` instead of blocking every receive.
 */
export class StorageWorkQueue<T> implements WorkQueue<T> {
  constructor(
    private readonly client: QueueClient,
    private readonly poison: QueueClient,
    /** Resolves when the queue exists (created on first use). */
    private readonly ready: () => Promise<void>,
    private readonly options: WorkQueueOptions = {},
  ) {}

  get name(): string {
    return this.client.name;
  }

  async send(body: T, options: { delaySeconds?: number } = {}): Promise<void> {
    const text = encodeBody(body);
    await this.ready();
    // Azure Storage keeps a message invisible for up to 7 days after it is put (visibilitytimeout on
    // Put Message); a delayed message must outlive its delay, so it does not expire (the ledger says
    // whether it is still due, and the sender puts back one that became visible too early).
    const delay = Math.min(Math.max(0, Math.ceil(options.delaySeconds ?? 0)), MAX_VISIBILITY_SECONDS);
    try {
      await this.client.sendMessage(text, delay > 0 ? { messageTimeToLive: -1, visibilityTimeout: delay } : { messageTimeToLive: this.options.messageTimeToLiveSeconds });
    } catch (e) {
      throw toStateError(e, `キュー ${this.name} への送信`);
    }
  }

  async receive(max: number, visibilitySeconds: number): Promise<Array<QueuedMessage<T>>> {
    if (!Number.isInteger(max) || max < 1 || max > MAX_RECEIVE) throw new StateError('STATE.INVALID', `一度に受け取れるのは 1〜${MAX_RECEIVE} 件です（${max}）`);
    checkSeconds(visibilitySeconds, 1);
    await this.ready();
    try {
      const r = await this.client.receiveMessages({ numberOfMessages: max, visibilityTimeout: visibilitySeconds });
      const out: Array<QueuedMessage<T>> = [];
      for (const m of r.receivedMessageItems) {
        const body = decodeBody(m.messageText);
        if (body.ok) out.push({ id: m.messageId, popReceipt: m.popReceipt, body: body.value as T, dequeueCount: m.dequeueCount });
        else await this.quarantine(m.messageId, m.popReceipt, m.messageText);
      }
      return out;
    } catch (e) {
      throw toStateError(e, `キュー ${this.name} からの受信`);
    }
  }

  async delete(message: QueuedMessage<T>): Promise<void> {
    try {
      await this.client.deleteMessage(message.id, message.popReceipt);
    } catch (e) {
      throw gone(e, message, `キュー ${this.name} のメッセージ ${message.id} の削除`);
    }
  }

  async release(message: QueuedMessage<T>, seconds: number): Promise<QueuedMessage<T>> {
    checkSeconds(seconds, 0);
    try {
      // No text: only the visibility changes, the body stays as it was.
      const r = await this.client.updateMessage(message.id, message.popReceipt, undefined, seconds);
      return { ...message, popReceipt: r.popReceipt ?? message.popReceipt };
    } catch (e) {
      throw gone(e, message, `キュー ${this.name} のメッセージ ${message.id} を戻す`);
    }
  }

  async approximateCount(): Promise<number> {
    await this.ready();
    try {
      return (await this.client.getProperties()).approximateMessagesCount ?? 0;
    } catch (e) {
      throw toStateError(e, `キュー ${this.name} の件数`);
    }
  }

  /**
   * Moves an unreadable message aside. If that fails, the other messages of the receive still go
   * out: the unreadable one comes back after its visibility timeout and is moved then. A copy in
   * the poison queue whose delete failed is a harmless duplicate there.
   */
  private async quarantine(id: string, popReceipt: string, text: string): Promise<void> {
    try {
      await this.poison.createIfNotExists();
      await this.poison.sendMessage(text, { messageTimeToLive: -1 });
      await this.client.deleteMessage(id, popReceipt);
    } catch {
      // see above: tried again on its next delivery
    }
  }
}

/** A body as queue text; refuses what would not fit rather than letting the service answer 413. */
export function encodeBody(body: unknown): string {
  const json = JSON.stringify(body);
  if (json === undefined) throw new StateError('STATE.INVALID', 'キューに送る内容が JSON になりません');
  // JSON.stringify escapes control characters and lone surrogates; U+FFFE and U+FFFF are not
  // characters XML 1.0 may carry, so they are escaped too (they can only be inside JSON strings).
  const text = json.replace(/[\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new StateError('STATE.TOO_LARGE', `キューのメッセージは ${MAX_MESSAGE_BYTES} バイトまでです（${bytes} バイト）。本文には ID だけを入れ、内容はテーブルに置いてください`);
  }
  return text;
}

/** Queue text as a body: our JSON, or JSON in base64 (what tools that encode messages write). */
export function decodeBody(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
      try {
        return { ok: true, value: JSON.parse(Buffer.from(text, 'base64').toString('utf8')) };
      } catch {
        // neither: poison
      }
    }
    return { ok: false };
  }
}

function checkSeconds(seconds: number, min: number): void {
  if (!Number.isInteger(seconds) || seconds < min || seconds > MAX_VISIBILITY_SECONDS) {
    throw new StateError('STATE.INVALID', `表示タイムアウトは ${min}〜${MAX_VISIBILITY_SECONDS} 秒の整数です（${seconds}）`);
  }
}

/** A delete or release with a receipt that is no longer current: the message went back to the queue, or is gone. */
function gone<T>(e: unknown, message: QueuedMessage<T>, what: string): StateError {
  const status = statusOf(e);
  const code = storageCodeOf(e);
  if (status === 404 || code === 'PopReceiptMismatch' || code === 'MessageNotFound') {
    return new StateError('STATE.MESSAGE_GONE', `${what}（受信 ${message.dequeueCount} 回目）`, status, code);
  }
  return toStateError(e, what);
}
