import type { Scope } from '../../app/access';
import { helpCard } from '../cards';
import type { Reply, Turn } from '../turn';

/** Section managers and the office may nominate (the help card and the form say so). */
export function canNominate(scope: Scope): boolean {
  return scope.office || scope.sections.length > 0;
}

/** 「ヘルプ」, and the answer to anything the bot did not understand. */
export function help({ scope, locale }: Pick<Turn, 'scope' | 'locale'>, unknownInput?: string): Reply {
  return helpCard({ canNominate: canNominate(scope), office: scope.office, ...(unknownInput ? { unknownInput } : {}) }, locale);
}
