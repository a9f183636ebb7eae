import type { StoredConversation } from './conversations';

/** A message the bot sends: text and/or Adaptive Card attachments (botbuilder's Activity subset). */
export interface OutgoingMessage {
  text?: string;
  /** Shown in notifications and the chat list. */
  summary?: string;
  attachments?: Array<{ contentType: string; content?: unknown }>;
  channelData?: Record<string, unknown>;
}

/**
 * A failed delivery, as a Messenger reports it: the HTTP status Teams answered (0 when the request
 * never got an answer) and the Retry-After it asked for.
 */
export interface DeliveryFailure extends Error {
  status: number;
  retryAfterMs?: number;
}

/** Proactive messages into Teams conversations (botbuilder's CloudAdapter in production). */
export interface Messenger {
  send(conversation: StoredConversation, message: OutgoingMessage): Promise<{ id: string }>;
  update(conversation: StoredConversation, activityId: string, message: OutgoingMessage): Promise<void>;
}
