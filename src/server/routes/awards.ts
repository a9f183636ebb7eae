import type { Response, Router } from 'express';
import { awardCertification, awardRow, awardsView, candidatesView, certificateText, revokeAward, specimenText, type AwardView } from '../../app/awards';
import type { AwardFinding } from '../../domain/awards';
import type { CertificateText } from '../../ports';
import { ApiError, officeOnly, type RouteContext } from './context';

/** People one award request takes at once (the tab's 「まとめて認定」). */
const BULK_MAX = 100;

/**
 * Certification awards (認定, issue 12): 認定候補 with the evidence, the history of awards, an award
 * (one or many), a revocation with its reason, and the 認定証 as a PDF. Only the programme office
 * awards, revokes and sees everyone's; a person sees their own awards and prints their own 認定証.
 */
export function awardRoutes(r: Router, { route, deps }: RouteContext): void {
  const awardDeps = { service: deps.service, awards: deps.awards, clock: deps.clock };

  r.get(
    '/api/awards/candidates',
    route((req, _res, scope) => {
      officeOnly(scope);
      const certification = typeof req.query.certification === 'string' ? req.query.certification : undefined;
      if (certification !== undefined && !deps.service.programme.certifications.some((c) => c.id === certification)) {
        throw new ApiError(400, 'REQUEST.BAD_CERTIFICATION', `認定の指定が正しくありません: ${certification}`);
      }
      return candidatesView(deps.service, certification);
    }),
  );

  r.get(
    '/api/awards',
    route((req, _res, scope) => {
      officeOnly(scope);
      const certification = typeof req.query.certification === 'string' ? req.query.certification : undefined;
      return awardsView(deps.service, certification ? { certification } : {});
    }),
  );

  r.get('/api/me/awards', route((_req, _res, scope) => awardsView(deps.service, { upn: scope.caller.upn })));

  r.post(
    '/api/awards',
    route(async (req, res, scope) => {
      officeOnly(scope);
      const body = (req.body ?? {}) as { certification?: unknown; upns?: unknown; date?: unknown };
      if (typeof body.certification !== 'string') throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '認定（certification）を指定してください');
      if (!Array.isArray(body.upns) || body.upns.length === 0 || body.upns.length > BULK_MAX || body.upns.some((u) => typeof u !== 'string')) {
        throw new ApiError(400, 'REQUEST.BAD_IDS', `認定する人の UPN（upns）を 1〜${BULK_MAX} 件の配列で指定してください`);
      }
      if (body.date !== undefined && typeof body.date !== 'string') throw new ApiError(400, 'REQUEST.BAD_DATE', '認定日（date）は文字列で指定してください');
      const out = await awardCertification(awardDeps, { certification: body.certification, upns: body.upns as string[], ...(body.date !== undefined ? { date: body.date as string } : {}) }, { upn: scope.caller.upn, office: scope.office });
      if (!out.ok) throw invalid(out.errors);
      for (const x of out.results) {
        if (!x.ok) {
          deps.log.log('info', 'award refused', { certification: body.certification, upn: x.upn, code: x.errors[0]?.code, by: scope.caller.upn });
          continue;
        }
        deps.log.log('info', 'certification awarded', { id: x.award.id, certification: x.award.certification.id, upn: x.upn, by: scope.caller.upn });
        // The person and the channel hear of it; the award stands if that fails.
        if (deps.bot) await deps.bot.awardNotices.awarded(x.award, x.changes).catch(() => ({ person: false, channel: false }));
      }
      const awarded = out.results.filter((x) => x.ok).length;
      res.status(awarded > 0 ? 201 : 200);
      return { results: out.results.map((x) => (x.ok ? { upn: x.upn, ok: true, award: x.award } : { upn: x.upn, ok: false, errors: x.errors })), awarded, refused: out.results.length - awarded };
    }),
  );

  r.post(
    '/api/awards/:id/revoke',
    route(async (req, _res, scope) => {
      officeOnly(scope);
      const body = (req.body ?? {}) as { reason?: unknown };
      const out = await revokeAward(awardDeps, String(req.params.id), typeof body.reason === 'string' ? body.reason : undefined, { upn: scope.caller.upn, office: scope.office });
      if (!out.ok) {
        if (out.code === 'INVALID') throw invalid(out.errors);
        const status = out.code === 'NOT_FOUND' ? 404 : out.code === 'NOT_OFFICE' ? 403 : 409;
        throw new ApiError(status, out.errors[0]!.code, out.errors[0]!.message.ja, { errors: out.errors });
      }
      deps.log.log('info', 'certification revoked', { id: out.award.id, certification: out.award.certification.id, upn: out.award.upn, by: scope.caller.upn });
      if (deps.bot) await deps.bot.awardNotices.revoked(out.award).catch(() => false);
      return { award: out.award };
    }),
  );

  r.get(
    '/api/awards/specimen',
    route(async (_req, res, scope) => {
      officeOnly(scope);
      await sendPdf(res, specimenText(deps.service, deps.clock.today()), 'specimen');
    }),
  );

  r.get(
    '/api/awards/:id/certificate',
    route(async (req, res, scope) => {
      const row = awardRow(deps.service, String(req.params.id));
      // The same answer whether the award exists or not, for anyone but its holder and the office.
      if (!row || (!scope.office && row.upn !== scope.caller.upn.toLowerCase())) throw new ApiError(404, 'AWARD.NOT_FOUND', 'この認定証は見つかりません');
      if (row.revocation) throw new ApiError(409, 'AWARD.REVOKED', '取り消された認定の認定証は発行できません');
      const view: AwardView | undefined = awardsView(deps.service, { upn: row.upn }).find((a) => a.id === row.itemId);
      await sendPdf(res, certificateText(deps.service, row), view?.serial ?? 'certificate');
    }),
  );

  async function sendPdf(res: Response, text: CertificateText, name: string): Promise<void> {
    if (!deps.certificates) throw new ApiError(503, 'AWARD.NO_FONT', '認定証の日本語フォントが見つからないため、認定証を作れません（配置に fonts/ が含まれているか確認してください）');
    const bytes = await deps.certificates.render(text);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`認定証-${name}.pdf`)}`);
    res.send(Buffer.from(bytes));
  }

}

/** Refusals that name their fields: 422 with each finding (Japanese and English) in details. */
function invalid(errors: AwardFinding[]): ApiError {
  return new ApiError(422, 'AWARD.INVALID', `認定できません: ${errors.map((e) => e.message.ja).join(' / ')}`, { errors });
}
