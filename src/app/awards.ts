/**
 * Certification awards (認定, issue 12): the office sees 認定候補 — who qualifies and is not yet
 * certified — per certification with the evidence, awards one or many (a Roles row each: Source 認定,
 * the date, who awarded it and when, the 認定証's serial number), and revokes an award with a reason
 * (the row stays, as history). Every write is applied at once (ProgrammeService.apply), so the person's
 * マイステップ shows it before the next sync. Who may: the programme office only, checked here as well
 * as by the route.
 */
import { awardInForce, certificateSerial, certificationOf, checkAward, checkAwardDate, checkRevocationReason, isCertificationRow, type AwardFinding } from '../domain/awards';
import type { Label } from '../domain/label';
import { addDays, jstDate, type LocalDate } from '../domain/local-date';
import { evaluatePerson } from '../domain/progress';
import { progressChanges, type ProgressChange } from '../domain/progress-changes';
import type { RoleRecord } from '../domain/records';
import type { RecordWrite } from '../domain/record-writes';
import type { RequirementResult } from '../domain/requirement-engine';
import type { Snapshot } from '../domain/snapshot';
import { formatOfficialDate } from '../i18n/format';
import { t } from '../i18n/cards';
import type { AwardStore, CertificateText, Clock, StoredAward } from '../ports';
import type { ProgrammeService } from './programme-service';

export interface AwardDeps {
  service: ProgrammeService;
  awards: AwardStore;
  clock: Clock;
}

/** Who acts, from the token or the Teams activity (never from a form's data). */
export interface AwardActor {
  upn: string;
  office: boolean;
}

/** A person who qualifies for a certification and does not hold it (認定候補), with the evidence. */
export interface CandidateView {
  upn: string;
  name: string;
  department: string;
  section: string;
  gradeText: string;
  /** The certification's requirement as the engine evaluated it, every part with its evidence. */
  evidence: RequirementResult;
}

export interface CertificationCandidatesView {
  certification: { id: string; label: Label; level: number; description?: Label };
  candidates: CandidateView[];
  /** People who hold it now. */
  holders: number;
}

/** An award (a Roles row of a certification) as the tab shows it. */
export interface AwardView {
  id: string;
  upn: string;
  name: string;
  department?: string;
  section?: string;
  certification: { id: string; label: Label };
  /** 認定日. */
  date: LocalDate;
  serial?: string;
  source?: string;
  awardedBy?: { upn: string; name: string };
  awardedAt?: string;
  revoked?: { at: string; by?: { upn: string; name: string }; reason?: string };
  /** In force today. */
  inForce: boolean;
}

/** 認定候補 of every certification (or one), with the evidence in full. */
export function candidatesView(service: ProgrammeService, certificationId?: string): CertificationCandidatesView[] {
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const certs = service.programme.certifications.filter((c) => !certificationId || c.id === certificationId);
  return certs.map((cert) => {
    const candidates: CandidateView[] = [];
    let holders = 0;
    for (const p of e.people) {
      const status = p.certifications.find((c) => c.certification === cert.id)?.status;
      if (status === 'held') holders++;
      if (status !== 'qualifies') continue;
      const staff = e.snapshot.staffByUpn.get(p.upn)!;
      // The evaluation in memory is brief (met parts say 「達成」); the office decides on the full evidence.
      const full = evaluatePerson(e.snapshot, staff, e.asOf).certifications.find((c) => c.certification === cert.id)!;
      candidates.push({ upn: p.upn, name: p.name, department: p.department, section: p.section, gradeText: p.gradeText, evidence: full.result });
    }
    candidates.sort((a, b) => a.department.localeCompare(b.department, 'ja') || a.section.localeCompare(b.section, 'ja') || a.name.localeCompare(b.name, 'ja'));
    return { certification: { id: cert.id, label: cert.label, level: cert.level, ...(cert.description ? { description: cert.description } : {}) }, candidates, holders };
  });
}

/** Every award (any certification row of the Roles list, revoked ones included), newest first. */
export function awardsView(service: ProgrammeService, filter: { certification?: string; upn?: string } = {}): AwardView[] {
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  return e.snapshot.records.roles
    .filter((r) => isCertificationRow(service.programme, r) && (!filter.certification || r.role === filter.certification) && (!filter.upn || r.upn === filter.upn.toLowerCase()))
    .map((r) => awardView(service, e.snapshot, r, e.asOf))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : Number(b.id || 0) - Number(a.id || 0)));
}

