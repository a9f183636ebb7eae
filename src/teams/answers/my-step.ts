import { reportableKinds } from '../../domain/reports';
import { myStepCard, pendingCard } from '../cards';
import type { Reply, Turn } from '../turn';
import { notStaff } from './notices';

/** 「ステップ」: the sender's roles, steps and what is still missing. */
export function myStep({ e, who, deps, locale }: Turn): Reply {
  const progress = e.byUpn.get(who.upn);
  if (!progress) return notStaff(who, locale);
  return myStepCard(progress, deps.tabUrl, locale, { canReport: reportableKinds(deps.service.programme).length > 0 });
}

/** 「未受講」: the training still to do, with due dates. */
export function pending({ e, who, deps, locale }: Turn): Reply {
  const progress = e.byUpn.get(who.upn);
  if (!progress) return notStaff(who, locale);
  return pendingCard(progress.nextActions, { tabUrl: deps.tabUrl, roles: progress.roles }, locale);
}
