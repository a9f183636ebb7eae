import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { canSeePerson, canSeeSection, scopeOf, type Caller, type Scope } from '../app/access';
import { nominate, type NominateInput } from '../app/nominations';
import type { ProgrammeService } from '../app/programme-service';
import {
  dataQualityPage,
  kpiCsvRows,
  meView,
  membersPage,
  nominationsView,
  programmeView,
  progressView,
  sectionsView,
  type MembersQuery,
} from '../app/views';
import { encodeCsv, formatCsv } from '../csv/csv-codec';
import { LIST_NAMES, type ListName } from '../domain/lists';
import type { Clock, NominationStore } from '../ports/index';
import { SharePointError } from '../sharepoint/errors';
import { AuthError } from './auth';
import type { BotHost } from './bot-host';
import type { Logger } from './log';

export interface DevSignIn {
  /** The local tenant's sign-in page (local mode only; in Teams the tab uses SSO). */
  authorizeUrl: string;
  clientId: string;
  scope: string;
}

export interface ServerDeps {
  service: ProgrammeService;
  validate: (authorization: string | undefined) => Promise<Caller>;
  nominations: NominationStore;
  clock: Clock;
  log: Logger;
  officeApproverUpn?: string;
  /** Built tab (tab/dist); served at /tab/. */
  tabDir?: string;
  devSignIn?: DevSignIn;
  /** The bot (when the state storage is configured): /api/messages, reminders from the tab, job status. */
  bot?: BotHost;
}

/** A refusal or failure with a stable code and a Japanese message, mapped once here to HTTP. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Handler = (req: Request, res: Response, scope: Scope) => Promise<unknown> | unknown;

/**
 * The HTTP edge of the tab: every /api route but /api/health validates the caller's token and
 * checks what they may see (self, the sections they manage, or everything for the programme
 * office) before anything is read; answers come from the evaluation in memory, never a Graph
 * round trip per request.
 */
