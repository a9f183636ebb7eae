/**
 * Certification awards (認定, issue 12): who may be awarded a certification now, the checks an award
 * and a revocation go through (each refusal naming its field, in Japanese and English), and the
 * 認定証's serial number. Pure: the use cases (src/app/awards.ts) do the writing.
 *
 * 真岡市: 「DXに関する能力・意欲を評価し認定する」— the office decides; the engine only says who qualifies.
 */
import { readDate } from './cell-values';
import type { Label } from './label';
import type { LocalDate } from './local-date';
import type { Certification, Programme } from './programme';
import type { PersonProgress } from './progress';
import type { RoleRecord, StaffRecord } from './records';

/** The Roles Source of an award, as the programme office writes it by hand too. */
export const AWARD_SOURCE = '認定';

/** A revocation's reason, as SharePoint's multi-line column holds it comfortably. */
export const REVOCATION_REASON_MAX = 500;

export type AwardField = 'certification' | 'person' | 'date' | 'reason';

/** Why an award or a revocation cannot go ahead, naming the field. */
export interface AwardFinding {
  field: AwardField;
  code:
    | 'AWARD.CERTIFICATION_UNKNOWN'
    | 'AWARD.PERSON_UNKNOWN'
    | 'AWARD.PERSON_INACTIVE'
    | 'AWARD.ALREADY_HELD'
    | 'AWARD.NOT_QUALIFIED'
    | 'AWARD.DATE_UNREADABLE'
    | 'AWARD.DATE_FUTURE'
    | 'AWARD.REASON_REQUIRED'
    | 'AWARD.REASON_TOO_LONG'
    | 'AWARD.ALREADY_REVOKED'
    | 'AWARD.NOT_AN_AWARD';
  message: Label;
}

export type AwardDateCheck = { ok: true; date: LocalDate } | { ok: false; finding: AwardFinding };

/** The award's date (認定日): today when not given; readable as the lists read dates; never in the future. */
export function checkAwardDate(text: string | undefined, today: LocalDate): AwardDateCheck {
  const written = text?.trim() ?? '';
  if (written === '') return { ok: true, date: today };
  const d = readDate(written);
  if (!d.ok) return { ok: false, finding: finding('date', 'AWARD.DATE_UNREADABLE', `「認定日」が日付として読めません: "${clip(written)}"（例: 2026-04-01）`, `Award date is not a date: "${clip(written)}" (e.g. 2026-04-01)`) };
  if (d.value > today) return { ok: false, finding: finding('date', 'AWARD.DATE_FUTURE', `「認定日」が未来の日付です: ${d.value}（今日は ${today}）`, `Award date is in the future: ${d.value} (today is ${today})`) };
  return { ok: true, date: d.value };
}

/**
 * Checks the award of a certification to a person, as the evaluation stands: the certification is
 * the programme's, the person is active staff, does not hold it, and the engine says they qualify
 * (認定候補). What is still missing is named when they do not.
 */
export function checkAward(programme: Programme, staff: StaffRecord | undefined, progress: PersonProgress | undefined, certificationId: string): AwardFinding[] {
  const cert = programme.certifications.find((c) => c.id === certificationId);
  if (!cert) return [finding('certification', 'AWARD.CERTIFICATION_UNKNOWN', `プログラムにない認定です: "${clip(certificationId)}"`, `Not a certification of the programme: "${clip(certificationId)}"`)];
  if (!staff) return [finding('person', 'AWARD.PERSON_UNKNOWN', '職員リストにない人です', 'Not on the Staff list')];
  if (!staff.active || !progress) return [finding('person', 'AWARD.PERSON_INACTIVE', `${staff.name} さんは在職していません`, `${staff.name} is not active staff`)];
  const status = progress.certifications.find((c) => c.certification === cert.id);
  if (status?.status === 'held') {
    return [finding('person', 'AWARD.ALREADY_HELD', `${staff.name} さんはすでに${cert.label.ja}です（${status.since ?? ''}から）`, `${staff.name} already holds ${cert.label.en ?? cert.label.ja}`)];
  }
  if (status?.status !== 'qualifies') {
    const missing = (status?.missing ?? []).map((m) => m.label);
    const ja = missing.map((m) => m.ja).join('、');
    const en = missing.map((m) => m.en ?? m.ja).join(', ');
    return [finding('person', 'AWARD.NOT_QUALIFIED', `${staff.name} さんは${cert.label.ja}の認定基準をまだ満たしていません${ja ? `（未達: ${ja}）` : ''}`, `${staff.name} does not yet meet the criteria of ${cert.label.en ?? cert.label.ja}${en ? ` (missing: ${en})` : ''}`)];
  }
  return [];
}

/** The reason a revocation must give: present and not too long. */
export function checkRevocationReason(reason: string | undefined): AwardFinding[] {
  const r = reason?.trim() ?? '';
  if (r === '') return [finding('reason', 'AWARD.REASON_REQUIRED', '「取消の理由」を入れてください（履歴に残ります）', 'Enter the reason for the revocation (it is kept in the history)')];
  if (r.length > REVOCATION_REASON_MAX) return [finding('reason', 'AWARD.REASON_TOO_LONG', `「取消の理由」が長すぎます（${REVOCATION_REASON_MAX} 文字まで）`, `The reason is too long (at most ${REVOCATION_REASON_MAX} characters)`)];
  return [];
}

/** Whether a Roles row is a certification (an award, by the app or recorded by hand). */
export function isCertificationRow(programme: Programme, r: Pick<RoleRecord, 'role'>): boolean {
  return programme.certifications.some((c) => c.id === r.role);
}

/** Whether an award is in force on a day (not revoked, not ended, started). */
export function awardInForce(r: Pick<RoleRecord, 'start' | 'end'>, day: LocalDate): boolean {
  return r.start <= day && (!r.end || r.end >= day);
}

/**
 * The 認定証's serial number: the programme's id and the Roles item id (SharePoint never reuses an
 * item id, so no two awards share a number, even after one is deleted), written into the row once
 * the award stands so it stays with the row if the list is ever copied to another site.
 */
export function certificateSerial(programme: Pick<Programme, 'id'>, itemId: string): string {
  return `${programme.id.toUpperCase()}-${itemId.padStart(6, '0')}`;
}

/** A certification by id. */
export function certificationOf(programme: Programme, id: string): Certification | undefined {
  return programme.certifications.find((c) => c.id === id);
}

function finding(field: AwardField, code: AwardFinding['code'], ja: string, en: string): AwardFinding {
  return { field, code, message: { ja, en } };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
