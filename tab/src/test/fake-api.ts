/**
 * A small fake of the tab API (src/server/app.ts) for component tests: the same routes, status
 * codes and error shape `{ error: { code, message, details? } }`, answered from fixtures typed by
 * the real views. Every call is recorded with its Authorization header.
 */
import type {
  ApiErrorBody,
  DataQualityPage,
  DevSignIn,
  JobsView,
  MemberRow,
  MembersPage,
  MeView,
  NominationRequestBody,
  NominationView,
  OfficeListView,
  OfficeRemindResult,
  ProgrammeView,
  ProgressView,
  ReminderSent,
  SectionSummary,
  SyncView,
  YearEndView,
} from '../api/types';
import * as fx from './fixtures';

export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  body?: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeApiOptions {
  me?: MeView;
  progress?: ProgressView;
  people?: Record<string, ProgressView>;
  sections?: SectionSummary[];
  members?: MemberRow[];
  programme?: ProgrammeView;
  /** POST /api/office-lists/:list/remind: the answer (202 with a tally by default), or a refusal. */
  officeRemind?: FakeReply;
  /** GET /api/year-end (office only): the view for any year asked, under that year's name. */
  yearEnd?: YearEndView;
  /** GET /api/programme?fiscalYear= for these years; other years answer `programme` under the year's name, as of its 3/31. */
  programmeByYear?: Record<number, ProgrammeView>;
  nominations?: { pending: NominationView[]; decided: NominationView[] };
  dataQuality?: typeof fx.dataQualityIssues;
  /** GET /api/dev/sign-in; undefined answers 404 as in production. */
  devSignIn?: DevSignIn;
  /** Answers to POST /api/nominations, one per call (the last repeats). */
  nominate?: FakeReply[];
  /**
   * Answers to POST /api/people/:upn/remind, one per call (the last repeats). Without them the fake
   * answers as the server does for a bot that sends: 202 with the member's pending count, 409 when
   * nothing is pending.
   */
  remind?: FakeReply[];
  /** Calls held until the promise settles, by "METHOD /path": a test sees the view while they are in flight. */
  hold?: Record<string, Promise<unknown>>;
  /**
   * GET /api/jobs (office only, 403 for others as the server answers): the view, or a reply such as
   * 503 BOT.NOT_CONFIGURED for a server without the bot.
   */
  jobs?: JobsView | FakeReply;
  /** Answers to GET /api/sync, one per call (the last repeats); POST /api/sync answers the first. */
  sync?: SyncView[];
  /** The bearer token the fake accepts; others get 401. */
  token?: string;
  /** Fixed answers by "METHOD /path", before the routes. */
  override?: Record<string, FakeReply>;
  /** Answers by "METHOD /path", one per call (the last repeats), before the routes: a job's progress, a preview asked again. */
  replies?: Record<string, FakeReply[]>;
}

export interface FakeApi {
  fetch: typeof fetch;
  calls: FakeCall[];
  /** Calls to /api paths, as "GET /api/me" lines. */
  log: () => string[];
}

export const apiError = (status: number, code: string, message: string, details?: unknown): FakeReply => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}) } } satisfies ApiErrorBody,
});

