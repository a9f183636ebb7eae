import type { Router } from 'express';
import { SettingsError, type ProgrammeSettings, type SettingInput } from '../../app/programme-settings';
import { ApiError, officeOnly, type RouteContext } from './context';

/**
 * This year's targets and fill-in settings (programme office only): GET a 年度's form and history,
 * POST changes (refused with every validator error by key, nothing kept, when one is wrong).
 */
export function settingsRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  const settings = (): ProgrammeSettings => {
    if (!deps.settings) throw new ApiError(503, 'SETTINGS.NOT_CONFIGURED', '年度の設定は使えません（サーバーに設定リストがつながっていません）');
    return deps.settings;
  };

  r.get(
    '/api/settings',
    route(async (req, _res, scope) => {
      officeOnly(scope);
      return settings().view(fiscalYearOf(req.query.fiscalYear, evaluated().fiscalYear));
    }),
  );

  r.post(
    '/api/settings',
    route(async (req, _res, scope) => {
      officeOnly(scope);
      const body = (req.body ?? {}) as { fiscalYear?: unknown; changes?: unknown };
      const fiscalYear = fiscalYearOf(body.fiscalYear, Number.NaN);
      if (!Array.isArray(body.changes) || body.changes.length === 0 || body.changes.length > 200) {
        throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '変更（changes: [{ key, value }]、1〜200 件）を指定してください');
      }
      const changes: SettingInput[] = body.changes.map((c: unknown) => {
        const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
        if (typeof o.key !== 'string' || typeof o.value !== 'string' || o.key.length > 100 || o.value.length > 50) {
          throw new ApiError(400, 'REQUEST.BAD_SETTING', '変更は { key, value }（値は 50 文字まで）で指定してください');
        }
        return { key: o.key, value: o.value };
      });
      try {
        return await settings().save(fiscalYear, changes, scope.caller.upn);
      } catch (e) {
        if (e instanceof SettingsError) throw new ApiError(400, e.code, e.message, { errors: e.errors });
        throw e;
      }
    }),
  );
}

/** A 年度 from the query or body: 2000–2100, or the fallback when absent. */
function fiscalYearOf(raw: unknown, fallback: number): number {
  if (raw === undefined && !Number.isNaN(fallback)) return fallback;
  const fy = Number(raw);
  if (!Number.isInteger(fy) || fy < 2000 || fy > 2100) throw new ApiError(400, 'REQUEST.BAD_FISCAL_YEAR', `年度の指定が正しくありません: ${String(raw)}`);
  return fy;
}
