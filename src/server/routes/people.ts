import type { Router } from 'express';
import { canSeePerson, canSeeSection } from '../../app/access';
import { progressView } from '../../app/views';
import { ApiError, type RouteContext } from './context';

/** One person: their progress (self, their section's managers, the office) and a reminder to them. */
export function peopleRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  r.get(
    '/api/people/:upn/progress',
    route((req, _res, scope) => {
      const person = evaluated().snapshot.staffByUpn.get(String(req.params.upn).toLowerCase());
      // Out of scope is answered alike whether or not the person exists: only the office (who may see everyone) hears "not found".
      if (!person || !canSeePerson(scope, person)) {
        if (!person && scope.office) throw new ApiError(404, 'PERSON.NOT_FOUND', '職員リストにいない人です');
        throw new ApiError(403, 'ACCESS.OUT_OF_SCOPE', 'この職員の進捗を見る権限がありません（本人・所属の管理職・プログラム事務局のみ）');
      }
      return progressView(deps.service.programme, evaluated().snapshot, person, evaluated().asOf);
    }),
  );

  r.post(
    '/api/people/:upn/remind',
    route(async (req, res, scope) => {
      const person = evaluated().snapshot.staffByUpn.get(String(req.params.upn).toLowerCase());
      // A reminder is sent by the section's managers or the programme office, not by staff to each other;
      // out of scope is answered alike whether or not the person exists.
      if (!person || !canSeeSection(scope, person)) {
        if (!person && scope.office) throw new ApiError(404, 'PERSON.NOT_FOUND', '職員リストにいない人です');
        throw new ApiError(403, 'ACCESS.OUT_OF_SCOPE', 'この職員にリマインドを送る権限がありません（所属の管理職・プログラム事務局のみ）');
      }
      if (!deps.bot) throw new ApiError(503, 'BOT.NOT_CONFIGURED', 'ボットが設定されていないため、リマインドを送れません（管理者: docs/deploy.md）');
      const result = await deps.bot.remind(person.upn, scope.caller.upn);
      if (!result.ok) {
        const status = result.code === 'NOT_FOUND' ? 404 : 409;
        throw new ApiError(status, `REMINDER.${result.code}`, result.message);
      }
      deps.log.log('info', 'reminder requested', { upn: person.upn, by: scope.caller.upn, items: result.items, sendAt: result.sendAt });
      res.status(202);
      return { day: result.day, items: result.items, sendAt: result.sendAt, scheduled: result.scheduled };
    }),
  );
}
