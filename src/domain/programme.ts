import type { DueOnClosedDay, FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import type { LocalDate } from './local-date';

/**
 * A municipality's DX talent programme (DX人材育成), as validated from its YAML definition.
 * Every id referenced anywhere in it is known to exist (programme-schema.ts checks that).
 */
export interface Programme {
  id: string;
  version: string;
  label: Label;
  municipality: Label;
  /** The policy document the programme implements. */
  source: { title: string; issuer?: string; issuedOn?: string; url?: string };
  /** First fiscal year of the plan; relative targets ("within 5 years") count from it. */
  planStartFiscalYear: FiscalYear;
  /** Values the policy leaves open, with the defaults this file chose (see docs/programme-format.md). */
  settings: Setting[];
  grades: Grade[];
  perspectives: Perspective[];
  scales: Scales;
  courses: Course[];
  courseGroups: CourseGroup[];
  qualifications: Qualification[];
  contributionKinds: ContributionKind[];
  skillMap?: SkillMap;
  roles: Role[];
  certifications: Certification[];
  kpis: Kpi[];
  reminders: ReminderPolicy;
  digest: DigestSchedule;
  /** What staff may report themselves, with what evidence, and who confirms it (issue 12). */
  reporting: ReportingRules;
}

/** A value the seed leaves open ("一定以上の評価", "○名"); `fillIn` marks it for the municipality to set. */
export interface Setting {
  id: string;
  label: Label;
  value: number;
  fillIn: boolean;
  note?: string;
}

/** 職層: a grade as HR writes it, with how far up it sits and what it oversees. */
export interface Grade {
  id: string;
  label: Label;
  /** Higher is more senior; used for "this grade or above". */
  rank: number;
  /** Spellings seen in HR exports (副係長級, 主任主事 …) that mean this grade. */
  aliases: string[];
  /** A grade that manages a section (係長・課長) or a department (部長) sees that unit's progress. */
  manages?: 'section' | 'department';
}

/** An evaluation perspective (幹部職員 / メンバー / 専門家 in 真岡市). */
export interface Perspective {
  id: string;
  label: Label;
  aliases: string[];
  /** What the perspective judges (政策的観点, リーダーシップ, 技術的観点). */
  aspect?: Label;
}

export interface Scale {
  min: number;
  max: number;
}

export interface Scales {
  evaluation: Scale;
  report: Scale;
  skillLevel: Scale;
}

/** When a course is due. */
export type CourseDue =
  | { kind: 'date'; date: LocalDate }
  /** The same month and day in every fiscal year (12-25 = by 25 December of the current 年度). */
  | { kind: 'fiscalMonthDay'; month: number; day: number }
  /** A number of months after the person took up the role the step belongs to (quarterly cohorts). */
  | { kind: 'afterRoleStart'; months: number };

export interface Course {
  id: string;
  label: Label;
  category?: string;
  hours?: number;
  provider?: string;
  url?: string;
  due?: CourseDue;
  /** A course retaken every fiscal year (情報セキュリティ研修): only this 年度's completion counts. */
  renewsEveryFiscalYear: boolean;
  /** Spellings in HR exports that mean this course. */
  aliases: string[];
}

/** A set of courses whose hours or count add up, named explicitly or by category from the Courses list. */
export interface CourseGroup {
  id: string;
  label: Label;
  courses: string[];
  categories: string[];
}

export interface Qualification {
  id: string;
  label: Label;
  aliases: string[];
  /** Support the municipality gives for it (中野区: 試験対策支援, 資格取得資金の補助). */
  support?: { examPreparation?: boolean; feeSubsidy?: boolean; note?: Label };
}

export interface ContributionKind {
  id: string;
  label: Label;
  aliases: string[];
}

export interface Skill {
  id: string;
  label: Label;
  category?: Label;
  description?: Label;
}

export interface SkillLevel {
  level: number;
  label: Label;
}

/** What a role or certification is expected to reach in a skill (a cell of the skill map). */
export interface SkillExpectation {
  /** A role or certification id. */
  holder: string;
  skill: string;
  level: number;
  description?: Label;
}

/** Skills × levels (柏市: 5 skills × 3 tiers; 真岡市: 5 skills by certification). */
export interface SkillMap {
  label: Label;
  skills: Skill[];
  levels: SkillLevel[];
  expectations: SkillExpectation[];
}

/**
 * How a person comes to hold a role:
 * all — every active staff member (全職員); grade — by 職層 (管理職, DXマネージャー = 課長級以上);
 * nominated — a manager nominates and an approver decides (DX推進リーダー); appointed — the programme
 * office records it (DXアドバイザー, 庁内公募のDXスペシャリスト); certified — awarded through a certification;
 * self — the person declares it (手挙げ方式, 希望者), confirmed as `declaration` says.
 */
export type RoleAssignment = 'all' | 'grade' | 'nominated' | 'appointed' | 'certified' | 'self';

/**
 * How many may hold a role in each section (課) or department (部): 「各課1〜2名」 is { per: section,
 * min: 1, max: 2 }. `max` is checked when a seat is filled (a nomination, a declaration); `min` is what
 * a coverage KPI of the role counts against (the sections below it are listed).
 */
export interface Seats {
  per: 'section' | 'department';
  min?: number;
  max?: number;
}

/** Who confirms a self-declared role before it counts; `nobody`: it counts once recorded. */
export type DeclarationConfirmer = 'sectionManager' | 'departmentManager' | 'programmeOffice' | 'nobody';

/** A self-declared role's rules (assignment "self"): who may declare it and who confirms. */
export interface DeclarationRules {
  /** Grades that may declare; empty: anyone active. */
  eligibleGrades: string[];
  /** Strict: other grades are refused; otherwise they are warned about. */
  gradeRuleStrict: boolean;
  confirmedBy: DeclarationConfirmer;
}

export interface NominationRules {
  /** Grades that may be nominated. */
  eligibleGrades: string[];
  /** Strict: other grades are refused. Otherwise they are warned about (世田谷区: 「原則」副係長または主任). */
  gradeRuleStrict: boolean;
  /** The role's `seats.max` per section, when seats are counted per section (the same number, for readers of the rules). */
  seatsPerSection?: number;
  /** The role's `seats.max` per department, when seats are counted per department. */
  seatsPerDepartment?: number;
  /** Warn when the nominee's transfer is planned within this many months (東京都テンプレート: 異動時期を考慮). */
  transferWindowMonths: number;
  /** Who decides. */
  approver: 'sectionManager' | 'departmentManager' | 'programmeOffice';
}

export interface Step {
  id: string;
  label: Label;
  description?: Label;
  /** An optional step (希望者のみ) is shown but never reminded about. */
  optional: boolean;
  requires: Requirement;
}

export interface Role {
  id: string;
  label: Label;
  description?: Label;
  /** Spellings in HR exports that mean this role (DXスペシャリスト for DXスペシャリスト人材). */
  aliases: string[];
  assignment: RoleAssignment;
  /** For assignment "grade": the grades that hold the role. */
  grades: string[];
  /** For assignment "all": staff holding any of these roles do not hold this one (柏市: 全職員 = その他の職員). */
  excludeRoles: string[];
  /** For assignment "certified": the certification that confers it. */
  certification?: string;
  nomination?: NominationRules;
  /** For assignment "self": who may declare the role and who confirms the declaration. */
  declaration?: DeclarationRules;
  /** How many may hold the role per section or department (any assignment recorded in the Roles list). */
  seats?: Seats;
  /** Steps in order; reaching Step N needs every earlier step that is not optional. May be empty. */
  steps: Step[];
  /** External or fixed-term staff (CIO補佐官, 任期付ICT専門職員): not nominated, not counted as in-house staff. */
  external: boolean;
}

export interface Certification {
  id: string;
  label: Label;
  description?: Label;
  aliases: string[];
  /** Order within a ladder (アドバイザー 1 → エキスパート 2 → スペシャリスト 3). */
  level: number;
  requires: Requirement;
}

export type ProjectRole = 'leader' | 'member';

/**
 * A requirement expression: a closed set of kinds, combined with allOf / anyOf / atLeast.
 * Every kind evaluates to met or unmet with evidence.
 */
export type Requirement =
  | { kind: 'allOf'; items: Requirement[]; label?: Label }
  | { kind: 'anyOf'; items: Requirement[]; label?: Label }
  | { kind: 'atLeast'; n: number; items: Requirement[]; label?: Label }
  | { kind: 'course'; course: string; label?: Label }
  /** Hours in a course group; with withinFiscalYear only this 年度's completions count. */
  | { kind: 'hours'; group: string; min: number; withinFiscalYear: boolean; label?: Label }
  | { kind: 'courses'; group: string; min: number; withinFiscalYear: boolean; label?: Label }
  | { kind: 'qualification'; anyOf: string[]; label?: Label }
  | ProjectRequirement
  | { kind: 'contribution'; contribution: string; min: number; withinMonths?: number; label?: Label }
  | { kind: 'certification'; certification: string; label?: Label }
  | { kind: 'skill'; skill: string; level: number; assessedBy: 'self' | 'manager' | 'any'; label?: Label }
  | { kind: 'roleHeld'; role: string; months: number; label?: Label }
  /** Holds any of these roles or certifications on the date (as the engine works out who holds what). */
  | { kind: 'holds'; of: string[]; label?: Label }
  /** Holds the role and stands on the step or beyond. Only in a KPI (a step asking for another step could loop). */
  | { kind: 'step'; role: string; step: string; label?: Label };

/**
 * Project participation (真岡市 BPRプロジェクト, 東京都テンプレート DX案件のリード): how many projects, in
 * which capacity, for how long, in how many consecutive fiscal years, and with which evaluations.
 */
export interface ProjectRequirement {
  kind: 'project';
  as: ProjectRole | 'any';
  /** Number of qualifying projects. */
  count: number;
  /** Total months across qualifying participations. */
  months?: number;
  /** Qualifying projects in this many consecutive fiscal years (真岡市 スペシャリスト: 2年以上連続). */
  consecutiveFiscalYears?: number;
  /** Only finished projects count (評価はプロジェクト終了後). */
  completed: boolean;
  /** Minimum report-meeting score of the project (報告会における評価). */
  reportScore?: number;
  /** Minimum average score given to the person, per perspective id (メンバーからの評価). */
  evaluations: Record<string, number>;
  label?: Label;
}

/** Which people a rate is taken over. */
export type Population =
  | { kind: 'allStaff' }
  | { kind: 'role'; role: string }
  | { kind: 'grades'; grades: string[] };

export type KpiMeasure =
  /** 受講率: share of the population that has completed a course (or reached hours in a group). */
  | { kind: 'completionRate'; course?: string; group?: string; minHours?: number; population: Population }
  /** Share of the role's holders (or another population) at or beyond a step. */
  | { kind: 'stepRate'; role: string; step: string; population?: Population }
  /** Number of people holding any of these roles/certifications, optionally at or beyond a step. */
  | { kind: 'holders'; of: string[]; step?: string }
  /**
   * Share of sections (or departments) with at least `min` people who meet `who` (各主要事業所管課に1名以上).
   * With `role`, each is counted in the unit the role serves (Roles.Section when the row names one).
   */
  | { kind: 'coverage'; who: Requirement; role?: string; per: 'section' | 'department'; min: number; excludeDepartments: string[] }
  /** Number of projects in the fiscal year (世田谷区: 業務改善の取組み 20業務). */
  | { kind: 'projects' }
  /** How many people (in a population) meet a requirement: ITパスポート取得者数, Step2 到達者数. */
  | { kind: 'count'; who: Requirement; population: Population; period: KpiPeriod }
  /** The share of a population that meets a requirement. */
  | { kind: 'rate'; who: Requirement; population: Population; period: KpiPeriod };

/**
 * What a count or rate takes in: everyone who meets the requirement on the day (cumulative, 累計), or
 * only those who came to meet it during the fiscal year (fiscalYear: met on the day, not on 3/31 before).
 */
export type KpiPeriod = 'cumulative' | 'fiscalYear';

export type KpiUnit = 'percent' | 'people' | 'units' | 'projects';

export interface Kpi {
  id: string;
  label: Label;
  description?: Label;
  measure: KpiMeasure;
  unit: KpiUnit;
  /** Target per fiscal year; a year without its own target is measured against the next later one. */
  targets: Array<{ fiscalYear: FiscalYear; value: number; approximate: boolean }>;
}

export interface ReminderPolicy {
  /** Days before a due date on which a reminder goes out. */
  leadDays: number[];
  /** After the due date, remind again every this many days. */
  overdueEveryDays: number;
  /** Never more than one reminder per person within this many days. */
  minIntervalDays: number;
  /** Items with no due date (most 全職員 steps) are reminded every this many days, counted from 4/1; 0 = never. */
  undatedEveryDays: number;
  /** Send window, JST, "HH:MM". */
  sendFrom: string;
  sendUntil: string;
  /** Extra closed days besides weekends, national holidays and 12/29–1/3. */
  closedDays: LocalDate[];
  /** Where a due date that falls on a closed day is moved (shown, reminded about and judged overdue). */
  dueOnClosedDay: DueOnClosedDay;
}

/** Who confirms a report before it becomes a fact: nobody (written at once), the section manager, or the office. */
export type Confirmer = 'none' | 'sectionManager' | 'office';

/** What a report must come with: nothing, a note (what, where, by whom), or a file (a certificate). */
export type EvidenceRequirement = 'none' | 'note' | 'file';

/** How one kind of report (or one course, qualification, contribution kind or skill) is handled. */
export interface ReportRule {
  allowed: boolean;
  evidence: EvidenceRequirement;
  confirmer: Confirmer;
}

/** The evidence files a programme accepts. */
export interface EvidenceFileRules {
  maxBytes: number;
  /** Allowed file types: pdf, jpeg, png. */
  types: Array<'pdf' | 'jpeg' | 'png'>;
}

/** What staff may report, per kind, with exceptions per course, qualification, contribution kind or skill. */
export interface ReportingRules {
  qualification: ReportRule;
  course: ReportRule;
  contribution: ReportRule;
  skill: ReportRule;
  /** Exceptions by id, per kind: `items.course['dx-literacy']` (the e-learning's records come from the vendor). */
  items: { qualification: Record<string, ReportRule>; course: Record<string, ReportRule>; contribution: Record<string, ReportRule>; skill: Record<string, ReportRule> };
  files: EvidenceFileRules;
}

export interface DigestSchedule {
  /** 1 = Monday … 5 = Friday; moved to the next working day when it is a holiday. */
  weekday: number;
  time: string;
}

/** Every role and certification id, for vocabulary lookups. */
export function roleOrCertificationIds(programme: Programme): Set<string> {
  return new Set([...programme.roles.map((r) => r.id), ...programme.certifications.map((c) => c.id)]);
}
