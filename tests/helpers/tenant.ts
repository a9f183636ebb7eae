import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalTenant, type LocalTenant, type LocalTenantOptions } from '../../dev/local-tenant';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import { ProgrammeService } from '../../src/app/programme-service';
import type { GraphConfig } from '../../src/config';
import type { LocalDate } from '../../src/domain/local-date';
import type { Programme } from '../../src/domain/programme';
import type { Records } from '../../src/domain/records';
import type { Clock } from '../../src/ports';
import { appCredential } from '../../src/sharepoint/credentials';
import { createGraphApi, type GraphApi } from '../../src/sharepoint/graph-client';
import { GraphListSource } from '../../src/sharepoint/graph-list-reader';
import { MemorySyncStore } from '../../src/sharepoint/memory-sync-store';

/** A seeded local tenant, a Graph client for it, and the programme service over its lists. */
export interface TenantWorld {
  tenant: LocalTenant;
  api: GraphApi;
  service: ProgrammeService;
  /** The generated municipality the tenant was seeded with (same seed, same records). */
  records: Records;
  clock: Clock;
  close(): Promise<void>;
}

/** The app's Graph settings for a running local tenant (local mode: its certificate in `caFile`). */
export function graphConfigOf(tenant: LocalTenant, caFile: string): GraphConfig {
  return {
    baseUrl: tenant.url,
    authorityHost: tenant.url,
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    managedIdentity: false,
    localCaFile: caFile,
    concurrency: 4,
    maxRetries: 10,
    pageSize: 5000,
    readPartitions: 8,
  };
}

/** A Graph client for a running local tenant, signed in as the app (as the server and the CLI are). */
export function graphApiOf(tenant: LocalTenant): { api: GraphApi; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'skillsteps-graph-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, tenant.caPem);
  const g = graphConfigOf(tenant, caFile);
  const api = createGraphApi({ baseUrl: g.baseUrl, credential: appCredential(g), caPem: tenant.caPem, concurrency: 4, maxRetries: 10 });
  return { api, close: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tenantWorld(programme: Programme, opts: { staff: number; seed: number; today: LocalDate; now?: Date; tenant?: LocalTenantOptions }): Promise<TenantWorld> {
  const tenant = await startLocalTenant({ port: 0, ...opts.tenant, seed: { programme, staff: opts.staff, seed: opts.seed, today: opts.today } });
  const graph = graphApiOf(tenant);
  const api = graph.api;
  const now = opts.now ?? new Date(`${opts.today}T10:00:00+09:00`);
  const clock: Clock = { now: () => now, today: () => opts.today };
  const store = new MemorySyncStore();
  const service = new ProgrammeService(programme, () => new GraphListSource(api, tenant.siteId, store, 5000), clock);
  await service.refresh();
  const records = generateMunicipality(programme, { staff: opts.staff, seed: opts.seed, today: opts.today, defects: 0 });
  return {
    tenant,
    api,
    service,
    records,
    clock,
    close: async () => {
      await tenant.close();
      graph.close();
    },
  };
}