const JA = new Intl.Collator('ja');

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const o = {
    me: fx.meStaff,
    progress: fx.myProgress,
    people: {},
    sections: fx.sections,
    members: fx.members,
    programme: fx.programmeView,
    nominations: { pending: fx.pendingNominations, decided: fx.decidedNominations },
    dataQuality: fx.dataQualityIssues,
    jobs: fx.jobsView,
    yearEnd: fx.yearEndView,
    token: 'test-token',
    ...options,
  };
  const calls: FakeCall[] = [];
  let nominateCount = 0;
  let remindCount = 0;
  let syncCount = 0;

  const replyCount = new Map<string, number>();
  const route = (call: FakeCall): FakeReply => {
    const { method, path, query } = call;
    if (method === 'GET' && path === '/api/dev/sign-in') return o.devSignIn ? { status: 200, body: o.devSignIn } : apiError(404, 'NOT_FOUND', 'ありません');
    const fixed = o.override?.[`${method} ${path}`];
    if (fixed) return fixed;
    const sequence = o.replies?.[`${method} ${path}`];
    if (sequence) {
      const n = replyCount.get(`${method} ${path}`) ?? 0;
      replyCount.set(`${method} ${path}`, n + 1);
      return sequence[Math.min(n, sequence.length - 1)]!;
    }
    if (call.authorization !== `Bearer ${o.token}`) return apiError(401, 'AUTH.INVALID_TOKEN', 'サインインし直してください');
    if (method === 'GET' && path === '/api/me') return ok(o.me);
    if (method === 'GET' && path === '/api/me/progress') return ok(o.progress);
    let m = /^\/api\/people\/([^/]+)\/progress$/.exec(path);
    if (method === 'GET' && m) {
      const upn = decodeURIComponent(m[1]!);
      const p = (o.people as Record<string, ProgressView>)[upn];
      return p ? ok(p) : apiError(404, 'PERSON.NOT_FOUND', '職員リストにいない人です');
    }
    if (method === 'GET' && path === '/api/sections') return ok(o.sections);
    m = /^\/api\/sections\/([^/]+)\/([^/]+)\/members$/.exec(path);
    if (method === 'GET' && m) {
      const unit = { department: decodeURIComponent(m[1]!), section: decodeURIComponent(m[2]!) };
      if (!o.sections.some((s) => s.department === unit.department && s.section === unit.section)) {
        return apiError(403, 'ACCESS.OUT_OF_SCOPE', `${unit.section} の職員を見る権限がありません（所属の管理職・プログラム事務局のみ）`);
      }
      const people = unit.section === '総務課' ? o.members : [];
      return ok(membersPage(unit, people, query));
    }
    if (method === 'GET' && path === '/api/programme') {
      if (!o.me.office) return apiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
      const fy = query.get('fiscalYear');
      if (!fy) return ok(o.programme);
      const byYear = o.programmeByYear?.[Number(fy)];
      if (byYear) return ok(byYear);
      return ok({ ...o.programme, fiscalYear: Number(fy), fiscalYearLabel: { ja: `${fy}年度`, en: `FY${fy}` }, asOf: `${Number(fy) + 1}-03-31` });
    }
    if (method === 'GET' && path === '/api/programme/kpis.csv') {
      const fy = query.get('fiscalYear') ?? String(o.programme.fiscalYear);
      return { status: 200, body: '年度,指標ID\n', headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="skillsteps-kpi-${fy}.csv"` } };
    }
    m = /^\/api\/office-lists\/([^/]+)(\/rows\.csv|\/remind)?$/.exec(path);
    if (m) {
      if (!o.me.office) return apiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
      const view = (fx.officeLists as Record<string, OfficeListView>)[m[1]!];
      if (!view) return apiError(400, 'REQUEST.BAD_OFFICE_LIST', `一覧の指定が正しくありません: "${m[1]}"`);
      const filter = method === 'POST' ? new URLSearchParams(Object.entries((call.body ?? {}) as Record<string, string>).filter(([, v]) => v !== undefined)) : query;
      const rows = view.rows.filter((r) => {
        const p = 'person' in r ? r.person : 'leader' in r ? { ...r.leader, department: r.department, section: r.section } : r.reporter;
        const q = filter.get('q');
        return (!filter.get('department') || p.department === filter.get('department')) && (!filter.get('section') || p.section === filter.get('section')) && (!q || p.name.includes(q) || (p.kana ?? '').includes(q));
      });
      if (m[2] === '/rows.csv') return { status: 200, body: 'csv', headers: { 'Content-Type': 'text/csv', 'Content-Disposition': `attachment; filename="skillsteps-${view.list}-${view.asOf}.csv"` } };
      if (m[2] === '/remind') return o.officeRemind ?? { status: 202, body: { recipients: rows.length, sent: rows.length, scheduled: 0, notSent: [] } satisfies OfficeRemindResult };
      return ok({ ...view, rows, total: rows.length, recipients: view.list === 'transfers' ? rows.filter((r) => 'replacement' in r && r.replacement === 'none').length : rows.length });
    }
    if (method === 'GET' && path.startsWith('/api/year-end')) {
      if (!o.me.office) return apiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
      const fy = Number(query.get('fiscalYear') ?? o.yearEnd.fiscalYear);
      if (path === '/api/year-end') return ok(query.has('fiscalYear') ? { ...o.yearEnd, fiscalYear: fy, fiscalYearLabel: { ja: `${fy}年度`, en: `FY${fy}` }, asOf: `${fy + 1}-03-31` } : o.yearEnd);
      const file = path === '/api/year-end/report.xlsx' ? `skillsteps-nendomatsu-${fy}.xlsx` : `skillsteps-nendomatsu-${fy}-${query.get('sheet')}.csv`;
      return { status: 200, body: 'bytes', headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${file}"` } };
    }
    if (method === 'GET' && path === '/api/nominations') {
      const status = query.get('status') ?? 'all';
      if (status === 'pending') return ok(o.nominations.pending);
      if (status === 'decided') return ok(o.nominations.decided);
      return ok([...o.nominations.pending, ...o.nominations.decided]);
    }
    if (method === 'POST' && path === '/api/nominations') {
      const body = call.body as Partial<NominationRequestBody>;
      if (typeof body.nomineeUpn !== 'string' || typeof body.role !== 'string') {
        return apiError(400, 'REQUEST.MISSING_FIELDS', '推薦する人（nomineeUpn）と役割（role）を指定してください');
      }
      const replies = o.nominate ?? [
        { status: 201, body: { id: '99', approverUpn: 'bucho@midori.example.jp', approverName: '高橋 部長', warnings: [], approverNotified: true } },
      ];
      return replies[Math.min(nominateCount++, replies.length - 1)]!;
    }
    m = /^\/api\/people\/([^/]+)\/remind$/.exec(path);
    if (method === 'POST' && m) {
      if (o.remind) return o.remind[Math.min(remindCount++, o.remind.length - 1)]!;
      const member = o.members.find((r) => r.upn === decodeURIComponent(m![1]!));
      if (!member) return apiError(404, 'PERSON.NOT_FOUND', '職員リストにいない人です');
      // The fixture's members are 総務課's; the caller may remind them where they may list them.
      if (!o.sections.some((x) => x.section === '総務課')) {
        return apiError(403, 'ACCESS.OUT_OF_SCOPE', 'この職員にリマインドを送る権限がありません（所属の管理職・プログラム事務局のみ）');
      }
      if (member.pending === 0) return apiError(409, 'REMINDER.NOTHING_PENDING', `${member.name} さんに未完了の研修はありません`);
      return { status: 202, body: { day: o.me.asOf, items: member.pending, sendAt: `${o.me.asOf}T01:00:00.000Z`, scheduled: false } satisfies ReminderSent };
    }
    if (method === 'GET' && path === '/api/data-quality') {
      if (!o.me.office) return apiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
      return ok(dataQualityPage(o.dataQuality, query));
    }
    if (method === 'GET' && path === '/api/jobs') {
      if (!o.me.office) return apiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
      return 'status' in o.jobs ? o.jobs : ok(o.jobs);
    }
    if (path === '/api/sync') {
      const answers = o.sync ?? [{ state: 'idle', syncedAt: o.me.syncedAt }];
      if (method === 'POST') {
        if (!o.me.office) return apiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
        return { status: 202, body: answers[0] };
      }
      syncCount += 1;
      return ok(answers[Math.min(syncCount, answers.length - 1)]);
    }
    return apiError(404, 'NOT_FOUND', 'ありません');
  };

  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost:3978');
    const headers = headerMap((init?.headers ?? {}) as Record<string, string>);
    const call: FakeCall = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      authorization: headers.get('Authorization') ?? undefined,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body instanceof Blob ? init.body : undefined,
    };
    calls.push(call);
    await o.hold?.[`${call.method} ${call.path}`];
    return response(route(call));
  };
  return {
    fetch: fakeFetch as typeof fetch,
    calls,
    log: () => calls.map((c) => `${c.method} ${c.path}${c.query.toString() ? `?${c.query.toString()}` : ''}`),
  };
}

