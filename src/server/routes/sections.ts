import type { Router } from 'express';
import { canSeeSection } from '../../app/access';
import { membersPage, sectionsView, type MembersQuery } from '../../app/views';
import { ApiError, limitOf, type RouteContext } from './context';

/** The sections the caller may see, and one section's members (paged, sorted, filtered). */
export function sectionRoutes(r: Router, { route, evaluated }: RouteContext): void {
  r.get('/api/sections', route((_req, _res, scope) => sectionsView(evaluated(), scope)));

  r.get(
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
}
