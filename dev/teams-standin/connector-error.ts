/**
 * The Bot Connector's error shape — Bot Framework REST API reference, "API reference" (Bot
 * Connector service): any 4xx/5xx answer carries an ErrorResponse, `{ error: { code, message,
 * innerHttpError? } }` — with the codes and messages Teams uses, from the Teams platform docs
 * "Status codes from bot conversational APIs" (in "Messages in bot conversations"). botbuilder
 * reads `error.code` into the thrown RestError's `code`, so a sender can branch on it.
 */
export interface ConnectorErrorBody {
  error: { code: string; message: string };
}

export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** For the stats: which limit a 429 came from (`conversation 7/1s`). Not sent. */
    readonly reason?: string,
  ) {
    super(message);
  }

  body(): ConnectorErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const badArgument = (message: string): ConnectorError => new ConnectorError(400, 'BadArgument', message);

export const unauthorized = (message: string): ConnectorError => new ConnectorError(401, 'Unauthorized', message);

export const conversationNotFound = (): ConnectorError => new ConnectorError(404, 'ConversationNotFound', 'Conversation not found.');

export const activityNotFound = (): ConnectorError => new ConnectorError(404, 'ActivityNotFoundInConversation', 'Conversation not found.');

export const blockedByUser = (): ConnectorError => new ConnectorError(403, 'ConversationBlockedByUser', 'User blocked the conversation with the bot.');

export const tooLarge = (): ConnectorError => new ConnectorError(413, 'MessageSizeTooBig', 'Message size too large.');

export const throttled = (retryAfterSeconds: number, detail: string, reason: string): ConnectorError =>
  // Teams documents only "Too many requests. Also returns when to retry after."; the detail says which limit.
  new ConnectorError(429, 'Throttled', `Too many requests. ${detail}`, { 'Retry-After': String(retryAfterSeconds) }, reason);

export const notImplemented = (what: string): ConnectorError =>
  new ConnectorError(501, 'NotImplemented', `${what} is not implemented by the Teams stand-in (see dev/README.md).`);

/** The injected failures: Teams' code for 412 and 502; it documents none for 503 and 504. */
const FAULTS: Record<number, [string, string]> = {
  412: ['PreconditionFailed', 'Precondition failed, please try again.'],
  500: ['ServiceError', 'Internal server error.'],
  502: ['ServiceError', 'Service dependency issue.'],
  503: ['ServiceUnavailable', 'Service is unavailable.'],
  504: ['GatewayTimeout', 'Gateway Timeout.'],
  429: ['Throttled', 'Too many requests.'],
};

export function injectedFault(status: number, retryAfterSeconds: number | undefined): ConnectorError {
  const [code, message] = FAULTS[status] ?? ['ServiceError', `Injected failure ${status}.`];
  return new ConnectorError(status, code, message, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
}
