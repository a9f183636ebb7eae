import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';
import { SignJWT, createLocalJWKSet, decodeJwt, decodeProtectedHeader, generateKeyPair, jwtVerify, type JSONWebKeySet } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import { startLocalTenant, type LocalTenant, type SeedOptions } from '../../dev/local-tenant';
import { preset } from '../helpers/world';

/**
 * The local tenant's contract over real HTTPS, with plain fetch trusting only its certificate:
 * what the production Graph adapter and the tab's auth code will meet, checked request by request.
 */

const TODAY = '2026-11-23';
const GRAPH = 'https://graph.microsoft.com';

/** Graph's JSON, read as the tests read it: by property, checked with expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

/** HTTPS to one tenant: Graph calls below /v1.0 with a bearer token, and the Entra token endpoint. */
class Http {
  readonly dispatcher: Agent;
  private appToken?: string;

  constructor(readonly t: LocalTenant) {
    this.dispatcher = new Agent({ connect: { ca: t.caPem } });
  }

  async raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams } = {}): Promise<Reply> {
    const res = await fetch(url, { ...init, dispatcher: this.dispatcher });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  token(form: Record<string, string>): Promise<Reply> {
    return this.raw(this.t.tokenEndpoint, { method: 'POST', body: new URLSearchParams(form) });
  }

  async app(): Promise<string> {
    if (!this.appToken) {
      const r = await this.token({ grant_type: 'client_credentials', client_id: this.t.clientId, client_secret: this.t.clientSecret, scope: `${GRAPH}/.default` });
      expect(r.status).toBe(200);
      this.appToken = r.body.access_token as string;
    }
    return this.appToken;
  }

  /** A Graph call; `path` is below /v1.0, or a full URL (a nextLink, a deltaLink). */
  async graph(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {}): Promise<Reply> {
    const token = opts.token === undefined ? await this.app() : opts.token;
    const headers: Record<string, string> = { ...opts.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const url = path.startsWith('https://') ? path : `${this.t.url}/v1.0${path}`;
    return this.raw(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  }

  get = (path: string, headers?: Record<string, string>): Promise<Reply> => this.graph('GET', path, { headers });

  site(): string {
    return `/sites/${this.t.siteId}`;
  }

  /** A new list with a text (indexed), a number, a yes/no, a date-only and a date-time column. */
  async createList(displayName: string): Promise<string> {
    const r = await this.graph('POST', `${this.site()}/lists`, {
      body: {
        displayName,
        columns: [
          { name: 'Code', text: {}, indexed: true },
          { name: 'Count', number: {} },
          { name: 'Done', boolean: {} },
          { name: 'Due', dateTime: { format: 'dateOnly' }, indexed: true },
          { name: 'At', dateTime: { format: 'dateTime' } },
          { name: 'Note', text: { allowMultipleLines: true } },
        ],
        list: { template: 'genericList' },
      },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  }

  /** Every page of a collection, following @odata.nextLink. */
  async all(path: string, headers?: Record<string, string>): Promise<{ pages: Reply[]; value: Json[] }> {
    const pages: Reply[] = [];
    let next: string | undefined = path;
    while (next) {
      const r = await this.get(next, headers);
      expect(r.status).toBe(200);
      pages.push(r);
      next = r.body['@odata.nextLink'];
    }
    return { pages, value: pages.flatMap((p) => p.body.value) };
  }
}

const seedOf = (staff: number): SeedOptions => ({ programme: preset('setagaya'), staff, seed: 7, today: TODAY });

describe('local tenant over HTTPS', () => {
  let t: LocalTenant;
  let http: Http;
  beforeAll(async () => {
    t = await startLocalTenant({ seed: seedOf(300) });
    http = new Http(t);
  });
  afterAll(async () => {
    await t.close();
    await http.dispatcher.close();
  });
  afterEach(() => t.setFaults({ faultRate: 0, latencyMs: 0, faultStatuses: [429, 503], retryAfterSeconds: 1 }));

  describe('token issuer', () => {
    it('issues an app token for Graph by client credentials, signed with the key its JWKS publishes', async () => {
      const r = await http.token({ grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret, scope: `${GRAPH}/.default` });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number), ext_expires_in: expect.any(Number) });
      const config = (await http.raw(`${t.url}/${t.tenantId}/v2.0/.well-known/openid-configuration`)).body;
      expect(config).toMatchObject({ issuer: `${t.url}/${t.tenantId}/v2.0`, token_endpoint: t.tokenEndpoint, authorization_endpoint: expect.any(String) });
      const jwks = (await http.raw(config.jwks_uri)).body as JSONWebKeySet;
      const { payload } = await jwtVerify(r.body.access_token, createLocalJWKSet(jwks), { issuer: config.issuer, audience: GRAPH });
      expect(payload).toMatchObject({ tid: t.tenantId, appid: t.clientId, azp: t.clientId, roles: ['Sites.Selected'] });
      expect(decodeProtectedHeader(r.body.access_token)).toMatchObject({ alg: 'RS256', kid: jwks.keys[0]!.kid });
    });

    it("refuses a wrong secret with invalid_client, and a scope without /.default, in Entra's error shape", async () => {
      const wrong = await http.token({ grant_type: 'client_credentials', client_id: t.clientId, client_secret: 'not-the-secret', scope: `${GRAPH}/.default` });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({
        error: 'invalid_client',
        error_codes: [7000215],
        error_description: expect.stringMatching(/^AADSTS7000215: Invalid client secret/),
        timestamp: expect.any(String),
        trace_id: expect.any(String),
        correlation_id: expect.any(String),
      });
      expect(wrong.body.access_token).toBeUndefined();
      const scope = await http.token({ grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret, scope: `${GRAPH}/Sites.Read.All` });
      expect(scope.status).toBe(400);
      expect(scope.body.error).toBe('invalid_scope');
    });

    it('exchanges a user token on behalf of the user for a delegated Graph token (raw POST)', async () => {
      const staff = await http.get(`${http.site()}/lists/SkillSteps_Staff/items?$expand=fields($select=Upn,Title)&$top=1`);
      const { Upn: upn, Title: name } = staff.body.value[0].fields;
      const assertion = await t.issueUserToken(upn, `api://${t.clientId}`);
      const obo = await http.token({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        client_id: t.clientId,
        client_secret: t.clientSecret,
        assertion,
        requested_token_use: 'on_behalf_of',
        scope: `${GRAPH}/Sites.ReadWrite.All`,
      });
      expect(obo.status).toBe(200);
      const claims = decodeJwt(obo.body.access_token);
      const user = await http.get(`/users/${encodeURIComponent(upn)}`);
      expect(claims).toMatchObject({ aud: GRAPH, upn, name, oid: user.body.id, scp: 'Sites.ReadWrite.All', tid: t.tenantId, appid: t.clientId });
      const me = await http.graph('GET', '/me', { token: obo.body.access_token });
      expect(me.body).toMatchObject({ userPrincipalName: upn, displayName: name });

      // A token meant for another app cannot be exchanged.
      const foreign = await t.issueUserToken(upn, 'api://some-other-app');
      const refused = await http.token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', client_id: t.clientId, client_secret: t.clientSecret, assertion: foreign, requested_token_use: 'on_behalf_of', scope: `${GRAPH}/.default` });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_grant', error_codes: [50013] });
    });

    it("works with MSAL Node's acquireTokenOnBehalfOf through a fetch-based networkClient", async () => {
      const seen: string[] = [];
      const respond = async <T>(res: Awaited<ReturnType<typeof fetch>>): Promise<NetworkResponse<T>> => ({
        status: res.status,
        headers: Object.fromEntries(res.headers.entries()),
        body: (await res.json()) as T,
      });
      const networkClient: INetworkModule = {
        async sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string> }): Promise<NetworkResponse<T>> {
          seen.push(`GET ${url.split('?')[0]}`);
          return respond<T>(await fetch(url, { headers: options?.headers, dispatcher: http.dispatcher }));
        },
        async sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<NetworkResponse<T>> {
          seen.push(`POST ${url.split('?')[0]}`);
          return respond<T>(await fetch(url, { method: 'POST', headers: options?.headers, body: options?.body, dispatcher: http.dispatcher }));
        },
      };
      const cca = new ConfidentialClientApplication({
        auth: { clientId: t.clientId, clientSecret: t.clientSecret, authority: `${t.url}/${t.tenantId}`, knownAuthorities: [new URL(t.url).host] },
        system: { networkClient },
      });
      const upn = (await http.get(`${http.site()}/lists/SkillSteps_Staff/items?$expand=fields($select=Upn)&$top=1`)).body.value[0].fields.Upn as string;
      const result = await cca.acquireTokenOnBehalfOf({ oboAssertion: await t.issueUserToken(upn, `api://${t.clientId}`), scopes: [`${GRAPH}/Sites.ReadWrite.All`] });
      expect(result?.account?.username).toBe(upn);
      expect(decodeJwt(result!.accessToken)).toMatchObject({ upn, aud: GRAPH });
      expect(seen).toEqual([`GET ${t.url}/${t.tenantId}/v2.0/.well-known/openid-configuration`, `POST ${t.tokenEndpoint}`]);
      const me = await http.graph('GET', '/me', { token: result!.accessToken });
      expect(me.status).toBe(200);
    });
  });

  describe('Graph authentication', () => {
    it('answers 401 InvalidAuthenticationToken without a token, with a forged one and with one for another audience', async () => {
      const path = `${http.site()}/lists`;
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ tid: t.tenantId, appid: t.clientId, roles: ['Sites.Selected'] })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(`${t.url}/${t.tenantId}/v2.0`)
        .setAudience(GRAPH)
        .setExpirationTime('1h')
        .sign(privateKey);
      const userToken = await t.issueUserToken('someone@example.jp', `api://${t.clientId}`);
      for (const token of [null, 'not-a-jwt', forged, userToken]) {
        const r = await http.graph('GET', path, { token, headers: { 'client-request-id': 'c-123' } });
        expect(r.status).toBe(401);
        expect(r.body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: expect.any(String) });
        expect(r.body.error.innerError).toEqual({ date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': r.headers.get('request-id'), 'client-request-id': 'c-123' });
      }
    });
  });

  describe('sites, lists and columns', () => {
    it('finds the site by server-relative path and by id', async () => {
      const byPath = await http.get('/sites/localhost:/sites/skillsteps');
      expect(byPath.status).toBe(200);
      expect(byPath.body).toMatchObject({ id: t.siteId, name: 'skillsteps', webUrl: t.siteUrl });
      expect(byPath.body.id).toMatch(/^localhost,[0-9a-f-]{36},[0-9a-f-]{36}$/);
      expect((await http.get(`/sites/${encodeURIComponent(t.siteId)}`)).body.id).toBe(t.siteId);
      const lists = await http.get('/sites/localhost:/sites/skillsteps:/lists?$select=name,displayName');
      expect(lists.body.value).toContainEqual(expect.objectContaining({ name: 'SkillSteps_Staff', displayName: '職員' }));
      const missing = await http.get('/sites/localhost:/sites/elsewhere');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('itemNotFound');
    });

    it('creates a list with its columns, its URL name from its title; a rename, a given name and a duplicate title are refused', async () => {
      const id = await http.createList('SkillSteps_Probe');
      // Graph v1.0 has no list update (list resource: get, create, items): a PATCH of a list is 405 and changes nothing.
      const renamed = await http.graph('PATCH', `${http.site()}/lists/${id}`, { body: { displayName: 'プローブ' } });
      expect(renamed.status).toBe(405);
      expect(renamed.body.error).toMatchObject({ code: 'BadRequest', message: expect.stringContaining("'PATCH'") });
      const list = (await http.get(`${http.site()}/lists/${id}`)).body;
      expect(list).toMatchObject({ id, name: 'SkillSteps_Probe', displayName: 'SkillSteps_Probe', list: { template: 'genericList' } });
      expect((await http.get(`${http.site()}/lists/SkillSteps_Probe`)).body.id).toBe(id);
      const named = await http.graph('POST', `${http.site()}/lists`, { body: { displayName: 'プローブ2', name: 'Probe2', list: { template: 'genericList' } } });
      expect(named.status).toBe(400);
      expect(named.body.error.message).toContain("Cannot define a 'name' for a list");

      const added = await http.graph('POST', `${http.site()}/lists/${id}/columns`, { body: { name: 'Owner', displayName: '担当', text: {} } });
      expect(added.status).toBe(201);
      const indexed = await http.graph('PATCH', `${http.site()}/lists/${id}/columns/${added.body.id}`, { body: { indexed: true } });
      expect(indexed.body).toMatchObject({ name: 'Owner', displayName: '担当', indexed: true });
      const columns = (await http.get(`${http.site()}/lists/${id}/columns`)).body.value;
      expect(columns.find((c: { name: string }) => c.name === 'Title')).toMatchObject({ required: false, text: { allowMultipleLines: false } });
      expect(columns.find((c: { name: string }) => c.name === 'Due')).toMatchObject({ indexed: true, dateTime: { format: 'dateOnly' } });
      expect(columns.find((c: { name: string }) => c.name === 'Note')).toMatchObject({ text: { allowMultipleLines: true } });

      const dup = await http.graph('POST', `${http.site()}/lists`, { body: { displayName: 'SkillSteps_Probe', list: { template: 'genericList' } } });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('nameAlreadyExists');
      const dupColumn = await http.graph('POST', `${http.site()}/lists/${id}/columns`, { body: { name: 'Owner', text: {} } });
      expect(dupColumn.status).toBe(409);
    });

    it('provisions every SkillSteps list from list-schema with Japanese titles and indexed columns', async () => {
      const columns = (await http.get(`${http.site()}/lists/SkillSteps_Completions/columns`)).body.value as Array<{ name: string; indexed: boolean; dateTime?: { format: string } }>;
      expect(columns.map((c) => c.name)).toEqual(['Title', 'Upn', 'CourseId', 'CompletedOn', 'Hours', 'ConfirmedByUpn', 'ConfirmedAt', 'ImportId']);
      expect(columns.filter((c) => c.indexed).map((c) => c.name)).toEqual(['Upn', 'CourseId', 'ImportId']);
      expect(columns.find((c) => c.name === 'CompletedOn')?.dateTime?.format).toBe('dateOnly');
    });
  });

  describe('items', () => {
    it('creates, reads and updates items with typed values; a stale If-Match is 412 and changes nothing', async () => {
      const list = `${http.site()}/lists/${await http.createList('SkillSteps_Items')}`;
      const created = await http.graph('POST', `${list}/items`, {
        body: { fields: { Title: '一件目', Code: 'A-1', Count: 3, Done: false, Due: '2024-04-01', At: '2024-04-01T10:00:00+09:00', Note: '長い\n説明' } },
      });
      expect(created.status).toBe(201);
      const item = created.body;
      expect(item).toMatchObject({ id: expect.stringMatching(/^\d+$/), eTag: expect.stringMatching(/^"[0-9a-f-]{36},1"$/) });
      expect(item['@odata.etag']).toBe(item.eTag);
      // Date-only is the JST calendar date, returned as the UTC instant of JST midnight; date-times to the second, Z.
      expect(item.fields).toMatchObject({ Title: '一件目', Code: 'A-1', Count: 3, Done: false, Due: '2024-03-31T15:00:00Z', At: '2024-04-01T01:00:00Z', Note: '長い\n説明' });

      const read = await http.get(`${list}/items/${item.id}?$expand=fields($select=Code,Due)`);
      expect(read.body.fields).toEqual({ '@odata.etag': item.eTag, Code: 'A-1', Due: '2024-03-31T15:00:00Z' });

      const patched = await http.graph('PATCH', `${list}/items/${item.id}/fields`, { body: { Count: 4, Due: '2024-03-31T16:30:00Z' }, headers: { 'If-Match': item.eTag } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ Count: 4, Due: '2024-03-31T15:00:00Z', Code: 'A-1' });
      // The reply is the fieldValueSet of listitem-update's example: values, no eTag; the item has the new one.
      expect(patched.body).not.toHaveProperty('@odata.etag');
      const newETag = (await http.get(`${list}/items/${item.id}`)).body.eTag as string;
      expect(newETag).toMatch(/,2"$/);

      const stale = await http.graph('PATCH', `${list}/items/${item.id}/fields`, { body: { Count: 99 }, headers: { 'If-Match': item.eTag } });
      expect(stale.status).toBe(412);
      expect(stale.body.error.code).toBe('preconditionFailed');
      expect((await http.get(`${list}/items/${item.id}?$expand=fields`)).body.fields.Count).toBe(4);

      for (const [fields, message] of [
        [{ Nope: 1 }, "Field 'Nope' is not recognized"],
        [{ Count: '4' }, "field 'Count'"],
        [{ Code: 'x'.repeat(256) }, 'too long'],
        [{ Due: '2024-02-30' }, "field 'Due'"],
      ] as const) {
        const bad = await http.graph('POST', `${list}/items`, { body: { fields } });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toContain(message);
      }

      expect((await http.graph('DELETE', `${list}/items/${item.id}`, { headers: { 'If-Match': item.eTag } })).status).toBe(412);
      expect((await http.graph('DELETE', `${list}/items/${item.id}`, { headers: { 'If-Match': newETag } })).status).toBe(204);
      const gone = await http.get(`${list}/items/${item.id}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('itemNotFound');
    });

    it('filters on indexed columns; a column that is not indexed is refused unless Prefer allows it', async () => {
      const staff = `${http.site()}/lists/SkillSteps_Staff/items`;
      const everyone = (await http.all(`${staff}?$expand=fields&$top=5000`)).value.map((i) => i.fields);
      const dept = everyone[0]!.Department as string;
      const inDept = await http.all(`${staff}?$expand=fields($select=Department)&$top=50&$filter=fields/Department eq '${dept}'`);
      expect(inDept.value.length).toBe(everyone.filter((f) => f.Department === dept).length);
      expect(inDept.value.every((i) => i.fields.Department === dept)).toBe(true);

      const grade = everyone[0]!.Grade as string;
      const refused = await http.get(`${staff}?$expand=fields&$filter=fields/Grade eq '${grade}'`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'invalidRequest',
        message:
          "Field 'Grade' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.",
      });
      const allowed = await http.all(`${staff}?$expand=fields&$top=5000&$filter=fields/Grade eq '${grade}' and fields/Department eq '${dept}'`, {
        Prefer: 'HonorNonIndexedQueriesWarningMayFailRandomly',
      });
      expect(allowed.value.length).toBe(everyone.filter((f) => f.Grade === grade && f.Department === dept).length);

      // listitem-list: "the service can only filter one indexed field at a time" — two are refused, even on a
      // list this small; one indexed column compared twice (a range) is one field.
      const section = everyone[0]!.Section as string;
      const two = await http.get(`${staff}?$expand=fields&$filter=fields/Department eq '${dept}' and fields/Section eq '${section}'`);
      expect(two.status).toBe(400);
      expect(two.body.error).toMatchObject({
        code: 'invalidRequest',
        message: expect.stringContaining("uses the indexed fields 'Department' and 'Section'; the service can only filter one indexed field at a time"),
      });
      expect((await http.get(`${staff}?$expand=fields&$filter=fields/Upn ge 'a' and fields/Upn lt 'n'`)).status).toBe(200);

      // Text compares case-insensitively, as SharePoint does; startswith on an indexed column.
      const upn = everyone[0]!.Upn as string;
      const one = await http.get(`${staff}?$expand=fields&$filter=fields/Upn eq '${upn.toUpperCase()}'`);
      expect(one.body.value.map((i: { fields: { Upn: string } }) => i.fields.Upn)).toEqual([upn]);
      const prefix = upn.slice(0, 2);
      const starting = await http.all(`${staff}?$expand=fields&$top=5000&$filter=startswith(fields/Upn,'${prefix}')`);
      expect(starting.value.length).toBe(everyone.filter((f) => (f.Upn as string).startsWith(prefix)).length);

      // Dates: a date literal is a JST calendar date, like a written one.
      const list = `${http.site()}/lists/${await http.createList('SkillSteps_Dates')}`;
      for (const due of ['2024-03-31', '2024-04-01', '2024-04-02']) await http.graph('POST', `${list}/items`, { body: { fields: { Due: due } } });
      const fromApril = await http.get(`${list}/items?$expand=fields&$filter=fields/Due ge '2024-04-01'`);
      expect(fromApril.body.value.map((i: { fields: { Due: string } }) => i.fields.Due)).toEqual(['2024-03-31T15:00:00Z', '2024-04-01T15:00:00Z']);
    });

    it('pages through a list in id order with $top and @odata.nextLink; $top above 5,000 is capped', async () => {
      const expected = generateMunicipality(preset('setagaya'), { staff: 300, seed: 7, today: TODAY, defects: 0 }).completions.length;
      const path = `${http.site()}/lists/SkillSteps_Completions/items?$expand=fields($select=Upn,CourseId,CompletedOn)&$top=1000`;
      const { pages, value } = await http.all(path);
      expect(value.length).toBe(expected);
      expect(pages.length).toBe(Math.ceil(expected / 1000));
      const ids = value.map((i) => Number(i.id));
      expect(ids.every((id, k) => k === 0 || id > ids[k - 1]!)).toBe(true);
      expect(pages[0]!.body['@odata.nextLink']).toMatch(/\$skiptoken=/);
      expect(pages.at(-1)!.body['@odata.nextLink']).toBeUndefined();
      // Seeded rows keep their natural key readable in Title, and dates are typed.
      expect(value[0]!.fields.CompletedOn).toMatch(/T15:00:00Z$/);

      expect(expected).toBeGreaterThan(5000);
      const capped = await http.get(`${http.site()}/lists/SkillSteps_Completions/items?$top=9000`);
      expect(capped.body.value.length).toBe(5000);
      expect(capped.body['@odata.nextLink']).toBeDefined();
      const byDefault = await http.get(`${http.site()}/lists/SkillSteps_Completions/items`);
      expect(byDefault.body.value.length).toBe(200);
    });
  });

  describe('delta', () => {
    it('enumerates everything first, then reports exactly what was created, updated (latest state, once) and deleted', async () => {
      const list = `${http.site()}/lists/${await http.createList('SkillSteps_Delta')}`;
      const ids: string[] = [];
      for (const code of ['A', 'B', 'C']) ids.push((await http.graph('POST', `${list}/items`, { body: { fields: { Code: code } } })).body.id);
      const [a, b] = ids;

      const first = await http.all(`${list}/items/delta?$expand=fields($select=Code)&$top=2`);
      expect(first.pages.map((p) => p.body.value.length)).toEqual([2, 1]);
      expect(first.value.map((i) => i.fields.Code)).toEqual(['A', 'B', 'C']);
      let deltaLink = first.pages.at(-1)!.body['@odata.deltaLink'] as string;
      expect(deltaLink).toMatch(/\/items\/delta\?.*token=/);

      t.resetStats();
      const nothing = await http.get(deltaLink);
      expect(nothing.body.value).toEqual([]);
      expect(nothing.body['@odata.nextLink']).toBeUndefined();
      expect(t.stats().requests).toBe(1);
      deltaLink = nothing.body['@odata.deltaLink'];

      const d = (await http.graph('POST', `${list}/items`, { body: { fields: { Code: 'D' } } })).body.id;
      await http.graph('PATCH', `${list}/items/${a}/fields`, { body: { Code: 'A2' } });
      await http.graph('PATCH', `${list}/items/${a}/fields`, { body: { Code: 'A3' } });
      expect((await http.graph('DELETE', `${list}/items/${b}`)).status).toBe(204);

      // The deltaLink keeps the query it came from ($top=2 here), so the changes come in two pages.
      const changes = await http.all(deltaLink);
      expect(changes.pages.length).toBe(2);
      expect(changes.value).toEqual([
        expect.objectContaining({ id: a, fields: expect.objectContaining({ Code: 'A3' }) }),
        expect.objectContaining({ id: b, deleted: { state: 'deleted' } }),
        expect.objectContaining({ id: d, fields: expect.objectContaining({ Code: 'D' }) }),
      ]);
      const after = await http.get(changes.pages.at(-1)!.body['@odata.deltaLink']);
      expect(after.body.value).toEqual([]);
    });

    it('with deltaLinksWithoutQuery, a deltaLink carries only its token: the next round lists changed items without fields', async () => {
      const list = `${http.site()}/lists/${await http.createList('SkillSteps_DeltaNoQuery')}`;
      const a = (await http.graph('POST', `${list}/items`, { body: { fields: { Code: 'A' } } })).body.id as string;
      t.setFaults({ deltaLinksWithoutQuery: true });
      try {
        const first = await http.get(`${list}/items/delta?$expand=fields($select=Code)&$top=2`);
        expect(first.body.value).toEqual([expect.objectContaining({ id: a, fields: expect.objectContaining({ Code: 'A' }) })]);
        const deltaLink = first.body['@odata.deltaLink'] as string;
        expect(new URL(deltaLink).search).toMatch(/^\?token=[^&]+$/);
        await http.graph('PATCH', `${list}/items/${a}/fields`, { body: { Code: 'A2' } });
        const changes = await http.get(deltaLink);
        expect(changes.body.value).toEqual([expect.objectContaining({ id: a, eTag: expect.stringMatching(/,2"$/) })]);
        expect(changes.body.value[0]).not.toHaveProperty('fields');
      } finally {
        t.setFaults({ deltaLinksWithoutQuery: false });
      }
    });

    it('answers 410 resyncChangesApplyDifferences to an expired token, with a Location that enumerates again', async () => {
      const path = `${http.site()}/lists/SkillSteps_Courses/items/delta?$expand=fields($select=CourseId)&$top=5000`;
      const first = await http.get(path);
      const deltaLink = first.body['@odata.deltaLink'] as string;
      expect((await http.get(deltaLink)).status).toBe(200);

      t.expireDeltaTokens();
      const gone = await http.get(deltaLink);
      expect(gone.status).toBe(410);
      expect(gone.body.error.code).toBe('resyncChangesApplyDifferences');
      const again = await http.get(gone.headers.get('location')!);
      expect(again.status).toBe(200);
      expect(again.body.value.length).toBe(first.body.value.length);

      // The same once a token outlives deltaTokenTtlMs.
      t.setFaults({ deltaTokenTtlMs: 20 });
      await new Promise((r) => setTimeout(r, 40));
      expect((await http.get(again.body['@odata.deltaLink'])).status).toBe(410);
      t.setFaults({ deltaTokenTtlMs: 7 * 86_400_000 });
    });
  });

  describe('document library (the drive subset evidence files use)', () => {
    /** A raw request to Graph with the app's token (or none), the body as bytes. */
    async function bytes(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}, token: string | null = 'app'): Promise<{ status: number; headers: Headers; json: Json; body: Buffer }> {
      const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${await http.app()}` };
      const url = path.startsWith('https://') ? path : `${t.url}/v1.0${path}`;
      const res = await fetch(url, { method, headers: { ...auth, ...headers }, body, dispatcher: http.dispatcher, redirect: 'manual' });
      const buf = Buffer.from(await res.arrayBuffer());
      let json: Json;
      try {
        json = JSON.parse(buf.toString('utf8'));
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json, body: buf };
    }
    const PDF = Buffer.from('%PDF-1.4\n% SkillSteps test\n%%EOF\n');

    it('has one drive per site, makes a folder once (conflictBehavior fail → 409) and finds it by path', async () => {
      const drive = await http.get(`${http.site()}/drive`);
      expect(drive.status).toBe(200);
      expect(drive.body).toMatchObject({ driveType: 'documentLibrary', id: expect.stringMatching(/^b!/) });
      const root = await http.get(`${http.site()}/drive/root`);
      expect(root.body).toMatchObject({ root: {}, folder: { childCount: expect.any(Number) } });
      const made = await http.graph('POST', `${http.site()}/drive/items/${root.body.id}/children`, { body: { name: 'Evidence', folder: {}, '@microsoft.graph.conflictBehavior': 'fail' } });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ name: 'Evidence', folder: { childCount: 0 }, parentReference: { driveId: drive.body.id, id: root.body.id } });
      const again = await http.graph('POST', `${http.site()}/drive/items/${root.body.id}/children`, { body: { name: 'evidence', folder: {}, '@microsoft.graph.conflictBehavior': 'fail' } });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('nameAlreadyExists');
      const byPath = await http.get(`${http.site()}/drive/root:/Evidence`);
      expect(byPath.status).toBe(200);
      expect(byPath.body.id).toBe(made.body.id);
      expect((await http.get(`${http.site()}/drive/root:/NoSuchFolder`)).status).toBe(404);
    });

    it('takes a simple upload (PUT items/{parent-id}:/{filename}:/content): 201 new, 200 replaced, 409 with fail, a free name with rename; the content comes back through a 302', async () => {
      const folder = (await http.get(`${http.site()}/drive/root:/Evidence`)).body.id as string;
      const put = (name: string, body: Buffer, query = ''): ReturnType<typeof bytes> =>
        bytes('PUT', `${http.site()}/drive/items/${folder}:/${encodeURIComponent(name)}:/content${query}`, body, { 'content-type': 'application/pdf' });
      const created = await put('合格証.pdf', PDF);
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ name: '合格証.pdf', size: PDF.length, file: { mimeType: 'application/pdf' }, parentReference: { id: folder, path: '/drive/root:/Evidence' } });
      expect(created.json.webUrl).toContain('/Shared%20Documents/Evidence/');
      const replaced = await put('合格証.pdf', Buffer.concat([PDF, PDF]));
      expect(replaced.status).toBe(200);
      expect(replaced.json.id).toBe(created.json.id);
      expect(replaced.json.size).toBe(PDF.length * 2);
      const failed = await put('合格証.pdf', PDF, '?@microsoft.graph.conflictBehavior=fail');
      expect(failed.status).toBe(409);
      expect(failed.json.error.code).toBe('nameAlreadyExists');
      const renamed = await put('合格証.pdf', PDF, '?@microsoft.graph.conflictBehavior=rename');
      expect(renamed.status).toBe(201);
      expect(renamed.json.name).toBe('合格証 1.pdf');

      const content = await bytes('GET', `${http.site()}/drive/items/${created.json.id}/content`);
      expect(content.status).toBe(302);
      const location = content.headers.get('location')!;
      // The download URL is pre-authenticated: no token.
      const download = await bytes('GET', location, undefined, {}, null);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.body.equals(Buffer.concat([PDF, PDF]))).toBe(true);
      const listed = await http.get(`${http.site()}/drive/items/${folder}/children`);
      expect(listed.body.value.map((i: { name: string }) => i.name)).toEqual(['合格証 1.pdf', '合格証.pdf']);
    });

    it('refuses what driveitem-put-content does not document, and the rest of the drive API', async () => {
      const folder = (await http.get(`${http.site()}/drive/root:/Evidence`)).body.id as string;
      const file = (await http.get(`${http.site()}/drive/items/${folder}/children`)).body.value[0].id as string;
      // A path where a file name goes.
      const path = await bytes('PUT', `${http.site()}/drive/items/${folder}:/${encodeURIComponent('sub/a.pdf')}:/content`, PDF, { 'content-type': 'application/pdf' });
      expect(path.status).toBe(400);
      // No Content-Type (the page's request headers: required).
      expect((await bytes('PUT', `${http.site()}/drive/items/${folder}:/b.pdf:/content`, PDF)).status).toBe(400);
      // Replacing by id, an unknown parent, a file as the parent, a token missing.
      expect((await bytes('PUT', `${http.site()}/drive/items/${file}/content`, PDF, { 'content-type': 'application/pdf' })).status).toBe(501);
      expect((await bytes('PUT', `${http.site()}/drive/items/01NOSUCHITEM:/c.pdf:/content`, PDF, { 'content-type': 'application/pdf' })).status).toBe(404);
      expect((await bytes('PUT', `${http.site()}/drive/items/${file}:/c.pdf:/content`, PDF, { 'content-type': 'application/pdf' })).status).toBe(400);
      expect((await bytes('PUT', `${http.site()}/drive/items/${folder}:/c.pdf:/content`, PDF, { 'content-type': 'application/pdf' }, null)).status).toBe(401);
      // A file made through POST …/children, deleting, and a stale download URL.
      expect((await http.graph('POST', `${http.site()}/drive/items/${folder}/children`, { body: { name: 'x.pdf', file: {} } })).status).toBe(501);
      expect((await http.graph('DELETE', `${http.site()}/drive/items/${file}`)).status).toBe(405);
      expect((await bytes('GET', `${t.url}/_download/not-a-token`, undefined, {}, null)).status).toBe(404);
      expect((await http.get(`${http.site()}/drive/items/${file}`)).body.id).toBe(file);
    });
  });

  describe('$batch, users, faults', () => {
    it('runs every request of a $batch through the router; one failing does not fail the others', async () => {
      const list = await http.createList('SkillSteps_Batch');
      const item = (await http.graph('POST', `${http.site()}/lists/${list}/items`, { body: { fields: { Code: 'X' } } })).body;
      await http.graph('PATCH', `${http.site()}/lists/${list}/items/${item.id}/fields`, { body: { Code: 'Y' } });
      t.resetStats();
      const r = await http.graph('POST', '/$batch', {
        body: {
          requests: [
            { id: '1', method: 'GET', url: `${http.site()}/lists/${list}/items?$expand=fields` },
            { id: '2', method: 'GET', url: `${http.site()}/lists/NoSuchList/items` },
            { id: '3', method: 'POST', url: `${http.site()}/lists/${list}/items`, headers: { 'Content-Type': 'application/json' }, body: { fields: { Code: 'Z' } } },
            { id: '4', method: 'PATCH', url: `${http.site()}/lists/${list}/items/${item.id}/fields`, headers: { 'Content-Type': 'application/json', 'If-Match': item.eTag }, body: { Code: 'W' } },
          ],
        },
      });
      expect(r.status).toBe(200);
      const byId = Object.fromEntries(r.body.responses.map((x: { id: string }) => [x.id, x]));
      expect(byId['1']).toMatchObject({ status: 200, body: { value: [expect.objectContaining({ fields: expect.objectContaining({ Code: 'Y' }) })] } });
      expect(byId['2']).toMatchObject({ status: 404, body: { error: { code: 'itemNotFound' } } });
      expect(byId['3']).toMatchObject({ status: 201, body: { fields: { Code: 'Z' } } });
      expect(byId['4']).toMatchObject({ status: 412, body: { error: { code: 'preconditionFailed' } } });
      expect(t.stats().requests).toBe(5);
      expect(t.stats().byRoute['POST /$batch']).toBe(1);

      // A request that depends on a failed one fails with 424 and is not run.
      const chained = await http.graph('POST', '/$batch', {
        body: {
          requests: [
            { id: 'a', method: 'GET', url: `${http.site()}/lists/NoSuchList` },
            { id: 'b', dependsOn: ['a'], method: 'POST', url: `${http.site()}/lists/${list}/items`, headers: { 'Content-Type': 'application/json' }, body: { fields: { Code: 'never' } } },
          ],
        },
      });
      expect(chained.body.responses.map((x: { status: number }) => x.status)).toEqual([404, 424]);
      const codes = (await http.all(`${http.site()}/lists/${list}/items?$expand=fields`)).value.map((i) => i.fields.Code);
      expect(codes).not.toContain('never');

      // A malformed batch fails as a whole: a write without Content-Type, more than 20 requests.
      const untyped = await http.graph('POST', '/$batch', { body: { requests: [{ id: '1', method: 'POST', url: `${http.site()}/lists/${list}/items`, body: { fields: {} } }] } });
      expect(untyped.status).toBe(400);
      const tooMany = await http.graph('POST', '/$batch', { body: { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' })) } });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.code).toBe('BadRequest');
    });

    it('looks people up by UPN or object id in the Staff list', async () => {
      const fields = (await http.get(`${http.site()}/lists/SkillSteps_Staff/items?$expand=fields&$top=1`)).body.value[0].fields;
      const byUpn = await http.get(`/users/${encodeURIComponent(fields.Upn.toUpperCase())}`);
      expect(byUpn.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), userPrincipalName: fields.Upn, displayName: fields.Title, mail: fields.Upn });
      const byId = await http.get(`/users/${byUpn.body.id}?$select=displayName`);
      expect(byId.body).toMatchObject({ displayName: fields.Title });
      expect(byId.body.userPrincipalName).toBeUndefined();
      const nobody = await http.get('/users/nobody@example.jp');
      expect(nobody.status).toBe(404);
      expect(nobody.body.error.code).toBe('Request_ResourceNotFound');
    });

    it('throttles at fault rate 1: 429 with Retry-After and Graph’s body, per request inside a batch too; latency is added', async () => {
      t.setFaults({ faultRate: 1, retryAfterSeconds: 7, faultStatuses: [429] });
      const r = await http.get(`${http.site()}/lists`);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(r.body.error.code).toBe('TooManyRequests');
      const batch = await http.graph('POST', '/$batch', { body: { requests: [{ id: '1', method: 'GET', url: `${http.site()}/lists` }] } });
      expect(batch.status).toBe(200);
      expect(batch.body.responses[0]).toMatchObject({ status: 429, headers: { 'Retry-After': '7' }, body: { error: { code: 'TooManyRequests' } } });
      t.setFaults({ faultStatuses: [503] });
      const unavailable = await http.get(`${http.site()}/lists`);
      expect(unavailable.status).toBe(503);
      expect(unavailable.body.error.code).toBe('serviceNotAvailable');
      expect(t.stats().faults).toBeGreaterThanOrEqual(3);

      t.setFaults({ faultRate: 0, latencyMs: 100 });
      const started = performance.now();
      expect((await http.get(`${http.site()}`)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    });

    it('serves the real Graph SDK: PageIterator over nextLinks, and its RetryHandler through injected 429/503', async () => {
      const token = await http.app();
      const client = Client.init({
        authProvider: (done) => done(null, token),
        baseUrl: t.url,
        // The SDK only sends the token to Graph's hosts and to these.
        customHosts: new Set([new URL(t.url).hostname]),
        fetchOptions: { dispatcher: http.dispatcher },
      });
      const first = await client.api(`/sites/${t.siteId}/lists/SkillSteps_Staff/items`).expand('fields($select=Upn)').top(120).get();
      let count = 0;
      await new PageIterator(client, first, () => ++count > 0).iterate();
      expect(count).toBe(300);

      t.setFaults({ faultRate: 0.3, retryAfterSeconds: 0 });
      for (let i = 0; i < 10; i++) expect((await client.api(`/sites/${t.siteId}`).get()).id).toBe(t.siteId);
      expect(t.stats().faults).toBeGreaterThan(0);
    });
  });
});

describe('local tenant persistence', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-tenant-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts a tenant on the data folder, runs the steps against it, and closes it (which writes the folder). */
  async function withTenant<T>(seed: SeedOptions | false | undefined, steps: (http: Http, t: LocalTenant) => Promise<T>): Promise<T> {
    const t = await startLocalTenant({ dataDir: dir, seed });
    const http = new Http(t);
    try {
      return await steps(http, t);
    } finally {
      await t.close();
      await http.dispatcher.close();
    }
  }

  it('keeps its data in dataDir across a restart, and reset() returns to the seeded state', async () => {
    const roles = (http: Http): string => `${http.site()}/lists/SkillSteps_Roles/items`;
    const count = async (http: Http): Promise<number> => (await http.all(`${roles(http)}?$top=5000`)).value.length;

    const file = Buffer.from('%PDF-1.4\n%%EOF\n');
    const first = await withTenant(seedOf(40), async (http, t) => {
      const added = await http.graph('POST', roles(http), { body: { fields: { Upn: 'new.hire@setagaya.example.jp', Role: 'dx-leader', StartDate: '2026-12-01' } } });
      expect(added.status).toBe(201);
      // A file in the document library is kept too.
      const root = (await http.get(`${http.site()}/drive/root`)).body.id as string;
      const put = await fetch(`${t.url}/v1.0${http.site()}/drive/items/${root}:/kept.pdf:/content`, { method: 'PUT', headers: { authorization: `Bearer ${await http.app()}`, 'content-type': 'application/pdf' }, body: file, dispatcher: http.dispatcher });
      expect(put.status).toBe(201);
      return { seeded: (await count(http)) - 1, added: added.body, ids: { tenantId: t.tenantId, siteId: t.siteId, clientId: t.clientId } };
    });

    // Started again without a seed: everything comes from disk, under the same ids.
    await withTenant(false, async (http, t) => {
      expect({ tenantId: t.tenantId, siteId: t.siteId, clientId: t.clientId }).toEqual(first.ids);
      const items = (await http.all(`${roles(http)}?$expand=fields&$top=5000`)).value;
      expect(items.length).toBe(first.seeded + 1);
      expect(items.at(-1)).toMatchObject({ id: first.added.id, eTag: first.added.eTag, fields: { Upn: 'new.hire@setagaya.example.jp', StartDate: '2026-11-30T15:00:00Z' } });
      // Ids go on from where they were; none is reused.
      const next = await http.graph('POST', roles(http), { body: { fields: { Upn: 'b@setagaya.example.jp', Role: 'dx-leader' } } });
      expect(Number(next.body.id)).toBe(Number(first.added.id) + 1);
      const kept = await http.get(`${http.site()}/drive/root:/kept.pdf`);
      expect(kept.body).toMatchObject({ name: 'kept.pdf', size: file.length, file: { mimeType: 'application/pdf' } });
    });

    // reset() goes back to the seed, and the next start finds that on disk.
    await withTenant(seedOf(40), async (http, t) => {
      expect(await count(http)).toBe(first.seeded + 2);
      await t.reset();
      expect(await count(http)).toBe(first.seeded);
    });
    await withTenant(undefined, async (http) => {
      expect(await count(http)).toBe(first.seeded);
      expect((await http.get(`${http.site()}/drive/root:/kept.pdf`)).status).toBe(404);
    });
  });
});