function awardView(service: ProgrammeService, snapshot: Snapshot, r: RoleRecord, today: LocalDate): AwardView {
  const staff = snapshot.staffByUpn.get(r.upn);
  const person = (upn: string): { upn: string; name: string } => ({ upn, name: snapshot.staffByUpn.get(upn)?.name ?? upn });
  const cert = certificationOf(service.programme, r.role);
  return {
    id: r.itemId ?? '',
    upn: r.upn,
    name: staff?.name ?? r.upn,
    ...(staff ? { department: staff.department, section: staff.section } : {}),
    certification: { id: r.role, label: cert?.label ?? { ja: r.role } },
    date: r.start,
    ...(r.certificateNumber || r.itemId ? { serial: r.certificateNumber ?? certificateSerial(service.programme, r.itemId!) } : {}),
    ...(r.source ? { source: r.source } : {}),
    ...(r.confirmedByUpn ? { awardedBy: person(r.confirmedByUpn) } : {}),
    ...(r.confirmedAt ? { awardedAt: r.confirmedAt } : {}),
    ...(r.revocation ? { revoked: { at: r.revocation.at, ...(r.revocation.byUpn ? { by: person(r.revocation.byUpn) } : {}), ...(r.revocation.reason ? { reason: r.revocation.reason } : {}) } } : {}),
    inForce: !r.revocation && awardInForce(r, today),
  };
}

export type AwardOutcome = { upn: string; ok: true; award: AwardView; changes: ProgressChange[] } | { upn: string; ok: false; errors: AwardFinding[] };

export type AwardResult = { ok: true; results: AwardOutcome[] } | { ok: false; code: 'NOT_OFFICE' | 'INVALID'; errors: AwardFinding[] };

/**
 * Awards a certification to each person named, as the evaluation stands: the date is checked once
 * (never in the future: nothing is written), then each person on their own — active, qualifying, not
 * holding it (re-read from the list, not the snapshot). Two awards of the same at the same moment (two
 * office members pressing at once) both create a row, then both read the person's rows again: the
 * lower item id stands and the other removes its own row, so one award remains whoever wins.
 */
export async function awardCertification(deps: AwardDeps, input: { certification: string; upns: readonly string[]; date?: string }, actor: AwardActor): Promise<AwardResult> {
  const { service, awards, clock } = deps;
  if (!actor.office) return { ok: false, code: 'NOT_OFFICE', errors: [{ field: 'person', code: 'AWARD.NOT_AN_AWARD', message: { ja: '認定できるのはプログラム事務局だけです', en: 'Only the programme office awards certifications' } }] };
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const today = clock.today();
  const date = checkAwardDate(input.date, today);
  const cert = certificationOf(service.programme, input.certification);
  const errors: AwardFinding[] = [];
  if (!date.ok) errors.push(date.finding);
  if (!cert) errors.push(...checkAward(service.programme, undefined, undefined, input.certification));
  if (!date.ok || !cert) return { ok: false, code: 'INVALID', errors };

  const results: AwardOutcome[] = [];
  const writes: RecordWrite[] = [];
  const awardedAt = clock.now().toISOString();
  for (const raw of [...new Set(input.upns.map((u) => u.trim().toLowerCase()))]) {
    const staff = e.snapshot.staffByUpn.get(raw);
    const refused = checkAward(service.programme, staff, e.byUpn.get(raw), cert.id);
    if (refused.length > 0 || !staff) {
      results.push({ upn: raw, ok: false, errors: refused });
      continue;
    }
    const held = (rows: StoredAward[]): StoredAward[] => rows.filter((r) => !r.revocation && (!r.end || r.end >= date.date)).sort((a, b) => Number(a.id) - Number(b.id));
    const already = held(await awards.rowsOf(staff.upn, cert.id));
    if (already.length > 0) {
      results.push({ upn: staff.upn, ok: false, errors: [alreadyHeld(service, staff.name, cert.label, already[0]!)] });
      continue;
    }
    const { id } = await awards.create({ upn: staff.upn, certification: cert.id, section: staff.section, startDate: date.date, awardedByUpn: actor.upn.toLowerCase(), awardedAt });
    const first = held(await awards.rowsOf(staff.upn, cert.id))[0];
    if (first && first.id !== id) {
      await awards.remove(id);
      results.push({ upn: staff.upn, ok: false, errors: [alreadyHeld(service, staff.name, cert.label, first)] });
      continue;
    }
    const serial = certificateSerial(service.programme, id);
    await awards.setCertificateNumber(id, serial);
    const record: RoleRecord = { upn: staff.upn, role: cert.id, section: staff.section, start: date.date, source: '認定', itemId: id, confirmedByUpn: actor.upn.toLowerCase(), confirmedAt: awardedAt, certificateNumber: serial };
    writes.push({ list: 'Roles', record });
    results.push({ upn: staff.upn, ok: true, award: awardView(service, e.snapshot, record, today), changes: [] });
  }
  if (writes.length > 0) {
    const after = service.apply(writes);
    for (const r of results) if (r.ok && after) r.changes = progressChanges(e.byUpn.get(r.upn), after.byUpn.get(r.upn));
  }
  return { ok: true, results };
}

function alreadyHeld(service: ProgrammeService, name: string, label: Label, row: StoredAward): AwardFinding {
  const by = row.confirmedByUpn ? `、${service.current()?.snapshot.staffByUpn.get(row.confirmedByUpn)?.name ?? row.confirmedByUpn}` : '';
  return { field: 'person', code: 'AWARD.ALREADY_HELD', message: { ja: `${name} さんはすでに${label.ja}です（${row.start} 認定${by}）`, en: `${name} already holds ${label.en ?? label.ja} (awarded ${row.start})` } };
}

