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
export type { YearEndSheetId, YearEndView } from '../../../src/app/year-end-report';
export type { DigestEntry, JobRun } from '../../../src/ports/index';
export type { KpiResult } from '../../../src/domain/kpi-engine';
export type { NominationFinding } from '../../../src/domain/nomination-rules';
export type { CertificationStatus, MissingItem, PersonProgress, RoleProgress, StepResult } from '../../../src/domain/progress';
export type { DataQualityIssue, IssueEffect, NominationStatus } from '../../../src/domain/records';
export type { RequirementResult } from '../../../src/domain/requirement-engine';

import type { NominationFinding } from '../../../src/domain/nomination-rules';

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

/** POST /api/people/:upn/remind → 202: the reminder is queued for today with this many items. */
export interface ReminderSent {
  day: string;
  items: number;
}

/** details of 422 NOMINATION.RULES and 409 NOMINATION.CONFIRM. */
export interface NominationErrorDetails {
  errors?: NominationFinding[];
  warnings?: NominationFinding[];
}
