import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { scopeOf, type Caller, type Scope } from '../../app/access';
import type { ImportService } from '../../app/imports';
import type { ProgrammeSettings } from '../../app/programme-settings';
import type { JobsView } from '../../app/views';
import type { NominationNotices } from '../../app/nomination-notices';
import type { AwardNotices } from '../../app/award-notices';
import type { EvaluationNotices } from '../../app/evaluation-notices';
import type { ReportNotices } from '../../app/report-notices';
import type { Evaluated, ProgrammeService } from '../../app/programme-service';
import type { ManualReminderResult } from '../../app/reminders';
import type { FiscalYear } from '../../domain/fiscal-calendar';
import type { LocalDate } from '../../domain/local-date';
import type { ReminderItem } from '../../domain/reminder-planner';
import type { AwardStore, CertificateRenderer, Clock, EvidenceStore, Logger, NominationStore, SubmissionStore } from '../../ports';
import type { TabSignIn } from '../auth';
import { ApiError } from '../api-error';
import { API_BODY_LIMIT, FILE_UPLOAD_LIMIT_BYTES, readFileBody, readJsonBody, readMultipartBody } from '../bodies';

export { ApiError };

/** How the tab signs in (src/server/auth.ts tabSignIn): the authorize endpoint, the app's client id, the API's scope. */
export type DevSignIn = TabSignIn;

/** What the routes work with; the composition root (main.ts) builds it. */
export interface HttpDeps {
  service: ProgrammeService;
  validate: (authorization: string | undefined) => Promise<Caller>;
  nominations: NominationStore;
  /** Reports by staff (Submissions) and their evidence files. */
  submissions: SubmissionStore;
  evidence: EvidenceStore;
  /** Awards of certifications (Roles rows with Source 認定). */
  awards: AwardStore;
  /** The 認定証 PDF; absent when the font file is missing (a 認定証 is then refused with 503). */
  certificates?: CertificateRenderer;
  clock: Clock;
  log: Logger;
  officeApproverUpn?: string;
  /** Built tab (tab/dist); served at /tab/. */
  tabDir?: string;
  /** How the tab signs in (GET /api/sign-in, public): nested app authentication in Teams needs it. */
  signIn?: TabSignIn;
  /** Local mode only (GET /api/dev/sign-in): the dev host outside Teams signs in at the local tenant's page. */
  devSignIn?: TabSignIn;
  /** The office's imports (CSV and .xlsx into the lists), when the site has the office's lists. */
  imports?: ImportService;
  /** This year's targets and fill-in settings (the Settings list). */
  settings?: ProgrammeSettings;
  /** The bot, when the state storage is configured: its endpoint, reminders from the tab, the approver asked in chat, the job status. */
  bot?: {
    endpoint: RequestHandler;
    /** Local mode without an app id: the endpoint takes requests without a Bot Framework token. */
    anonymous: boolean;
    remind(upn: string, requestedBy: string): Promise<ManualReminderResult>;
    /** A reminder about what the office asks of someone (a successor to nominate, reports to confirm), through the same ledger. */
    remindAbout(upn: string, items: (day: LocalDate) => ReminderItem[], requestedBy: string): Promise<ManualReminderResult>;
    notices: Pick<NominationNotices, 'requestApproval' | 'updateCopies' | 'announceApproval'>;
    reportNotices: Pick<ReportNotices, 'requestConfirmation' | 'updateCopies' | 'tellSubject'>;
    awardNotices: Pick<AwardNotices, 'awarded' | 'revoked'>;
    evaluationNotices: Pick<EvaluationNotices, 'request' | 'updateCopies'>;
    jobs(): Promise<JobsView>;
  };
}

export type Handler = (req: Request, res: Response, scope: Scope) => Promise<unknown> | unknown;