export type RevokeResult =
  | { ok: true; award: AwardView; stored: StoredAward }
  | { ok: false; code: 'NOT_OFFICE' | 'NOT_FOUND' | 'INVALID' | 'ALREADY_REVOKED'; errors: AwardFinding[] };

/**
 * Revokes an award (認定の取消) with a reason: the row is read again, must be a certification and not
 * revoked; the revocation is written into it with If-Match (of two at once, one writes and the other
 * is told), the certification ends the day before, and the row stays in the history.
 */
export async function revokeAward(deps: AwardDeps, id: string, reason: string | undefined, actor: AwardActor): Promise<RevokeResult> {
  const { service, awards, clock } = deps;
  const refuse = (code: Exclude<RevokeResult, { ok: true }>['code'], findingCode: AwardFinding['code'], ja: string, en: string, field: AwardFinding['field'] = 'person'): RevokeResult => ({
    ok: false,
    code,
    errors: [{ field, code: findingCode, message: { ja, en } }],
  });
  if (!actor.office) return refuse('NOT_OFFICE', 'AWARD.NOT_AN_AWARD', '認定を取り消せるのはプログラム事務局だけです', 'Only the programme office revokes certifications');
  const invalid = checkRevocationReason(reason);
  if (invalid.length > 0) return { ok: false, code: 'INVALID', errors: invalid };
  const current = await awards.get(id);
  if (!current || !isCertificationRow(service.programme, current)) return refuse('NOT_FOUND', 'AWARD.NOT_AN_AWARD', 'この認定は見つかりません（削除されたか、認定の行ではありません）', 'No such award');
  if (current.revocation) return revokedAlready(service, current);
  const now = clock.now();
  const lastDay = addDays(clock.today(), -1);
  const endDate = lastDay >= current.start && (!current.end || current.end > lastDay) ? lastDay : undefined;
  const written = await awards.revoke(current, { at: now.toISOString(), byUpn: actor.upn.toLowerCase(), reason: reason!.trim(), ...(endDate ? { endDate } : {}) });
  if (written === 'conflict') {
    const fresh = await awards.get(id);
    if (fresh?.revocation) return revokedAlready(service, fresh);
    return refuse('ALREADY_REVOKED', 'AWARD.ALREADY_REVOKED', 'この認定は同時に変更されました。画面を更新してもう一度操作してください', 'The award was changed at the same moment; reload and try again');
  }
  service.apply([{ list: 'Roles', revoked: { itemId: written.id, upn: written.upn, revocation: written.revocation!, end: written.end ?? lastDay } }]);
  const e = service.current()!;
  return { ok: true, award: awardView(service, e.snapshot, written, e.asOf), stored: written };
}

function revokedAlready(service: ProgrammeService, r: StoredAward): RevokeResult {
  const who = r.revocation?.byUpn ? service.current()?.snapshot.staffByUpn.get(r.revocation.byUpn)?.name ?? r.revocation.byUpn : '';
  const when = r.revocation ? jstDate(new Date(r.revocation.at)) : '';
  return { ok: false, code: 'ALREADY_REVOKED', errors: [{ field: 'person', code: 'AWARD.ALREADY_REVOKED', message: { ja: `この認定はすでに取り消されています（${when}${who ? `、${who}` : ''}）`, en: `This award was already revoked (${when})` } }] };
}

/** An award's row in the current evaluation, by its item id. */
export function awardRow(service: ProgrammeService, id: string): RoleRecord | undefined {
  return service.current()?.snapshot.records.roles.find((r) => r.itemId === id && isCertificationRow(service.programme, r));
}

/** What a 認定証 says for an award (Japanese: the certificate is an official document of the municipality). */
export function certificateText(service: ProgrammeService, r: RoleRecord): CertificateText {
  const p = service.programme;
  const cert = certificationOf(p, r.role);
  const certification = cert?.label.ja ?? r.role;
  const name = service.current()?.snapshot.staffByUpn.get(r.upn)?.name ?? r.upn;
  return {
    title: t('ja', 'certificateTitle'),
    serial: t('ja', 'certificateSerial', { serial: r.certificateNumber ?? certificateSerial(p, r.itemId ?? '0') }),
    name: t('ja', 'certificateName', { name }),
    certification,
    body: t('ja', 'certificateBody', { policy: p.source.title, certification }),
    date: formatOfficialDate(r.start, 'ja'),
    issuer: p.municipality.ja,
    programme: p.label.ja,
  };
}

/** A specimen (見本) of the programme's 認定証, for the office to check the layout before awarding. */
export function specimenText(service: ProgrammeService, today: LocalDate): CertificateText {
  const p = service.programme;
  const cert = p.certifications[0];
  const text = certificateText(service, { upn: t('ja', 'certificateSpecimenName'), role: cert?.id ?? t('ja', 'certificateSpecimenCertification'), start: today, certificateNumber: `${p.id.toUpperCase()}-000000` });
  return { ...text, name: t('ja', 'certificateName', { name: t('ja', 'certificateSpecimenName') }), specimen: t('ja', 'certificateSpecimen') };
}
