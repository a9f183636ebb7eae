import type { AadReply, AppRegistration } from './aad-types';
import type { TokenIssuer } from './token-issuer';

/** A staff member the page offers. */
export interface DirectoryEntry {
  upn: string;
  name: string;
  department: string;
  section: string;
  grade: string;
}

const OFFICE_ROLE = 'ProgrammeOffice';

/**
 * The local tenant's sign-in page (development only): instead of a password, pick anyone from the
 * Staff list — and, to try the programme office's views, sign in with its app role. It answers
 * the OAuth 2.0 implicit grant the tab's dev host uses outside Teams (response_type=token): the
 * token comes back in the redirect's fragment, signed like every other token of this tenant, so
 * the server validates it by the same code as a Teams SSO token.
 */
export class SignInPage {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly app: AppRegistration,
    private readonly directory: () => DirectoryEntry[],
  ) {}

  async handle(method: string, query: URLSearchParams, body: string): Promise<AadReply> {
    const params = method === 'POST' ? new URLSearchParams(body) : query;
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    const scope = params.get('scope') ?? '';
    const state = params.get('state') ?? '';
    if (clientId !== this.app.clientId) return page(400, '<p>client_id が正しくありません。</p>');
    if (params.get('response_type') !== 'token') return page(400, '<p>response_type=token だけに対応しています（開発用の暗黙的フロー）。</p>');
    if (!/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(redirectUri)) return page(400, '<p>redirect_uri は localhost だけを受け付けます。</p>');
    const resource = scope.split(/\s+/).find((s) => s.startsWith('api://'))?.replace(/\/[^/]+$/, '');
    if (!resource) return page(400, '<p>scope に api://… のアプリのスコープがありません。</p>');

    if (method === 'POST') {
      const upn = (params.get('upn') ?? '').toLowerCase();
      const person = this.directory().find((p) => p.upn.toLowerCase() === upn);
      if (!person) return page(400, '<p>その職員はいません。</p>');
      const roles = params.get('office') === 'on' ? [OFFICE_ROLE] : [];
      const token = await this.tokens.userToken(person.upn, person.name, resource, roles);
      const fragment = new URLSearchParams({ access_token: token, token_type: 'Bearer', expires_in: '3600', scope, state });
      return { status: 302, headers: { Location: `${redirectUri}#${fragment.toString()}` }, body: undefined };
    }

    const q = (query.get('q') ?? '').normalize('NFKC').toLowerCase();
    const matches = this.directory()
      .filter((p) => !q || `${p.name} ${p.upn} ${p.department} ${p.section} ${p.grade}`.normalize('NFKC').toLowerCase().includes(q))
      .slice(0, 30);
    const hidden = ['client_id', 'redirect_uri', 'scope', 'state', 'response_type']
      .map((k) => `<input type="hidden" name="${k}" value="${esc(params.get(k) ?? '')}">`)
      .join('');
    const rows = matches
      .map(
        (p) => `<li><form method="post">${hidden}<input type="hidden" name="upn" value="${esc(p.upn)}">
<button type="submit">${esc(p.name)}</button> <span>${esc(p.grade)} ${esc(p.department)} ${esc(p.section)}</span> <small>${esc(p.upn)}</small>
<label><input type="checkbox" name="office"> プログラム事務局として</label></form></li>`,
      )
      .join('');
    return page(
      200,
      `<h1>SkillSteps ローカルテナント — サインイン</h1>
<p>開発用のサインインです。パスワードはありません。職員を選んでください。</p>
<form method="get">${hidden}<label>検索（氏名・UPN・所属・職層） <input name="q" value="${esc(query.get('q') ?? '')}"></label> <button type="submit">検索</button></form>
<ul>${rows || '<li>該当する職員がいません</li>'}</ul>`,
    );
  }
}

function page(status: number, content: string): AadReply {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: { html: `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>サインイン — ローカルテナント</title></head><body>${content}</body></html>` },
  };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