const ok = (body: unknown): FakeReply => ({ status: 200, body });

/** Enough of a fetch Response for the tab's client (jsdom has no Response). */
function response(reply: FakeReply): Response {
  const headers = headerMap(reply.headers ?? { 'Content-Type': 'application/json' });
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
  return {
    ok: reply.status >= 200 && reply.status < 300,
    status: reply.status,
    headers,
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
    blob: async () => new Blob([text], { type: headers.get('Content-Type') ?? '' }),
  } as unknown as Response;
}

/** Case-insensitive header lookup (jsdom has no Headers either). */
function headerMap(record: Record<string, string>): { get: (name: string) => string | null } {
  const map = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name) => map.get(name.toLowerCase()) ?? null };
}

function membersPage(unit: { department: string; section: string }, people: MemberRow[], query: URLSearchParams): MembersPage {
  // As the server searches (src/domain/kana.ts searchKey) and sorts (views.ts byReading): by reading, people without one last.
  const key = (s: string): string => s.normalize('NFKC').replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60)).replace(/\s/g, '').toLowerCase();
  const q = query.get('q') ? key(query.get('q')!) : undefined;
  const pendingOnly = query.get('pendingOnly') === 'true';
  const sort = query.get('sort') ?? 'name';
  const limit = Number(query.get('limit') ?? '50');
  const steps = (r: MemberRow): number => r.roles.reduce((n, x) => n + x.stepsReached, 0);
  const byName = (a: MemberRow, b: MemberRow): number =>
    a.kana && b.kana ? JA.compare(a.kana, b.kana) : a.kana || b.kana ? (a.kana ? -1 : 1) : JA.compare(a.name, b.name);
  const rows = people
    .filter((r) => (!q || key(r.name).includes(q) || (r.kana !== undefined && key(r.kana).includes(q)) || r.upn.includes(q)) && (!pendingOnly || r.pending > 0))
    .sort(
      sort === 'pending'
        ? (a, b) => b.pending - a.pending || byName(a, b)
        : sort === 'overdue'
          ? (a, b) => b.overdue - a.overdue || byName(a, b)
          : sort === 'step'
            ? (a, b) => steps(a) - steps(b) || byName(a, b)
            : byName,
    );
  const start = Number(query.get('cursor') ?? '0');
  const items = rows.slice(start, start + limit);
  const next = start + items.length;
  return { unit, total: rows.length, items, withoutReading: rows.filter((r) => !r.kana).length, nextCursor: next < rows.length ? String(next) : undefined };
}

function dataQualityPage(issues: typeof fx.dataQualityIssues, query: URLSearchParams): DataQualityPage {
  const list = query.get('list');
  const limit = Number(query.get('limit') ?? '100');
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.list, (counts.get(i.list) ?? 0) + 1);
  const all = list ? issues.filter((i) => i.list === list) : issues;
  const start = Number(query.get('cursor') ?? '0');
  const items = all.slice(start, start + limit);
  const next = start + items.length;
  return {
    total: all.length,
    byList: [...counts].map(([l, count]) => ({ list: l as keyof typeof fx.listLabels, label: fx.listLabels[l as keyof typeof fx.listLabels], count })),
    items,
    nextCursor: next < all.length ? String(next) : undefined,
  };
}
