/**
 * Benchmark of the local tenant at municipal scale: how long it takes to start seeded with 10,000
 * staff (about 200,000 completions), the server's time per page of 5,000 items, and the serving
 * process's memory. The tenant runs in a child process so the client's JSON parsing is not counted
 * in its memory. Targets: seeding in seconds, < 100 ms server time per 5,000-item page, well under 500 MB.
 *
 *   npm run build && node dist/bench/local-tenant-bench.js [--programme setagaya] [--staff 10000]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Agent, fetch } from 'undici';
import { loadProgramme } from '../src/presets/presets';
import { generateMunicipality } from '../src/sample/sample-municipality';
import { startLocalTenant, type LocalTenant } from '../dev/local-tenant';

const TODAY = '2026-11-23';

interface Ready {
  url: string;
  caPem: string;
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  siteId: string;
  startMs: number;
  memory: NodeJS.MemoryUsage;
  seedPeakRssKb: number;
}

function options(): { programme: string; staff: number } {
  const { values } = parseArgs({ options: { programme: { type: 'string', default: 'setagaya' }, staff: { type: 'string', default: '10000' }, serve: { type: 'boolean' } } });
  return { programme: values.programme!, staff: Number(values.staff) };
}

/** The child: starts the tenant, reports how long that took, answers memory questions until told to stop. */
async function serve(): Promise<void> {
  const { programme: ref, staff } = options();
  const load = await loadProgramme(ref);
  if (!load.ok) throw new Error(`programme ${ref} does not load`);
  // Wait until the parent has finished its own work, so the two do not share the CPU.
  await new Promise((go) => process.once('message', go));
  const t = performance.now();
  const tenant: LocalTenant = await startLocalTenant({ seed: { programme: load.programme, staff, seed: 42, today: TODAY } });
  const startMs = performance.now() - t;
  const seedPeakRssKb = process.resourceUsage().maxRSS;
  global.gc?.();
  const memory = process.memoryUsage();
  const ready: Ready = { ...tenant, startMs, memory, seedPeakRssKb };
  process.send!(ready);
  process.on('message', (m: string) => {
    if (m === 'memory') {
      global.gc?.();
      process.send!({ memory: process.memoryUsage(), maxRssKb: process.resourceUsage().maxRSS });
    } else if (m === 'stop') {
      void tenant.close().then(() => process.exit(0));
    }
  });
}

function ask<T>(child: ChildProcess, message?: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    if (message) child.send(message);
  });
}

async function drive(): Promise<void> {
  const { programme, staff } = options();
  const child = fork(__filename, ['--serve', '--programme', programme, '--staff', String(staff)], { execArgv: ['--expose-gc'] });
  try {
    // Generation alone, here in the parent, to tell its time apart from the tenant's own work.
    const load = await loadProgramme(programme);
    if (!load.ok) throw new Error(`programme ${programme} does not load`);
    let started = performance.now();
    const completions = generateMunicipality(load.programme, { staff, seed: 42, today: TODAY, defects: 0 }).completions.length;
    const generateMs = performance.now() - started;
    child.send('start');
    const t = await ask<Ready>(child);
    const mb = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;
    console.log(`programme ${programme}; ${staff.toLocaleString()} staff, ${completions.toLocaleString()} completions`);
    console.log(`start, seeded: ${t.startMs.toFixed(0)} ms (of which generating the municipality about ${generateMs.toFixed(0)} ms; the rest is certificate, signing key, provisioning and inserting items)`);
    console.log(`after seeding: heap ${mb(t.memory.heapUsed)}, RSS ${mb(t.memory.rss)}, peak RSS while seeding ${mb(t.seedPeakRssKb * 1024)}`);

    const dispatcher = new Agent({ connect: { ca: t.caPem } });
    const token = (await (
      await fetch(t.tokenEndpoint, {
        method: 'POST',
        dispatcher,
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret, scope: 'https://graph.microsoft.com/.default' }),
      })
    ).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token.access_token}` };
    const items = `${t.url}/v1.0/sites/${t.siteId}/lists/SkillSteps_Completions/items`;
    // A course that exists in this programme, for the filtered read.
    const sample = (await (await fetch(`${items}?$expand=fields($select=CourseId)&$top=1`, { headers, dispatcher })).json()) as { value: Array<{ fields: { CourseId: string } }> };
    const course = sample.value[0]!.fields.CourseId;
    const reads: Array<[string, string]> = [
      ['items, $expand=fields (every column and system field)', `${items}?$expand=fields&$top=5000`],
      ['items, $expand=fields($select=Upn,CourseId,CompletedOn,Hours)', `${items}?$expand=fields($select=Upn,CourseId,CompletedOn,Hours)&$top=5000`],
      ['items/delta, first enumeration, same $select', `${items}/delta?$expand=fields($select=Upn,CourseId,CompletedOn,Hours)&$top=5000`],
      [`items, $filter=fields/CourseId eq '${course}' (indexed), whole list scanned`, `${items}?$expand=fields($select=Upn,CompletedOn)&$top=5000&$filter=fields/CourseId eq '${course}'`],
    ];
    console.log('\n| read | pages | items | server ms per page (median / max) | MB per page | wall ms, whole read |');
    console.log('|---|---|---|---|---|---|');
    for (const [label, first] of reads) {
      const server: number[] = [];
      let bytes = 0;
      let count = 0;
      let pages = 0;
      started = performance.now();
      for (let next: string | undefined = first; next; ) {
        const res = await fetch(next, { headers, dispatcher });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${res.status} ${text.slice(0, 300)}`);
        server.push(Number(res.headers.get('x-local-tenant-server-ms')));
        bytes += text.length;
        const body = JSON.parse(text) as { value: unknown[]; '@odata.nextLink'?: string };
        count += body.value.length;
        pages++;
        next = body['@odata.nextLink'];
      }
      const wall = performance.now() - started;
      server.sort((a, b) => a - b);
      const median = server[Math.floor(server.length / 2)]!;
      console.log(`| ${label} | ${pages} | ${count.toLocaleString()} | ${median.toFixed(0)} / ${server.at(-1)!.toFixed(0)} | ${(bytes / pages / 1e6).toFixed(1)} | ${wall.toFixed(0)} |`);
    }
    const after = await ask<{ memory: NodeJS.MemoryUsage; maxRssKb: number }>(child, 'memory');
    console.log(`\nserver after the reads: heap ${mb(after.memory.heapUsed)}, RSS ${mb(after.memory.rss)}, peak RSS ${mb(after.maxRssKb * 1024)}`);
    await dispatcher.close();
  } finally {
    child.send('stop');
  }
}

(process.argv.includes('--serve') ? serve() : drive()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
