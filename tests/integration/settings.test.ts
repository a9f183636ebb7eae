/**
 * This year's targets and fill-in settings over real HTTP: two server instances on one local
 * tenant; the office sets 世田谷区's 令和8年度 target (the preset has 令和4/5年度 only) and a fill-in
 * setting on one; the validator's messages for a wrong value; the other instance takes the change at
 * its next refresh, without a restart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import type { SettingsView } from '../../src/app/programme-settings';
import type { ProgrammeView } from '../../src/app/views';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { createItem } from '../../src/sharepoint/graph-list-writer';
import { officeListIds } from '../../src/sharepoint/provision';
import { graphApiOf } from '../helpers/tenant';
import { preset } from '../helpers/world';

const TODAY = '2026-11-23';
const programme = preset('setagaya');

describe('this year’s targets and fill-in settings', () => {
  let dir: string;
  let tenant: LocalTenant;
  let a: RunningServer;
  let b: RunningServer;
  let audience: string;
  let officeUpn: string;
  let staffUpn: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-settings-'));
    tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 200, seed: 5, today: TODAY } });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    audience = `api://localhost/${tenant.clientId}`;
    const env = { PORT: '0', SKILLSTEPS_PROGRAMME: 'setagaya', ...localTenantEnv(tenant, join(dir, 'ca.pem')) };
    const clock = { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY };
    [a, b] = await Promise.all([startServer(env, { log: memoryLogger(), clock }), startServer(env, { log: memoryLogger(), clock })]);
    await Promise.all([a.service.refresh(), b.service.refresh()]);
    const active = a.service.current()!.snapshot.staff.filter((s) => s.active);
    officeUpn = active[0]!.upn;
    staffUpn = active[1]!.upn;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async <T>(server: RunningServer, method: string, path: string, body?: unknown, office = true) => {
    const token = await tenant.issueUserToken(office ? officeUpn : staffUpn, audience, office ? { roles: ['ProgrammeOffice'] } : {});
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const kpi = async (server: RunningServer, id: string) => (await call<ProgrammeView>(server, 'GET', '/api/programme')).body.kpis.find((k) => k.id === id)!;

  it('says 目標未設定 for a 年度 the preset has no target for, instead of judging against 令和5年度', async () => {
    const view = (await call<ProgrammeView>(a, 'GET', '/api/programme')).body;
    expect(view.fiscalYear).toBe(2026);
    expect(view.kpis.map((k) => [k.id, k.target, k.met])).toEqual(programme.kpis.map((k) => [k.id, undefined, null]));
    const settings = (await call<SettingsView>(a, 'GET', '/api/settings')).body;
    expect(settings.fiscalYear).toBe(2026);
    expect(settings.kpis.map((k) => [k.key, k.preset, k.inForce])).toEqual(programme.kpis.map((k) => [`kpi:${k.id}`, undefined, undefined]));
    expect(settings.settings.map((s) => [s.key, s.preset, s.inForce])).toEqual(programme.settings.filter((s) => s.fillIn).map((s) => [`setting:${s.id}`, s.value, s.value]));
    expect(settings.history).toEqual([]);
    const r4 = (await call<SettingsView>(a, 'GET', '/api/settings?fiscalYear=2022')).body;
    expect(r4.kpis.find((k) => k.id === 'dx-talent')!.preset).toEqual({ value: 390, approximate: true });
  });

  it('refuses a wrong value with the validator’s message, by key, and keeps nothing', async () => {
    const r = await call<{ error: { code: string; details: { errors: Array<{ key: string; path: string; message: string }> } } }>(a, 'POST', '/api/settings', {
      fiscalYear: 2026,
      changes: [
        { key: 'kpi:dx-talent', value: '-5' },
        { key: 'setting:adviserLiteracyHours', value: '二十' },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SETTINGS.INVALID');
    expect(r.body.error.details.errors).toEqual(
      expect.arrayContaining([
        { key: 'kpi:dx-talent', path: expect.stringMatching(/^kpis\[\d+\]\.targets\.2026$/), message: 'must be at least 0, got -5' },
        { key: 'setting:adviserLiteracyHours', path: 'settings.adviserLiteracyHours.value', message: 'expected a number, got "二十"' },
      ]),
    );
    const unknown = await call<{ error: { code: string } }>(a, 'POST', '/api/settings', { fiscalYear: 2026, changes: [{ key: 'setting:nope', value: '1' }] });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'SETTINGS.UNKNOWN_KEY']);
    expect((await call<SettingsView>(a, 'GET', '/api/settings')).body.history).toEqual([]);
  });

  it('keeps a change with who and when, the KPI card shows it at once, and the other instance at its next refresh', async () => {
    const saved = await call<SettingsView>(a, 'POST', '/api/settings', {
      fiscalYear: 2026,
      changes: [
        { key: 'kpi:dx-talent', value: '~900' },
        { key: 'setting:adviserLiteracyHours', value: '25' },
      ],
    });
    expect(saved.status).toBe(200);
    const row = saved.body.kpis.find((k) => k.id === 'dx-talent')!;
    expect(row).toEqual(expect.objectContaining({ set: { value: '~900', byUpn: officeUpn, at: '2026-11-23T03:00:00.000Z', fiscalYear: 2026 }, inForce: { value: 900, approximate: true, fiscalYear: 2026 } }));
    expect(saved.body.settings.find((s) => s.id === 'adviserLiteracyHours')).toEqual(expect.objectContaining({ preset: 20, inForce: 25 }));
    expect(saved.body.history.map((h) => [h.fiscalYear, h.key, h.value, h.byUpn])).toEqual([
      [2026, 'kpi:dx-talent', '~900', officeUpn],
      [2026, 'setting:adviserLiteracyHours', '25', officeUpn],
    ]);

    const card = await kpi(a, 'dx-talent');
    expect(card.target).toEqual({ value: 900, fiscalYear: 2026, approximate: true });
    expect(card.met).toBe(card.value >= 900 * 0.95);
    expect(a.service.programme.settings.find((s) => s.id === 'adviserLiteracyHours')!.value).toBe(25);

    // The other instance: unchanged until it refreshes (as its sync timer does), then the same.
    expect((await kpi(b, 'dx-talent')).target).toBeUndefined();
    await b.service.refresh();
    expect((await kpi(b, 'dx-talent')).target).toEqual({ value: 900, fiscalYear: 2026, approximate: true });
    expect(b.service.programme.settings.find((s) => s.id === 'adviserLiteracyHours')!.value).toBe(25);
    // 令和7年度 has no target of its own: 令和8年度's is ahead of it, a milestone with the straight line from 令和5年度's ~700.
    const r7 = (await call<ProgrammeView>(a, 'GET', '/api/programme?fiscalYear=2025')).body.kpis.find((k) => k.id === 'dx-talent')!;
    expect([r7.target, r7.met, r7.trajectory]).toEqual([{ value: 900, fiscalYear: 2026, approximate: true }, null, 833.3]);
  });

  it('keeps the last good programme when the list holds a value the validator refuses (typed into SharePoint by hand)', async () => {
    const graph = graphApiOf(tenant);
    try {
      const ids = await officeListIds(graph.api, tenant.siteId);
      await createItem(graph.api, tenant.siteId, ids.Settings, { Title: 'by hand', FiscalYear: 2026, Key: 'kpi:dx-talent', Value: '-1', ByUpn: 'someone@example.jp', At: '2026-11-23T04:00:00Z' });
      await a.service.refresh();
      expect(a.service.status().settingsProblem).toContain('kpi:dx-talent: must be at least 0, got -1');
      expect((await kpi(a, 'dx-talent')).target).toEqual({ value: 900, fiscalYear: 2026, approximate: true });
      const view = (await call<SettingsView>(a, 'GET', '/api/settings')).body;
      expect(view.problem).toContain('must be at least 0, got -1');
    } finally {
      graph.close();
    }
  });

  it('is the office’s only', async () => {
    expect((await call(a, 'GET', '/api/settings', undefined, false)).status).toBe(403);
    expect((await call(a, 'POST', '/api/settings', { fiscalYear: 2026, changes: [{ key: 'kpi:dx-talent', value: '1' }] }, false)).status).toBe(403);
  });
});
