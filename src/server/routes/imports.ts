import type { Request, Router } from 'express';
import { ImportError, type ImportRequest, type ImportService, type ImportsOverview } from '../../app/imports';
import { IMPORTABLE_LISTS, PERSON_KEYS, type ColumnMapping, type ImportableList, type PersonKey } from '../../domain/import-mapping';
import { openSpreadsheet, SpreadsheetError } from '../../csv/spreadsheet-file';
import { FILE_UPLOAD_LIMIT_BYTES } from '../bodies';
import { ApiError, limitOf, officeOnly, type RouteContext } from './context';

/**
 * The office's imports (programme office only): a file's preview, the import itself (202, its
 * progress in GET /api/imports/:id), undo, and the recent imports. The file is the request's body;
 * which list, the source, the file's name and the column mapping are in the query.
 */
export function importRoutes(r: Router, { route, officeUpload, deps }: RouteContext): void {
  const service = (): ImportService => {
    if (!deps.imports) throw new ApiError(503, 'IMPORT.NOT_CONFIGURED', '取り込みの準備ができていません（サイトに取り込み履歴のリストがありません。skillsteps provision を実行してください）');
    return deps.imports;
  };

  r.get(
    '/api/imports',
    route(async (req, _res, scope) => {
      officeOnly(scope);
      const imports = await service().recent(limitOf(req.query.limit, 20, 100));
      return { lists: service().listChoices(), imports, maxFileBytes: FILE_UPLOAD_LIMIT_BYTES } satisfies ImportsOverview;
    }),
  );

  r.post(
    '/api/imports/preview',
    officeUpload(async (req) => service().preview(await requestOf(req)).catch(mapped)),
  );

  r.post(
    '/api/imports',
    officeUpload(async (req, res, scope) => {
      const entry = await service().start(await requestOf(req), scope.caller.upn).catch(mapped);
      res.status(202);
      return entry;
    }),
  );

  r.get(
    '/api/imports/:id',
    route(async (req, _res, scope) => {
      officeOnly(scope);
      const view = await service().get(String(req.params.id));
      if (!view) throw new ApiError(404, 'IMPORT.NOT_FOUND', '取り込みの記録がありません');
      return view;
    }),
  );

  r.post(
    '/api/imports/:id/undo',
    route(async (req, res, scope) => {
      officeOnly(scope);
      const entry = await service().undo(String(req.params.id)).catch(mapped);
      res.status(202);
      return entry;
    }),
  );
}

/** The import's failures as the API answers them. */
function mapped(e: unknown): never {
  if (e instanceof ImportError) throw new ApiError(e.status, e.code, e.message, e.details);
  if (e instanceof SpreadsheetError) throw new ApiError(422, e.code, e.message);
  throw e;
}

async function requestOf(req: Request): Promise<ImportRequest> {
  const list = text(req.query.list, 'list', 40) || 'Completions';
  if (!(IMPORTABLE_LISTS as readonly string[]).includes(list)) throw new ApiError(400, 'REQUEST.BAD_LIST', `取り込めないリストです: ${list}`);
  const fileName = text(req.query.fileName, 'fileName', 255) || 'ファイル';
  const source = text(req.query.source, 'source', 100).trim();
  const mapping = req.query.mapping === undefined ? undefined : mappingOf(text(req.query.mapping, 'mapping', 20_000));
  const bytes = req.body as Buffer;
  const table = await openSpreadsheet(bytes, fileName, list as ImportableList).catch(mapped);
  return { table, list: list as ImportableList, source, ...(mapping ? { mapping } : {}) };
}

function text(v: unknown, name: string, max: number): string {
  if (v === undefined) return '';
  if (typeof v !== 'string' || v.length > max) throw new ApiError(400, 'REQUEST.BAD_QUERY', `${name} の指定が正しくありません`);
  return v;
}

/** The mapping as the tab sends it: [{ header, field?, by? }], checked for shape (the domain checks the rest). */
function mappingOf(raw: string): ColumnMapping[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'IMPORT.BAD_MAPPING', '列の割り当て（mapping）が JSON として読めません');
  }
  if (!Array.isArray(parsed) || parsed.length > 200) throw new ApiError(400, 'IMPORT.BAD_MAPPING', '列の割り当て（mapping）は 200 列までの配列で指定してください');
  return parsed.map((m: unknown) => {
    const o = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
    if (typeof o.header !== 'string') throw new ApiError(400, 'IMPORT.BAD_MAPPING', '列の割り当てに header がありません');
    if (o.field !== undefined && o.field !== null && typeof o.field !== 'string') throw new ApiError(400, 'IMPORT.BAD_MAPPING', `列「${o.header}」の field が文字列ではありません`);
    if (o.by !== undefined && o.by !== null && !PERSON_KEYS.includes(o.by as PersonKey)) throw new ApiError(400, 'IMPORT.BAD_MAPPING', `列「${o.header}」の by は upn・email・employeeNumber のいずれかです`);
    const out: ColumnMapping = { header: o.header };
    if (typeof o.field === 'string' && o.field !== '') out.field = o.field;
    if (typeof o.by === 'string' && out.field) out.by = o.by as PersonKey;
    return out;
  });
}
