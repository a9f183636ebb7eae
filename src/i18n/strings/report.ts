/**
 * The strings of the files the office downloads (the year-end workbook 年度末点検, its CSVs, the KPI
 * CSV and the office's lists): sheet names and column headers, Japanese first, ready to paste into
 * the municipality's own report. The report's table also binds the tab's strings (src/i18n/report.ts),
 * so a verdict (達成・未達 …) reads the same in the tab and in the file.
 */
import type { Entry } from '../translate';

export const REPORT_STRINGS = {
  // sheets (Excel allows 31 characters and no []:*?/\ in a sheet name)
  sheetSummary: { ja: '概要', en: 'Summary' },
  sheetKpis: { ja: '指標', en: 'Indicators' },
  sheetSteps: { ja: 'ステップ分布', en: 'Step distribution' },
  sheetCertifications: { ja: '年度内の認定', en: 'Certifications awarded' },
  sheetPlacement: { ja: '課ごとの配置', en: 'Placement by section' },
  sheetUnplaced: { ja: '未配置の課', en: 'Sections without one' },
  sheetCourses: { ja: '研修の修了', en: 'Course completion' },
  sheetDataQuality: { ja: 'データ品質', en: 'Data quality issues' },

  // the summary sheet (項目, 内容)
  colContent: { ja: '内容', en: 'Content' },
  sumMunicipality: { ja: '自治体', en: 'Municipality' },
  sumProgramme: { ja: 'プログラム', en: 'Programme name' },
  sumFiscalYear: { ja: '対象年度', en: 'Reported fiscal year' },
  sumAsOf: { ja: '基準日', en: 'Evaluated as of' },
  sumAsOfYearEnd: { ja: '{date}（年度末）', en: '{date} (end of the fiscal year)' },
  sumAsOfToday: { ja: '{date}（年度途中）', en: '{date} (fiscal year still running)' },
  sumCreatedAt: { ja: '作成日時', en: 'Created at' },
  sumSyncedAt: { ja: 'リストの読み込み', en: 'Lists read at' },
  sumPeople: { ja: '在職者数', en: 'Active staff' },
  sumDataQuality: { ja: 'データ品質の問題（作成時点）', en: 'Data-quality issues (when created)' },
  sumStaffNote: { ja: '注記', en: 'Note' },
  sumStaffNoteText: {
    ja: '職員リストには履歴がないため、過去の年度も現在の在職者について数えています。',
    en: 'The Staff list keeps no history: a past year is counted over the people active today.',
  },

  // columns
  colKpiId: { ja: '指標ID', en: 'KPI id' },
  colNumerator: { ja: '分子', en: 'Numerator' },
  colDenominator: { ja: '分母', en: 'Denominator' },
  colUnit: { ja: '単位', en: 'Unit' },
  colTargetYear: { ja: '目標年度', en: 'Target year' },
  colHolders: { ja: '対象者数', en: 'Holders' },
  colStepOrder: { ja: 'ステップ順', en: 'Step no.' },
  colStep: { ja: 'ステップ', en: 'Step' },
  colShare: { ja: '割合（%）', en: 'Share (%)' },
  colKana: { ja: 'フリガナ', en: 'Reading' },
  colUpn: { ja: 'UPN', en: 'User principal name' },
  colEmployeeNumber: { ja: '職員番号', en: 'Employee no.' },
  colAwardedOn: { ja: '認定日', en: 'Awarded on' },
  colSource: { ja: '根拠', en: 'Source' },
  colRequired: { ja: '必要数', en: 'Required' },
  colShort: { ja: '不足', en: 'Short by' },
  colPlacementState: { ja: '配置', en: 'Placement' },
  colHolderNames: { ja: '配置されている人', en: 'Holders by name' },
  colCourseId: { ja: '研修ID', en: 'Course id' },
  colCourse: { ja: '研修名', en: 'Course title' },
  colCategory: { ja: '区分', en: 'Course category' },
  colCompletedInYear: { ja: '年度内の修了者数', en: 'Completed in the year' },
  colHoursInYear: { ja: '年度内の受講時間', en: 'Hours in the year' },
  colCompletedEver: { ja: '累計の修了者数（在職者）', en: 'Completed by then (active staff)' },
  colCode: { ja: 'コード', en: 'Code' },

  // cell values
  wholeProgramme: { ja: '（全体）', en: '(whole programme)' },
  wholeDepartment: { ja: '（部全体）', en: '(whole department)' },
  placed: { ja: '配置あり', en: 'Placed' },
  unplaced: { ja: '未配置', en: 'Not placed' },
  short: { ja: '不足', en: 'Below the minimum' },
  unitPercentName: { ja: '%', en: 'percent' },
  unitPeopleName: { ja: '人', en: 'people' },
  unitUnitsName: { ja: '所属', en: 'units' },
  unitProjectsName: { ja: '件', en: 'projects' },
} as const satisfies Readonly<Record<string, Entry>>;