/** What every route file gets: the deps, the wrapper that authenticates, and the evaluation. */
export interface RouteContext {
  deps: HttpDeps;
  /**
   * Wraps a handler: authenticate, require data, build the scope, hand errors on to the one mapper.
   * With `multipart` (a byte limit), the route also takes a multipart/form-data body (a file).
   */
  route(handler: Handler, opts?: { multipart?: () => number }): RequestHandler;
  /** The evaluation the answers come from (present inside a route: `route` checked it). */
  evaluated(): Evaluated;
  /**
   * Wraps a handler that takes a file (req.body: a Buffer of up to FILE_UPLOAD_LIMIT_BYTES): the
   * caller is authenticated and must be the programme office before a byte of the file is read.
   */
  officeUpload(handler: Handler): RequestHandler;
}

export function routeContext(deps: HttpDeps): RouteContext {
  const readBody = readJsonBody(API_BODY_LIMIT);
  const route = (handler: Handler, opts: { multipart?: () => number } = {}): RequestHandler => {
    // Made on first use: the limit comes from the programme, read when the server runs.
    let readForm: ReturnType<typeof readMultipartBody> | undefined;
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const caller = await deps.validate(req.headers.authorization);
        // A body is read only once the caller is known: nobody makes the server inflate or parse anything without a token.
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          if (opts.multipart && req.is('multipart/form-data')) await (readForm ??= readMultipartBody(opts.multipart()))(req, res);
          else await readBody(req, res);
        }
        const e = deps.service.current();
        if (!e) throw new ApiError(503, 'SERVICE.STARTING', 'リストを読み込んでいます。しばらくしてからもう一度お試しください');
        const scope = scopeOf(deps.service.programme, e.snapshot, caller);
        const body = await handler(req, res, scope);
        if (!res.headersSent) res.json(body);
      } catch (err) {
        next(err);
      }
    };
  };
  const readFile = readFileBody(FILE_UPLOAD_LIMIT_BYTES);
  const officeUpload =
    (handler: Handler): RequestHandler =>
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const caller = await deps.validate(req.headers.authorization);
        const e = deps.service.current();
        if (!e) throw new ApiError(503, 'SERVICE.STARTING', 'リストを読み込んでいます。しばらくしてからもう一度お試しください');
        const scope = scopeOf(deps.service.programme, e.snapshot, caller);
        officeOnly(scope);
        await readFile(req, res);
        const body = await handler(req, res, scope);
        if (!res.headersSent) res.json(body);
      } catch (err) {
        next(err);
      }
    };
  return { deps, route, officeUpload, evaluated: () => deps.service.current()! };
}

/** The programme office's views (DX推進課・職員課). */
export function officeOnly(scope: Scope): void {
  if (!scope.office) throw new ApiError(403, 'ACCESS.OFFICE_ONLY', 'この画面はプログラム事務局（DX推進課・職員課）だけが見られます');
}

/** ?limit=, bounded. */
export function limitOf(raw: unknown, fallback: number, max: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** ?fiscalYear= (a past or the current 年度), or the current one. */
export function fiscalYearOfQuery(req: Request, e: Evaluated): FiscalYear {
  const raw = req.query.fiscalYear;
  if (raw === undefined) return e.fiscalYear;
  const fy = Number(raw);
  if (!Number.isInteger(fy) || fy < 2000 || fy > e.fiscalYear) throw new ApiError(400, 'REQUEST.BAD_FISCAL_YEAR', `年度の指定が正しくありません: ${String(raw)}`);
  return fy;
}

/**
 * Asks a submission's confirmer in chat (a report or a declaration made in the tab); whether the card
 * went out. The submission stands when it cannot be sent: the confirmer finds it in the tab's 確認.
 */
export async function askConfirmer(deps: HttpDeps, id: string, what: 'report' | 'declaration'): Promise<boolean> {
  if (!deps.bot) return false;
  return deps.bot.reportNotices
    .requestConfirmation(id)
    .then((x) => x.sent)
    .catch((err: unknown) => {
      deps.log.log('warn', `${what} confirmation not requested`, { id, error: err instanceof Error ? err.message : String(err) });
      return false;
    });
}
