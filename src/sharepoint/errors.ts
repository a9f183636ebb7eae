/** Stable codes for what can go wrong talking to SharePoint; each edge maps them once. */
export type SharePointErrorCode =
  | 'SHAREPOINT.UNAUTHORIZED'
  | 'SHAREPOINT.FORBIDDEN'
  | 'SHAREPOINT.NOT_FOUND'
  | 'SHAREPOINT.CONFLICT'
  | 'SHAREPOINT.THROTTLED'
  | 'SHAREPOINT.UNAVAILABLE'
  | 'SHAREPOINT.DELTA_EXPIRED'
  | 'SHAREPOINT.BAD_REQUEST'
  | 'SHAREPOINT.LIST_MISSING'
  | 'SHAREPOINT.NETWORK';

const MESSAGES: Record<SharePointErrorCode, string> = {
  'SHAREPOINT.UNAUTHORIZED': 'Microsoft Graph の認証に失敗しました（アプリの資格情報を確認してください）',
  'SHAREPOINT.FORBIDDEN': 'このサイトへのアクセス権がありません（Sites.Selected の付与を確認してください）',
  'SHAREPOINT.NOT_FOUND': '見つかりません',
  'SHAREPOINT.CONFLICT': '他の人が先に更新しました。最新の内容を読み直してから、もう一度操作してください',
  'SHAREPOINT.THROTTLED': 'SharePoint が混み合っています（429）。しばらく待ってから再実行してください',
  'SHAREPOINT.UNAVAILABLE': 'SharePoint が一時的に利用できません（503）。しばらく待ってから再実行してください',
  'SHAREPOINT.DELTA_EXPIRED': '差分の読み取りトークンが期限切れです。全件を読み直します',
  'SHAREPOINT.BAD_REQUEST': 'SharePoint が要求を受け付けませんでした',
  'SHAREPOINT.LIST_MISSING': 'SkillSteps のリストがありません。先に skillsteps provision を実行してください',
  'SHAREPOINT.NETWORK': 'Microsoft Graph に接続できませんでした',
};

/** A failure talking to SharePoint, with a stable code and a Japanese message for people. */
export class SharePointError extends Error {
  constructor(
    readonly code: SharePointErrorCode,
    detail: string,
    readonly status?: number,
    readonly graphCode?: string,
  ) {
    super(`${MESSAGES[code]}${detail ? `: ${detail}` : ''}`);
    this.name = 'SharePointError';
  }
}

/** Maps an SDK GraphError (or a network failure) to a SharePointError; `what` says what was being done. */
export function toSharePointError(e: unknown, what: string): SharePointError {
  if (e instanceof SharePointError) return e;
  const err = e as { statusCode?: number; code?: string; message?: string; body?: unknown };
  const status = typeof err?.statusCode === 'number' && err.statusCode > 0 ? err.statusCode : undefined;
  const graphCode = typeof err?.code === 'string' ? err.code : undefined;
  const detail = `${what}${err?.message ? ` — ${err.message}` : ''}`;
  switch (status) {
    case 401:
      return new SharePointError('SHAREPOINT.UNAUTHORIZED', detail, status, graphCode);
    case 403:
      return new SharePointError('SHAREPOINT.FORBIDDEN', detail, status, graphCode);
    case 404:
      return new SharePointError('SHAREPOINT.NOT_FOUND', detail, status, graphCode);
    case 409:
    case 412:
      return new SharePointError('SHAREPOINT.CONFLICT', detail, status, graphCode);
    case 410:
      return new SharePointError('SHAREPOINT.DELTA_EXPIRED', detail, status, graphCode);
    case 429:
      return new SharePointError('SHAREPOINT.THROTTLED', detail, status, graphCode);
    case 503:
    case 504:
      return new SharePointError('SHAREPOINT.UNAVAILABLE', detail, status, graphCode);
    case undefined:
      return new SharePointError('SHAREPOINT.NETWORK', detail, undefined, graphCode);
    default:
      return new SharePointError('SHAREPOINT.BAD_REQUEST', detail, status, graphCode);
  }
}