export function createApp(deps: ServerDeps): express.Express {
  const { service, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // gzip (Brotli where the client offers it) for the tab and the API's JSON; not for /api/messages,
  // where botbuilder writes its own answers.
  // From 256 bytes, so index.html (about 500) goes gzipped too; below that gzip's own framing eats the gain.
  app.use(compression({ threshold: 256, filter: (req, res) => !isBotEndpoint(req.path) && compression.filter(req, res) }));
  app.use(express.json({ limit: '100kb' }));

  app.get('/api/health', (_req, res) => {
    const status = service.status();
    const current = service.current();
    res.status(current ? 200 : 503).json({
      status: current ? 'ok' : 'starting',
      syncedAt: current?.syncedAt ?? null,
      sync: { state: status.state, lastError: status.lastError ?? null },
    });
  });

  // The Bot Framework's endpoint: botbuilder validates the connector's token itself (not a tab token).
  if (deps.bot) app.post('/api/messages', deps.bot.messages);

  app.get('/api/dev/sign-in', (_req, res) => {
    if (!deps.devSignIn) throw new ApiError(404, 'NOT_FOUND', 'ありません');
    res.json(deps.devSignIn);
  });

  /** Wraps a handler: authenticate, require data, build the scope, map errors. */
  const route =
    (handler: Handler) =>
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const caller = await deps.validate(req.headers.authorization);
        const e = service.current();
        if (!e) throw new ApiError(503, 'SERVICE.STARTING', 'リストを読み込んでいます。しばらくしてからもう一度お試しください');
        const scope = scopeOf(service.programme, e.snapshot, caller);
        const body = await handler(req, res, scope);
        if (!res.headersSent) res.json(body);
      } catch (err) {
        next(err);
      }
    };

  const evaluated = () => service.current()!;
  const officeOnly = (scope: Scope): void => {
    if (!scope.office) throw new ApiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
  };

  app.get('/api/me', route((_req, _res, scope) => meView(service.programme, evaluated(), scope)));

  app.get(
    '/api/me/progress',
    route((_req, _res, scope) => {
      if (!scope.staff) throw new ApiError(404, 'PERSON.NOT_IN_STAFF_LIST', `職員リストに ${scope.caller.upn} がいません。職員課に登録を依頼してください`);
      return progressView(service.programme, evaluated().snapshot, scope.staff, evaluated().asOf);
    }),
  );

  app.get(
    '/api/people/:upn/progress',
    route((req, _res, scope) => {
      const person = evaluated().snapshot.staffByUpn.get(String(req.params.upn).toLowerCase());
      if (!person) throw new ApiError(404, 'PERSON.NOT_FOUND', '職員リストにいない人です');
      if (!canSeePerson(scope, person)) throw new ApiError(403, 'ACCESS.OUT_OF_SCOPE', 'この職員の進捗を見る権限がありません（本人・所属の管理職・プログラム事務局のみ）');
      return progressView(service.programme, evaluated().snapshot, person, evaluated().asOf);
    }),
  );

  app.get('/api/sections', route((_req, _res, scope) => sectionsView(evaluated(), scope)));

  app.get(
    '/api/sections/:department/:section/members',
    route((req, _res, scope) => {
      const unit = { department: String(req.params.department), section: String(req.params.section) };
      if (!canSeeSection(scope, unit)) throw new ApiError(403, 'ACCESS.OUT_OF_SCOPE', `${unit.section} の職員を見る権限がありません（所属の管理職・プログラム事務局のみ）`);
      const sort = String(req.query.sort ?? 'name');
      const query: MembersQuery = {
        sort: (['name', 'pending', 'overdue', 'step'].includes(sort) ? sort : 'name') as MembersQuery['sort'],
        q: typeof req.query.q === 'string' ? req.query.q : undefined,
        pendingOnly: req.query.pendingOnly === 'true',
        cursor: typeof req.query.cursor === 'string' ? req.query.cursor : undefined,
        limit: limitOf(req.query.limit, 50, 200),
      };
      return membersPage(evaluated(), unit, query);
    }),
  );

  const fiscalYearOfQuery = (req: Request): number => {
    const e = evaluated();
    const raw = req.query.fiscalYear;
    if (raw === undefined) return e.fiscalYear;
    const fy = Number(raw);
    if (!Number.isInteger(fy) || fy < 2000 || fy > e.fiscalYear) throw new ApiError(400, 'REQUEST.BAD_FISCAL_YEAR', `年度の指定が正しくありません: ${String(raw)}`);
    return fy;
  };

  app.get(
    '/api/programme',
    route((req, _res, scope) => {
      officeOnly(scope);
      const fy = fiscalYearOfQuery(req);
      return programmeView(service.programme, evaluated(), fy, service.kpisFor(fy)!);
    }),
  );

  app.get(
    '/api/programme/kpis.csv',
    route((req, res, scope) => {
      officeOnly(scope);
      const fy = fiscalYearOfQuery(req);
      const { header, rows } = kpiCsvRows(service.kpisFor(fy)!);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="skillsteps-kpi-${fy}.csv"`);
      res.send(Buffer.from(encodeCsv(formatCsv(header, rows))));
    }),
  );

  app.get(
    '/api/nominations',
    route((req, _res, scope) => {
      const status = String(req.query.status ?? 'all');
      if (!['pending', 'decided', 'all'].includes(status)) throw new ApiError(400, 'REQUEST.BAD_STATUS', `状態の指定が正しくありません: ${status}`);
      return nominationsView(service.programme, evaluated().snapshot, scope, status as 'pending' | 'decided' | 'all');
    }),
  );

  app.post(
    '/api/nominations',
    route(async (req, res, scope) => {
      const body = (req.body ?? {}) as Partial<NominateInput>;
      if (typeof body.nomineeUpn !== 'string' || typeof body.role !== 'string') {
        throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '推薦する人（nomineeUpn）と役割（role）を指定してください');
      }
      const result = await nominate(
        service,
        deps.nominations,
        scope,
        {
          nomineeUpn: body.nomineeUpn,
          role: body.role,
          section: typeof body.section === 'string' ? body.section : undefined,
          replacesUpn: typeof body.replacesUpn === 'string' && body.replacesUpn ? body.replacesUpn : undefined,
          reason: typeof body.reason === 'string' ? body.reason.slice(0, 2000) : undefined,
          confirmWarnings: body.confirmWarnings === true,
        },
        deps.clock.now(),
        deps.officeApproverUpn,
      );
      if (!result.check.ok) throw new ApiError(422, 'NOMINATION.RULES', '推薦できません', { errors: result.check.errors, warnings: result.check.warnings });
      if (result.needsConfirmation) throw new ApiError(409, 'NOMINATION.CONFIRM', '確認が必要です', { warnings: result.check.warnings });
      log.log('info', 'nomination created', { id: result.created!.id, role: body.role, via: 'tab' });
      // The approver is asked in chat as when the nomination is made there; the nomination stands even if that fails.
      let approverNotified = false;
      if (deps.bot) {
        approverNotified = await deps.bot
          .nominated(result.created!.id, result.check.warnings)
          .then((r) => r.sent)
          .catch((err: unknown) => {
            log.log('warn', 'approval request not sent', { id: result.created!.id, error: err instanceof Error ? err.message : String(err) });
            return false;
          });
      }
      res.status(201);
      const approverUpn = result.check.approverUpn;
      // The tab names the approver; the office approver (SKILLSTEPS_OFFICE_APPROVER) may not be on the Staff list.
      const approverName = approverUpn ? evaluated().snapshot.staffByUpn.get(approverUpn.toLowerCase())?.name : undefined;
      return { id: result.created!.id, approverUpn, approverName, warnings: result.check.warnings, approverNotified };
    }),
  );

  app.get(
    '/api/data-quality',
    route((req, _res, scope) => {
      officeOnly(scope);
      const list = typeof req.query.list === 'string' ? req.query.list : undefined;
      if (list !== undefined && !(LIST_NAMES as readonly string[]).includes(list)) throw new ApiError(400, 'REQUEST.BAD_LIST', `リストの指定が正しくありません: ${list}`);
      return dataQualityPage(evaluated().snapshot, {
        list: list as ListName | undefined,
        cursor: typeof req.query.cursor === 'string' ? req.query.cursor : undefined,
        limit: limitOf(req.query.limit, 100, 500),
      });
    }),
  );

  app.post(
    '/api/people/:upn/remind',
    route(async (req, res, scope) => {
      const person = evaluated().snapshot.staffByUpn.get(String(req.params.upn).toLowerCase());
      if (!person) throw new ApiError(404, 'PERSON.NOT_FOUND', '職員リストにいない人です');
      // A reminder is sent by the section's managers or the programme office, not by staff to each other.
      if (!canSeeSection(scope, person)) throw new ApiError(403, 'ACCESS.OUT_OF_SCOPE', 'この職員にリマインドを送る権限がありません（所属の管理職・プログラム事務局のみ）');
      if (!deps.bot) throw new ApiError(503, 'BOT.NOT_CONFIGURED', 'ボットが設定されていないため、リマインドを送れません（管理者: docs/deploy.md）');
      const result = await deps.bot.remind(person.upn, scope.caller.upn);
      if (!result.ok) {
        const status = result.code === 'NOT_FOUND' ? 404 : 409;
        throw new ApiError(status, `REMINDER.${result.code}`, result.message);
      }
      log.log('info', 'reminder requested', { upn: person.upn, by: scope.caller.upn, items: result.items });
      res.status(202);
      return { day: result.day, items: result.items };
    }),
  );

  app.get(
    '/api/jobs',
    route(async (_req, _res, scope) => {
      officeOnly(scope);
      if (!deps.bot) throw new ApiError(503, 'BOT.NOT_CONFIGURED', 'ボットとジョブは設定されていません（SKILLSTEPS_STORAGE_* が未設定）');
      return deps.bot.jobs();
    }),
  );

  app.get('/api/sync', route(() => ({ ...service.status(), syncedAt: evaluated().syncedAt })));

  app.post(
    '/api/sync',
    route((_req, res, scope) => {
      officeOnly(scope);
      // Started, not awaited: the tab polls GET /api/sync for progress.
      service.refresh().catch((err: unknown) => log.log('error', 'sync failed', { error: String(err) }));
      res.status(202);
      return service.status();
    }),
  );

  app.use('/api', (_req, _res, next) => next(new ApiError(404, 'NOT_FOUND', 'ありません')));

  if (deps.tabDir && existsSync(join(deps.tabDir, 'index.html'))) {
    const tabDir = deps.tabDir;
    app.use(
      '/tab',
      express.static(tabDir, {
        index: 'index.html',
        cacheControl: false,
        // Vite names what it puts in assets/ by content hash, so those never change; index.html
        // (which names them) and anything else is checked on every load, or a deploy shows the old tab.
        setHeaders: (res, path) => {
          const hashed = relative(tabDir, path).startsWith(`assets${sep}`);
          res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
    app.get('/', (_req, res) => res.redirect('/tab/'));
  }

  // Errors: one place maps them to status codes and Japanese messages.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    void _next;
    if (err instanceof AuthError) return void res.status(401).json({ error: { code: err.code, message: err.message } });
    if (err instanceof ApiError) return void res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    if (err instanceof SharePointError) {
      log.log('warn', 'sharepoint error', { code: err.code, status: err.status, path: req.path });
      const status = err.code === 'SHAREPOINT.CONFLICT' ? 409 : err.code === 'SHAREPOINT.THROTTLED' ? 503 : 502;
      return void res.status(status).json({ error: { code: err.code, message: err.message } });
    }
    if (typeof err === 'object' && err !== null && 'type' in err && (err as { type: string }).type === 'entity.parse.failed') {
      return void res.status(400).json({ error: { code: 'REQUEST.BAD_JSON', message: '送られた JSON が読めません' } });
    }
    log.log('error', 'unhandled error', { path: req.path, error: err instanceof Error ? err.stack : String(err) });
    res.status(500).json({ error: { code: 'SERVER.ERROR', message: 'サーバーで問題が起きました。時間をおいてもう一度お試しください' } });
  });
  return app;
}

/** The Bot Framework's endpoint (and anything under it). */
function isBotEndpoint(path: string): boolean {
  return path === '/api/messages' || path.startsWith('/api/messages/');
}

function limitOf(raw: unknown, fallback: number, max: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}
