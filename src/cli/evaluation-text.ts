import type { ProgrammeEvaluation } from '../domain/evaluation';
import { formatFiscalYear, formatWareki } from '../domain/fiscal-calendar';
import type { KpiResult } from '../domain/kpi-engine';
import { LISTS } from '../domain/lists';
import type { Programme } from '../domain/programme';
import type { PersonProgress } from '../domain/progress';
import type { DataQualityIssue } from '../domain/records';
import { num, table } from './table';

const EFFECT_JA: Record<DataQualityIssue['effect'], string> = {
  rowSkipped: '行を除外',
  valueIgnored: '値を無視',
  listSkipped: 'リストを除外',
  note: '注記',
};

const STATUS_JA = { held: '認定済', qualifies: '基準達成（認定待ち）', notYet: '未達' } as const;

/** The evaluation as a readable Japanese report for the terminal. */
export function evaluationText(
  e: ProgrammeEvaluation,
  programme: Programme,
  opts: { source: string; peopleLimit: number; issueLimit: number },
): string {
  const out: string[] = [];
  out.push(`${e.programme.label.ja}（${e.programme.id} v${e.programme.version}）`);
  out.push(`基準日 ${e.asOf}（${formatWareki(e.asOf)}・${formatFiscalYear(e.fiscalYear)}）　データ: ${opts.source}　在職職員 ${num(e.people.length)} 人`);

  out.push('', `■ KPI（${formatFiscalYear(e.fiscalYear)}）`);
  if (e.kpis.length === 0) out.push('（このプログラムには KPI の定義がありません）');
  else {
    out.push(
      table(
        ['指標', '実績', '内訳', '目標', '判定'],
        e.kpis.map((k) => [k.label.ja, kpiValue(k), kpiFraction(k), kpiTarget(k), verdict(k)]),
        [36],
      ),
    );
  }

  out.push('', '■ 役割別のステップ到達');
  for (const role of programme.roles) {
    const holders = e.people.map((p) => p.roles.find((r) => r.role === role.id)).filter((r) => r !== undefined);
    if (role.steps.length === 0) {
      out.push(`${role.label.ja}: ${num(holders.length)} 人（ステップなし）`);
      continue;
    }
    const dist = role.steps.map((_, i) => holders.filter((h) => h.stepsReached === i + 1).length);
    const none = holders.filter((h) => h.stepsReached === 0).length;
    const cells = [`未到達 ${num(none)}`, ...role.steps.map((s, i) => `${s.label.ja} ${num(dist[i]!)}`)];
    out.push(`${role.label.ja}（${num(holders.length)} 人）: ${cells.join(' ／ ')}`);
  }

  if (programme.certifications.length > 0) {
    out.push('', '■ 認定');
    out.push(
      table(
        ['認定', ...Object.values(STATUS_JA)],
        programme.certifications.map((c) => {
          const statuses = e.people.map((p) => p.certifications.find((x) => x.certification === c.id)?.status);
          return [c.label.ja, ...(['held', 'qualifies', 'notYet'] as const).map((s) => `${num(statuses.filter((x) => x === s).length)}人`)];
        }),
      ),
    );
  }

  const shown = e.people.slice(0, opts.peopleLimit);
  out.push('', `■ 職員（${num(shown.length)} / ${num(e.people.length)} 人${shown.length < e.people.length ? '、全件は --json' : ''}）`);
  out.push(table(['氏名', '所属', '役割とステップ', '次にすること'], shown.map(personRow), [14, 24, 40, 48]));

  const issues = e.dataQuality;
  const byEffect = (Object.keys(EFFECT_JA) as Array<DataQualityIssue['effect']>)
    .map((k) => [k, issues.filter((i) => i.effect === k).length] as const)
    .filter(([, n]) => n > 0);
  out.push('', `■ データ品質: ${num(issues.length)} 件${byEffect.length ? `（${byEffect.map(([k, n]) => `${EFFECT_JA[k]} ${num(n)}`).join('、')}）` : ''}`);
  if (issues.length > 0) {
    out.push(
      table(
        ['リスト', '行', '列', '値', '理由', '扱い'],
        issues.slice(0, opts.issueLimit).map((i) => [
          `${LISTS[i.list].label.ja}(${i.list})`,
          i.row !== undefined ? String(i.row) : (i.itemId ?? '-'),
          i.column ?? '-',
          i.value ?? '',
          i.reason,
          EFFECT_JA[i.effect],
        ]),
        [22, 8, 16, 20, 70, 10],
      ),
    );
    if (issues.length > opts.issueLimit) out.push(`… 他 ${num(issues.length - opts.issueLimit)} 件（全件は --json の dataQuality）`);
  }
  return out.join('\n') + '\n';
}

