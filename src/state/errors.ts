/** Stable codes for what can go wrong with the operational state (Azure Storage); each edge maps them once. */
export type StateErrorCode =
  | 'STATE.UNREACHABLE'
  | 'STATE.UNAUTHORIZED'
  | 'STATE.FORBIDDEN'
  | 'STATE.NOT_FOUND'
  | 'STATE.CONFLICT'
  | 'STATE.BUSY'
  | 'STATE.TOO_LARGE'
  | 'STATE.INVALID'
  | 'STATE.MESSAGE_GONE'
  | 'STATE.REJECTED';

const MESSAGES: Record<StateErrorCode, string> = {
  'STATE.UNREACHABLE': '状態ストレージ（Azure Storage）に接続できません',
  'STATE.UNAUTHORIZED': '状態ストレージ（Azure Storage）の認証に失敗しました（マネージド ID または接続文字列を確認してください）',
  'STATE.FORBIDDEN':
    '状態ストレージ（Azure Storage）へのアクセスが拒否されました（マネージド ID に Storage Table / Queue / Blob Data Contributor のロールがあるか確認してください）',
  'STATE.NOT_FOUND': '状態ストレージに見つかりません',
  'STATE.CONFLICT': '状態ストレージの内容を他の処理が先に変更しました',
  'STATE.BUSY': '状態ストレージ（Azure Storage）が混み合っているか一時的に利用できません。しばらく待ってから再実行してください',
  'STATE.TOO_LARGE': '状態ストレージに保存するには大きすぎます',
  'STATE.INVALID': '状態ストレージに渡す値が正しくありません',
  'STATE.MESSAGE_GONE': 'キューのメッセージはもうこの受信者のものではありません（表示タイムアウトが過ぎて他の受信者に渡ったか、削除されました）',
  'STATE.REJECTED': '状態ストレージ（Azure Storage）が要求を受け付けませんでした',
};

/** A failure of the operational state store, with a stable code and a Japanese message for people. */
export class StateError extends Error {
  constructor(
    readonly code: StateErrorCode,
    detail: string,
    readonly status?: number,
    /** The service's own error code (EntityAlreadyExists, LeaseAlreadyPresent …), when it gave one. */
    readonly storageCode?: string,
  ) {
    super(`${MESSAGES[code]}${detail ? `: ${detail}` : ''}`);
    this.name = 'StateError';
  }
}

interface SdkError {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { errorCode?: string };
}

/** The HTTP status of an SDK error (RestError), if the service answered at all. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as SdkError | undefined)?.statusCode;
  return typeof s === 'number' && s > 0 ? s : undefined;
}

/** The service's error code: Blob and Queue put it on `code`, Tables in `details.errorCode`. */
export function storageCodeOf(e: unknown): string | undefined {
  const err = e as SdkError | undefined;
  const code = err?.details?.errorCode ?? err?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps an Azure SDK error (RestError, a network failure, a credential failure) to a StateError; `what` says what was being done. */
export function toStateError(e: unknown, what: string): StateError {
  if (e instanceof StateError) return e;
  const err = (e ?? {}) as SdkError;
  const status = statusOf(e);
  const storageCode = storageCodeOf(e);
  const detail = `${what}${err.message ? ` — ${describeMessage(err.message)}` : ''}`;
  // @azure/identity: no managed identity here, or Entra ID refused it.
  if (err.name === 'CredentialUnavailableError' || err.name === 'AuthenticationError' || err.name === 'AggregateAuthenticationError') {
    return new StateError('STATE.UNAUTHORIZED', detail, status, storageCode);
  }
  switch (status) {
    case undefined:
      return new StateError('STATE.UNREACHABLE', detail, undefined, storageCode);
    case 401:
      return new StateError('STATE.UNAUTHORIZED', detail, status, storageCode);
    case 403: {
      // A key or signature that does not match is a 403 too (AuthenticationFailed; Azurite calls it
      // AuthorizationFailure): say so rather than "no role".
      const badSignature = storageCode === 'AuthenticationFailed' || /failed to authenticate/i.test(err.message ?? '');
      return new StateError(badSignature ? 'STATE.UNAUTHORIZED' : 'STATE.FORBIDDEN', detail, status, storageCode);
    }
    case 404:
      return new StateError('STATE.NOT_FOUND', detail, status, storageCode);
    case 409:
    case 412:
      return new StateError('STATE.CONFLICT', detail, status, storageCode);
    case 413:
      return new StateError('STATE.TOO_LARGE', detail, status, storageCode);
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return new StateError('STATE.BUSY', detail, status, storageCode);
    default:
      if (storageCode === 'PropertyValueTooLarge' || storageCode === 'EntityTooLarge' || storageCode === 'RequestBodyTooLarge') {
        return new StateError('STATE.TOO_LARGE', detail, status, storageCode);
      }
      return new StateError('STATE.REJECTED', detail, status, storageCode);
  }
}

/**
 * The readable part of an SDK message: Tables returns the service's JSON error body as the message
 * (`{"odata.error":{"message":{"value":"…\nRequestId:…"}}}`); the others a line of text. A shared
 * access signature never reaches a person's screen.
 */
function describeMessage(message: string): string {
  let text = message;
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as { 'odata.error'?: { message?: { value?: string } } };
      text = body['odata.error']?.message?.value ?? text;
    } catch {
      // not JSON after all: keep the text
    }
  }
  const firstLine = text.split('\n')[0] ?? '';
  return firstLine.replace(/([?&;]sig=)[^&;\s]+/gi, '$1…').slice(0, 300);
}
