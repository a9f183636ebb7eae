import { Badge } from '@fluentui/react-components';
import type { ReportView } from '../../api/types';
import { useI18n, type StringKey } from '../../i18n';

const STATUS: Record<ReportView['status'], { key: StringKey; color: 'warning' | 'success' | 'danger' | 'subtle' }> = {
  pending: { key: 'reportBadgePending', color: 'warning' },
  confirmed: { key: 'reportStatusConfirmed', color: 'success' },
  returned: { key: 'reportStatusReturned', color: 'danger' },
  withdrawn: { key: 'reportStatusWithdrawn', color: 'subtle' },
};

/** A report's state as a badge (確認待ち, 確認済み, 差し戻し, 取下げ). */
export function ReportStatus({ report }: { report: ReportView }) {
  const { t } = useI18n();
  const s = STATUS[report.status];
  return <Badge color={s.color}>{t(s.key)}</Badge>;
}

/** The line under a report's item: its date and what the kind adds (hours, level, what was done). */
export function reportDetail(r: ReportView, date: (v: string | undefined) => string): string {
  const parts = [date(r.date), r.hours !== undefined ? `${r.hours}h` : '', r.level !== undefined ? `Lv${r.level}` : '', r.title ?? '', r.certificateNumber ?? ''].filter(Boolean);
  return `（${parts.join('・')}）`;
}
