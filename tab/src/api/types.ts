/**
 * The API's contract, as the server defines it (src/app/views.ts and the domain types it carries).
 * Types only: the tab talks to the server over HTTP and never runs server code.
 */
export type {
  DataQualityPage,
  JobSchedule,
  JobStatus,
  JobsView,
  MemberRow,
  MembersPage,
  MembersQuery,
  MeView,
  NominationView,
  ProgrammeView,
  ProgressView,
  SectionSummary,
  SkillRow,
  SyncView,
} from '../../../src/app/views';
export type { Unit } from '../../../src/app/access';
export type { ReportFormKind, ReportFormView, ReportView } from '../../../src/app/report-views';
export type { AwardView, CandidateView, CertificationCandidatesView } from '../../../src/app/awards';
export type { AwardField, AwardFinding } from '../../../src/domain/awards';
export type { RoundEvaluatorView, RoundOpened, RoundView } from '../../../src/app/evaluation-rounds';
export type { RoundField, RoundFinding } from '../../../src/domain/evaluation-rounds';
export type { DeclarableRole, DeclarationField, DeclarationFinding } from '../../../src/domain/declarations';
export type { ProgressChange } from '../../../src/domain/progress-changes';
export type { ReportField, ReportFinding } from '../../../src/domain/reports';
export type { ReportKind } from '../../../src/domain/records';
export type { AddSample, ChangeSample, ImportField, ImportPreview, ImportsOverview, ImportView } from '../../../src/app/imports';
export type { ColumnMapping, ImportableList, PersonKey } from '../../../src/domain/import-mapping';
export type { FillInRow, HistoryRow, KpiTargetRow, SettingInput, SettingsView } from '../../../src/app/programme-settings';
export type { OverrideError } from '../../../src/domain/programme-overrides';
export type { YearEndSheetId, YearEndView } from '../../../src/app/year-end-report';
export type { NotStartedRow, OfficeListId, OfficeListView, OfficeRemindResult, PersonRef, TransferRow, WaitingReportRow } from '../../../src/app/office-lists';
export type { DigestEntry, JobRun } from '../../../src/ports/index';
export type { KpiResult } from '../../../src/domain/kpi-engine';
export type { NominationFinding } from '../../../src/domain/nomination-rules';
export type { CertificationStatus, MissingItem, PersonProgress, RoleProgress, StepResult } from '../../../src/domain/progress';
export type { DataQualityIssue, IssueEffect, NominationStatus } from '../../../src/domain/records';
export type { RequirementResult } from '../../../src/domain/requirement-engine';

import type { NominationFinding } from '../../../src/domain/nomination-rules';
import type { ReportView as Report } from '../../../src/app/report-views';
import type { AwardView as Award } from '../../../src/app/awards';
import type { AwardFinding as AwardErr } from '../../../src/domain/awards';
import type { ProgressChange as Change } from '../../../src/domain/progress-changes';

/** Every error the API answers: a stable code, a Japanese message, sometimes details. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** GET /api/dev/sign-in (local mode only; 404 in production). Mirrors DevSignIn in src/server/app.ts. */
export interface DevSignIn {
  authorizeUrl: string;
  clientId: string;
  scope: string;
}

/** POST /api/nominations body (src/app/nominations.ts NominateInput, without the nominator). */
export interface NominationRequestBody {
  nomineeUpn: string;
  role: string;
  section?: string;
  replacesUpn?: string;
  reason?: string;
  confirmWarnings?: boolean;
}

/** POST /api/nominations → 201. */
export interface NominationCreated {
  id: string;
  approverUpn?: string;
  /** The approver's name in the Staff list (absent when the approver is not on it). */
  approverName?: string;
  warnings: NominationFinding[];
  /** Whether the approver got the request in Teams chat (false: they have not added the app, or no bot). */
  approverNotified: boolean;
}

/** POST /api/people/:upn/remind → 202: the reminder is queued with this many items, to go out at `sendAt` (later when asked outside the send window). */
export interface ReminderSent {
  day: string;
  items: number;
  sendAt: string;
  scheduled: boolean;
}

/** details of 422 NOMINATION.RULES and 409 NOMINATION.CONFIRM. */
export interface NominationErrorDetails {
  errors?: NominationFinding[];
  warnings?: NominationFinding[];
}

/** POST /api/reports → 201 (src/server/routes/reports.ts). */
export interface ReportCreated {
  report: Report;
  /** Written at once (nobody confirms this kind). */
  confirmedAtOnce: boolean;
  changes: Change[];
  /** The confirmer got the request in Teams chat. */
  confirmerNotified: boolean;
}

/** POST /api/reports/decisions → 200. */
export interface ReportDecisions {
  results: Array<{ id: string; ok: boolean; code?: string; message?: string }>;
  decided: number;
  refused: number;
}

/** POST /api/awards → 201 (some awarded) or 200 (none): each person's outcome. */
export interface AwardResults {
  results: Array<{ upn: string; ok: boolean; award?: Award; errors?: AwardErr[] }>;
  awarded: number;
  refused: number;
}
