import type { Label } from './label';

/**
 * The SharePoint lists SkillSteps keeps its data in (DESIGN.md "Data in SharePoint"). The same
 * lists as CSV files, one per list with the internal column names as header, are the import,
 * export and sample-data format.
 */
export const LIST_NAMES = [
  'Staff',
  'Roles',
  'Courses',
  'Completions',
  'Projects',
  'ProjectMembers',
  'Evaluations',
  'Qualifications',
  'Contributions',
  'SkillLevels',
  'Nominations',
  'Submissions',
] as const;

export type ListName = (typeof LIST_NAMES)[number];

export interface ColumnDef {
  /** Internal name (CSV header, SharePoint internal column name). */
  name: string;
  label: Label;
  type: 'text' | 'upn' | 'date' | 'dateTime' | 'number' | 'boolean';
  required: boolean;
}

export interface ListDef {
  name: ListName;
  label: Label;
  columns: ColumnDef[];
}

const c = (name: string, ja: string, en: string, type: ColumnDef['type'], required = false): ColumnDef => ({
  name,
  label: { ja, en },
  type,
  required,
});

/** Every list with its columns in CSV order. */
export const LISTS: Record<ListName, ListDef> = {
  Staff: {
    name: 'Staff',
    label: { ja: '職員', en: 'Staff' },
    columns: [
      c('Title', '氏名', 'Name', 'text', true),
      // How the name reads (フリガナ), as HR exports carry it: the office sorts and searches by it.
      c('TitleKana', 'フリガナ', 'Reading', 'text'),
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('EmployeeNumber', '職員番号', 'Employee number', 'text'),
      c('Department', '部', 'Department', 'text', true),
      c('Section', '課', 'Section', 'text', true),
      c('Grade', '職層', 'Grade', 'text', true),
      c('TransferPlanned', '異動予定', 'Transfer planned', 'text'),
      c('Active', '在職', 'Active', 'boolean'),
    ],
  },
  Roles: {
    name: 'Roles',
    label: { ja: '役割', en: 'Roles' },
    columns: [
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('Role', '役割', 'Role', 'text', true),
      c('Section', '担当課', 'Section', 'text'),
      c('StartDate', '開始日', 'Start date', 'date', true),
      c('EndDate', '終了日', 'End date', 'date'),
      c('Source', '根拠', 'Source', 'text'),
      c('ConfirmedByUpn', '確認者', 'Confirmed by', 'upn'),
      c('ConfirmedAt', '確認日時', 'Confirmed at', 'dateTime'),
      // An award (Source 認定): its 認定証's serial number, and a revocation kept in the row (issue 12).
      c('CertificateNumber', '認定番号', 'Certificate number', 'text'),
      c('RevokedAt', '取消日時', 'Revoked at', 'dateTime'),
      c('RevokedByUpn', '取り消した人', 'Revoked by', 'upn'),
      c('RevocationReason', '取消の理由', 'Reason for revocation', 'text'),
    ],
  },
  Courses: {
    name: 'Courses',
    label: { ja: '研修', en: 'Courses' },
    columns: [
      c('CourseId', '研修ID', 'Course id', 'text', true),
      c('Title', '研修名', 'Title', 'text', true),
      c('Category', '区分', 'Category', 'text'),
      c('Hours', '時間', 'Hours', 'number'),
      c('Provider', '実施主体', 'Provider', 'text'),
      c('Url', 'URL', 'URL', 'text'),
      c('DueDate', '期限', 'Due date', 'date'),
      // Where and how to take part, shown with a course someone still has to take (「会場: 本庁舎5階」「申込: 庁内ポータル」).
      c('Venue', '会場', 'Venue', 'text'),
      c('SignUp', '申込方法', 'How to sign up', 'text'),
    ],
  },
  Completions: {
    name: 'Completions',
    label: { ja: '受講記録', en: 'Completions' },
    columns: [
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('CourseId', '研修ID', 'Course id', 'text', true),
      c('CompletedOn', '受講日', 'Completed on', 'date', true),
      c('Hours', '時間', 'Hours', 'number'),
      c('ConfirmedByUpn', '確認者', 'Confirmed by', 'upn'),
      c('ConfirmedAt', '確認日時', 'Confirmed at', 'dateTime'),
    ],
  },
  Projects: {
    name: 'Projects',
    label: { ja: 'DX案件', en: 'Projects' },
    columns: [
      c('ProjectId', '案件ID', 'Project id', 'text', true),
      c('Title', '案件名', 'Title', 'text', true),
      c('FiscalYear', '年度', 'Fiscal year', 'number', true),
      c('Section', '所管課', 'Section', 'text'),
      c('StartDate', '開始日', 'Start date', 'date'),
      c('EndDate', '終了日', 'End date', 'date'),
      c('ReportScore', '報告会評価', 'Report score', 'number'),
    ],
  },
  ProjectMembers: {
    name: 'ProjectMembers',
    label: { ja: '案件メンバー', en: 'Project members' },
    columns: [
      c('ProjectId', '案件ID', 'Project id', 'text', true),
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('ProjectRole', '立場', 'Project role', 'text', true),
      c('StartDate', '開始日', 'Start date', 'date'),
      c('EndDate', '終了日', 'End date', 'date'),
    ],
  },
  Evaluations: {
    name: 'Evaluations',
    label: { ja: '評価', en: 'Evaluations' },
    columns: [
      c('ProjectId', '案件ID', 'Project id', 'text', true),
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('Perspective', '評価の観点', 'Perspective', 'text', true),
      c('Score', '評点', 'Score', 'number', true),
      c('EvaluatorUpn', '評価者', 'Evaluator', 'upn'),
      c('ConfirmedByUpn', '確認者', 'Confirmed by', 'upn'),
      c('ConfirmedAt', '確認日時', 'Confirmed at', 'dateTime'),
    ],
  },
  Qualifications: {
    name: 'Qualifications',
    label: { ja: '資格', en: 'Qualifications' },
    columns: [
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('Qualification', '資格', 'Qualification', 'text', true),
      c('AcquiredOn', '取得日', 'Acquired on', 'date'),
      c('CertificateNumber', '証書番号', 'Certificate number', 'text'),
      c('ConfirmedByUpn', '確認者', 'Confirmed by', 'upn'),
      c('ConfirmedAt', '確認日時', 'Confirmed at', 'dateTime'),
    ],
  },
  Contributions: {
    name: 'Contributions',
    label: { ja: '貢献', en: 'Contributions' },
    columns: [
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('Kind', '種別', 'Kind', 'text', true),
      c('Date', '日付', 'Date', 'date', true),
      c('Title', '内容', 'Title', 'text'),
      c('ConfirmedByUpn', '確認者', 'Confirmed by', 'upn'),
      c('ConfirmedAt', '確認日時', 'Confirmed at', 'dateTime'),
    ],
  },
  SkillLevels: {
    name: 'SkillLevels',
    label: { ja: 'スキル評価', en: 'Skill levels' },
    columns: [
      c('Upn', 'UPN', 'UPN', 'upn', true),
      c('Skill', 'スキル', 'Skill', 'text', true),
      c('Level', 'レベル', 'Level', 'number', true),
      c('AssessedOn', '評価日', 'Assessed on', 'date'),
      c('Assessor', '評価者', 'Assessor', 'upn'),
      c('ConfirmedByUpn', '確認者', 'Confirmed by', 'upn'),
      c('ConfirmedAt', '確認日時', 'Confirmed at', 'dateTime'),
    ],
  },
  Nominations: {
    name: 'Nominations',
    label: { ja: '推薦', en: 'Nominations' },
    columns: [
      c('NomineeUpn', '被推薦者', 'Nominee', 'upn', true),
      c('Role', '役割', 'Role', 'text', true),
      c('Section', '課', 'Section', 'text', true),
      c('NominatedByUpn', '推薦者', 'Nominated by', 'upn', true),
      c('ApproverUpn', '承認者', 'Approver', 'upn', true),
      c('Status', '状態', 'Status', 'text', true),
      c('Reason', '推薦理由', 'Reason', 'text'),
      c('DecisionComment', '判断コメント', 'Decision comment', 'text'),
      c('RequestedAt', '推薦日時', 'Requested at', 'dateTime', true),
      c('DecidedAt', '判断日時', 'Decided at', 'dateTime'),
      c('ReplacesUpn', '交代する人', 'Replaces', 'upn'),
      c('ApproverChanges', '承認者の変更', 'Approver changes', 'text'),
    ],
  },
  Submissions: {
    name: 'Submissions',
    label: { ja: '申請', en: 'Submissions' },
    columns: [
      c('Kind', '種別', 'Kind', 'text', true),
      c('SubjectUpn', '報告者', 'Reported by', 'upn', true),
      c('Payload', '内容', 'Payload', 'text', true),
      c('EvidenceUrl', '証跡', 'Evidence', 'text'),
      c('ConfirmerUpn', '確認者', 'Confirmer', 'upn'),
      c('Status', '状態', 'Status', 'text', true),
      c('Comment', 'コメント', 'Comment', 'text'),
      c('SubmittedAt', '報告日時', 'Submitted at', 'dateTime', true),
      c('DecidedAt', '判断日時', 'Decided at', 'dateTime'),
      c('DecidedByUpn', '判断した人', 'Decided by', 'upn'),
    ],
  },
};