/** One person in detail: every role, every step, every requirement with evidence. */
export function personText(p: PersonProgress, asOf: string): string {
  const out: string[] = [`${p.name}（${p.upn}）${p.department} ${p.section} ${p.gradeText}　基準日 ${asOf}`];
  for (const r of p.roles) {
    out.push('', `◆ ${r.label.ja}${r.since ? `（${r.since}〜）` : ''}: ${r.currentStep ? r.steps[r.stepsReached - 1]!.label.ja : 'ステップ未到達'}`);
    for (const s of r.steps) {
      out.push(`  ${s.reached ? '✔' : s.met ? '△' : '□'} ${s.label.ja}${s.optional ? '（任意）' : ''}`);
      const walk = (res: typeof s.result, depth: number): void => {
        out.push(`${'    '.repeat(depth)}${res.met ? '○' : '×'} ${res.label.ja} — ${res.evidence.ja}`);
        for (const c of res.children ?? []) walk(c, depth + 1);
      };
      walk(s.result, 1);
    }
  }
  for (const c of p.certifications) {
    out.push('', `◆ 認定 ${c.label.ja}: ${STATUS_JA[c.status]}${c.since ? `（${c.since}）` : ''}`);
    for (const m of c.missing) out.push(`    × ${m.label.ja} — ${m.evidence.ja}`);
  }
  if (p.nextActions.length > 0) {
    out.push('', '◆ 次にすること');
    for (const m of p.nextActions) out.push(`  ・${m.label.ja} — ${m.evidence.ja}`);
  }
  return out.join('\n') + '\n';
}

function personRow(p: PersonProgress): string[] {
  const roles = p.roles
    .filter((r) => r.steps.length > 0)
    .map((r) => `${r.label.ja}: ${r.currentStep ? r.steps[r.stepsReached - 1]!.label.ja : '未到達'}`)
    .join('、');
  const next = p.nextActions[0];
  const more = p.nextActions.length > 1 ? ` 他${p.nextActions.length - 1}件` : '';
  return [p.name, `${p.department} ${p.section}`, roles || '-', next ? `${next.label.ja}（${next.evidence.ja}）${more}` : '—'];
}

/** 達成 / 未達 for a target due this year; 順調 / 遅れ against the straight-line 目安 before it. */
function verdict(k: KpiResult): string {
  if (k.met !== null) return k.met ? '達成' : '未達';
  if (k.trajectory !== undefined) {
    const line = k.unit === 'percent' ? `${k.trajectory}%` : `${num(k.trajectory)}${unitJa(k)}`;
    return `${k.onTrack ? '順調' : '遅れ'}（今年度の目安 ${line}）`;
  }
  return '目標未設定';
}

function kpiValue(k: KpiResult): string {
  return k.unit === 'percent' ? `${k.value}%` : `${num(k.value)}${unitJa(k)}`;
}

function kpiFraction(k: KpiResult): string {
  return k.denominator !== undefined ? `${num(k.numerator)}/${num(k.denominator)}` : '';
}

function kpiTarget(k: KpiResult): string {
  if (!k.target) return '-';
  const v = k.unit === 'percent' ? `${k.target.value}%` : `${k.target.approximate ? '約' : ''}${num(k.target.value)}${unitJa(k)}`;
  return k.target.fiscalYear === k.fiscalYear ? v : `${v}（${formatFiscalYear(k.target.fiscalYear)}）`;
}

function unitJa(k: KpiResult): string {
  return k.unit === 'people' ? '人' : k.unit === 'projects' ? '件' : k.unit === 'units' ? '課' : '';
}
