import type { AadReply, AppRegistration, SignedInUser } from './aad-types';
import { matchSpaRedirect, resolveScopes, type AuthGrants, type ScopeResolution } from './auth-grants';

/** A staff member the page offers. */
export interface DirectoryEntry {
  upn: string;
  name: string;
  department: string;
  section: string;
  grade: string;
}

const OFFICE_ROLE = 'ProgrammeOffice';
/** The page's own fields; everything else in the request is the client's and travels along unchanged. */
const PAGE_FIELDS = new Set(['q', 'upn', 'office', 'cancel']);

/** An authorize request that passed the checks that let errors go back to the client. */
interface AuthorizeRequest {
  params: URLSearchParams;
  clientId: string;
  redirectUri: string;
  responseMode: 'query' | 'fragment';
  state?: string;
  nonce?: string;
  scopes: Extract<ScopeResolution, { ok: true }>;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
}

/**
 * The local tenant's authorize endpoint (`/{tenant}/oauth2/v2.0/authorize`, development only): the
 * OAuth 2.0 authorization code flow with PKCE as Entra runs it for a single-page app
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow), which is what MSAL.js
 * sends. Instead of a password, the person is picked from the Staff list — and, to try the
 * programme office's views, signed in with its app role. The code comes back to the SPA redirect URI
 * in the query or the fragment with the `state`; the token endpoint (aad-endpoints.ts) redeems it.
 *
 * Errors found before the redirect URI is known to be the app's are shown on the page; after that
 * they go back to the app as `error` and `error_description`, as Entra does.
 */
export class SignInPage {
  constructor(
    private readonly app: AppRegistration,
    private readonly grants: AuthGrants,
    private readonly directory: () => DirectoryEntry[],
  ) {}

  async handle(method: string, query: URLSearchParams, body: string): Promise<AadReply> {
    if (method !== 'GET' && method !== 'POST') return page(405, '<p>GET か POST で呼んでください。</p>');
    const params = method === 'POST' ? new URLSearchParams(body) : query;
    const clientId = params.get('client_id') ?? '';
    if (clientId !== this.app.clientId) {
      return page(400, `<p>AADSTS700016: Application with identifier '${esc(clientId)}' was not found in the directory.</p>`);
    }
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!matchSpaRedirect(this.app.spaRedirectUris, redirectUri)) {
      return page(
        400,
        `<p>AADSTS50011: The redirect URI '${esc(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${esc(clientId)}'
(single-page application: ${this.app.spaRedirectUris.map(esc).join(', ')}; for http://localhost the port is not compared).</p>`,
      );
    }
    const mode = params.get('response_mode') ?? 'query';
    if (mode !== 'query' && mode !== 'fragment') {
      return page(400, `<p>response_mode=${esc(mode)} はローカル テナントでは使えません（query と fragment だけです。form_post は実装していません）。</p>`);
    }
    const back = (fields: Record<string, string | undefined>): AadReply => redirect(redirectUri, mode, fields);
    const state = params.get('state') ?? undefined;
    const fail = (error: string, code: number, description: string): AadReply => back({ error, error_description: `AADSTS${code}: ${description}`, state });

    const responseType = params.get('response_type') ?? '';
    if (responseType !== 'code') {
      return fail('unsupported_response_type', 700054, `response_type '${responseType}' is not enabled for the application. Only the authorization code flow (response_type=code) is: the app registration enables neither the implicit grant nor the hybrid flow.`);
    }
    const scopes = resolveScopes(this.app, params.get('scope') ?? '');
    if (!scopes.ok) return fail('invalid_scope', 70011, scopes.description);
    // Entra requires PKCE for single-page apps using the authorization code flow.
    const codeChallenge = params.get('code_challenge') ?? '';
    if (!codeChallenge) return fail('invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
    const method_ = params.get('code_challenge_method') ?? 'plain';
    if (method_ !== 'S256' && method_ !== 'plain') return fail('invalid_request', 9002313, `Invalid request. code_challenge_method '${method_}' is not supported (S256 or plain).`);
    const prompt = params.get('prompt');
    if (prompt && !['login', 'none', 'consent', 'select_account'].includes(prompt)) return fail('invalid_request', 9002313, `Invalid request. prompt '${prompt}' is not valid.`);
    // The local tenant keeps no sign-in session: silent sign-in always needs the page.
    if (prompt === 'none') return fail('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');

    const request: AuthorizeRequest = {
      params,
      clientId,
      redirectUri,
      responseMode: mode,
      state,
      nonce: params.get('nonce') ?? undefined,
      scopes,
      codeChallenge,
      codeChallengeMethod: method_,
    };
    if (method === 'POST') return this.signIn(request, back);
    return this.picker(request, query);
  }

  private signIn(request: AuthorizeRequest, back: (fields: Record<string, string | undefined>) => AadReply): AadReply {
    const params = request.params;
    if (params.has('cancel')) return back({ error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.', state: request.state });
    const upn = (params.get('upn') ?? '').toLowerCase();
    const person = this.directory().find((p) => p.upn.toLowerCase() === upn);
    if (!person) return page(400, '<p>その職員はいません。</p>');
    const user: SignedInUser = { upn: person.upn, name: person.name, roles: params.get('office') === 'on' ? [OFFICE_ROLE] : [] };
    const code = this.grants.issueCode({
      clientId: request.clientId,
      user,
      resourceScopes: request.scopes.resourceScopes,
      scp: request.scopes.scp,
      oidcScopes: request.scopes.oidcScopes,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      nonce: request.nonce,
    });
    return back({ code, state: request.state });
  }

  private picker(request: AuthorizeRequest, query: URLSearchParams): AadReply {
    const hint = query.get('q') ?? request.params.get('login_hint') ?? '';
    const q = hint.normalize('NFKC').toLowerCase();
    const matches = this.directory()
      .filter((p) => !q || `${p.name} ${p.upn} ${p.department} ${p.section} ${p.grade}`.normalize('NFKC').toLowerCase().includes(q))
      .slice(0, 30);
    const hidden = [...request.params]
      .filter(([k]) => !PAGE_FIELDS.has(k))
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
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
<form method="get">${hidden}<label>検索（氏名・UPN・所属・職層） <input name="q" value="${esc(hint)}"></label> <button type="submit">検索</button></form>
<ul>${rows || '<li>該当する職員がいません</li>'}</ul>
<form method="post">${hidden}<button type="submit" name="cancel" value="1">キャンセル</button></form>`,
    );
  }
}

/** Back to the app: the fields in the redirect URI's query or fragment (undefined ones left out). */
function redirect(redirectUri: string, mode: 'query' | 'fragment', fields: Record<string, string | undefined>): AadReply {
  const data = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) data.set(k, v);
  const url = new URL(redirectUri);
  if (mode === 'fragment') url.hash = data.toString();
  else for (const [k, v] of data) url.searchParams.append(k, v);
  return { status: 302, headers: { Location: url.toString(), 'Cache-Control': 'no-store' }, body: undefined };
}

function page(status: number, content: string): AadReply {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body: { html: `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>サインイン — ローカルテナント</title></head><body>${content}</body></html>` },
  };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
