import { StateError, toStateError } from './errors';

/** Errors shaped as the SDKs throw them, for the cases Azurite cannot produce (throttling, Entra ID, a role missing). */
const rest = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { name: 'RestError', statusCode, code });

describe('state errors', () => {
  it.each([
    ['503 ServerBusy', rest(503, 'ServerBusy', 'The server is busy.'), 'STATE.BUSY'],
    ['429', rest(429, 'TooManyRequests', 'slow down'), 'STATE.BUSY'],
    ['a role missing', rest(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.'), 'STATE.FORBIDDEN'],
    ['a wrong key', rest(403, 'AuthenticationFailed', 'Server failed to authenticate the request.'), 'STATE.UNAUTHORIZED'],
    ['no managed identity', Object.assign(new Error('ManagedIdentityCredential: no managed identity endpoint'), { name: 'CredentialUnavailableError' }), 'STATE.UNAUTHORIZED'],
    ['a timeout', Object.assign(new Error('connect ETIMEDOUT 20.60.1.1:443'), { code: 'ETIMEDOUT' }), 'STATE.UNREACHABLE'],
    ['400', rest(400, 'InvalidInput', 'One of the request inputs is not valid.'), 'STATE.REJECTED'],
  ])('maps %s (case %#) to its code, with a Japanese message', (_what, error, code) => {
    const e = toStateError(error, 'テスト');
    expect(e).toBeInstanceOf(StateError);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/^状態ストレージ/);
    expect(e.message).toContain('テスト — ');
  });

  it('shows the service message of a Tables error (a JSON body) without its request id, and never a signature', () => {
    const tables = rest(400, 'PropertyValueTooLarge', JSON.stringify({ 'odata.error': { code: 'PropertyValueTooLarge', message: { lang: 'en-US', value: 'The property value exceeds the maximum allowed size (64KB).\nRequestId:abc' } } }));
    expect(toStateError(tables, '保存').message).toBe('状態ストレージに保存するには大きすぎます: 保存 — The property value exceeds the maximum allowed size (64KB).');
    const sas = rest(403, 'AuthorizationFailure', 'GET https://st.blob.core.windows.net/c?sv=2024&sig=SECRETSIG&se=1 failed');
    expect(toStateError(sas, '読み取り').message).not.toContain('SECRETSIG');
  });

  it('passes a StateError through unchanged', () => {
    const e = new StateError('STATE.INVALID', 'x');
    expect(toStateError(e, 'y')).toBe(e);
  });
});
