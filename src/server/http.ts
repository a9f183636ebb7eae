import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import compression from 'compression';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { SharePointError } from '../sharepoint/errors';
import { AuthError } from './auth';
import { BOT_BODY_LIMIT, readJsonBody } from './bodies';
import { ApiError, routeContext, type HttpDeps } from './routes/context';
import { awardRoutes } from './routes/awards';
import { declarationRoutes } from './routes/declarations';
import { importRoutes } from './routes/imports';
import { meRoutes } from './routes/me';
import { nominationRoutes } from './routes/nominations';
import { officeRoutes } from './routes/office';
import { peopleRoutes } from './routes/people';
import { programmeRoutes } from './routes/programme';
import { reportRoutes } from './routes/reports';
import { roundRoutes } from './routes/rounds';
import { sectionRoutes } from './routes/sections';
import { settingsRoutes } from './routes/settings';
import { officeListRoutes } from './routes/office-lists';
import { yearEndRoutes } from './routes/year-end';

export { ApiError, type DevSignIn, type HttpDeps } from './routes/context';

/**
 * The HTTP edge: the tab's API (routes/, one file per resource), the bot's endpoint, the built tab.
 * Every /api route but /api/health validates the caller's token and checks what they may see
 * (self, the sections they manage, or everything for the programme office) before anything is
 * read; answers come from the evaluation in memory, never a Graph round trip per request. Errors
 * are mapped to status codes and Japanese messages in one place, at the end.
 */
export function createApp(deps: HttpDeps): express.Express {
  const { service, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // gzip (Brotli where the client offers it) for the tab and the API's JSON; not for /api/messages,
  // where botbuilder writes its own answers.
  // From 256 bytes, so index.html (about 500) goes gzipped too; below that gzip's own framing eats the gain.
  app.use(compression({ threshold: 256, filter: (req, res) => !isBotEndpoint(req.path) && compression.filter(req, res) }));
  // Refusals of what the server cannot read (413/415/400), counted for /api/health and logged one line each.
  const refused = new Map<string, number>();

  app.get('/api/health', (_req, res) => {
    const status = service.status();
    const current = service.current();
    res.status(current ? 200 : 503).json({
      status: current ? 'ok' : 'starting',
      syncedAt: current?.syncedAt ?? null,
      sync: { state: status.state, lastError: status.lastError ?? null },
      refusedRequests: Object.fromEntries(refused),
    });
  });

  // The Bot Framework's endpoint: botbuilder validates the connector's token itself (not a tab token),
  // after the body is read; without a token at all (outside local mode) nothing is read.
  if (deps.bot) {
    const bot = deps.bot;
    const readBody = readJsonBody(BOT_BODY_LIMIT);
    app.post('/api/messages', (req, res, next) => {
      if (!bot.anonymous && !req.headers.authorization) return next(new AuthError('AUTH.MISSING', 'Bot Framework のトークンがありません'));
      readBody(req, res).then(() => bot.endpoint(req, res, next), next);
    });
  }

  // Public: what the tab needs to ask Entra (or the local tenant) for a token — no secret in it.
  app.get('/api/sign-in', (_req, res) => {
    if (!deps.signIn) throw new ApiError(404, 'NOT_FOUND', 'ありません');
    res.json(deps.signIn);
  });

  app.get('/api/dev/sign-in', (_req, res) => {
    if (!deps.devSignIn) throw new ApiError(404, 'NOT_FOUND', 'ありません');
    res.json(deps.devSignIn);
  });

  const api = Router();
  const ctx = routeContext(deps);
  for (const routes of [meRoutes, peopleRoutes, sectionRoutes, programmeRoutes, nominationRoutes, reportRoutes, declarationRoutes, awardRoutes, roundRoutes, officeRoutes, importRoutes, settingsRoutes, yearEndRoutes, officeListRoutes]) routes(api, ctx);
  app.use(api);
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
    if (err instanceof ApiError && err.code.startsWith('REQUEST.') && err.status !== 404) {
      // A request the server cannot read: one line, no stack, counted.
      const count = (refused.get(err.code) ?? 0) + 1;
      refused.set(err.code, count);
      log.log('warn', 'request refused', { code: err.code, status: err.status, method: req.method, path: req.path, count });
    }
    if (err instanceof ApiError) return void res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    if (err instanceof SharePointError) {
      log.log('warn', 'sharepoint error', { code: err.code, status: err.status, path: req.path });
      const status = err.code === 'SHAREPOINT.CONFLICT' ? 409 : err.code === 'SHAREPOINT.THROTTLED' ? 503 : 502;
      return void res.status(status).json({ error: { code: err.code, message: err.message } });
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
