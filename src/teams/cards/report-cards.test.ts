import type { ReportView } from '../../app/report-views';
import { reportChooseCard, reportFormCard } from './report-form-card';
import { reportRequestCard, reportResultCard } from './report-request-card';
import { blocksWith, executeActions, expectValidCard, textOf } from './testing/card-check';
import { reportMessages } from '../report-messages';

const TAB = 'https://teams.microsoft.com/l/entity/app/skillsteps';
const CONFIRMER = '29:confirmer';
const report = (over: Partial<ReportView> = {}): ReportView => ({
  id: '41',
  subject: { upn: 'a@city.example.jp', name: '加藤 さくら', department: '総務部', section: '人事課' },
  kind: 'course',
  kindLabel: { ja: '研修の受講', en: 'Course taken' },
  item: { id: 'bpr', label: { ja: '業務分析/BPR研修', en: 'Business analysis and BPR' } },
  date: '2026-11-10',
  hours: 6,
  note: '**太字** [リンク](https://evil.example) <at>全員</at>',
  evidence: { name: '修了証 [1].pdf', contentType: 'application/pdf', size: 20480 },
  status: 'pending',
  confirmer: { upn: 'm@city.example.jp', name: '伊藤 誠' },
  confirmedBy: 'sectionManager',
  submittedAt: '2026-11-24T01:30:00Z',
  canDecide: true,
  canWithdraw: false,
  ...over,
});
const form = {
  kinds: [
    { kind: 'course' as const, label: { ja: '研修の受講', en: 'Course taken' }, itemLabel: { ja: '研修' }, dateLabel: { ja: '受講日' }, items: [{ id: 'bpr', label: { ja: '業務分析/BPR研修' }, evidence: 'note' as const, confirmer: 'sectionManager' as const }, { id: 'change', label: { ja: '変革マネジメント研修' }, evidence: 'file' as const, confirmer: 'office' as const }] },
    { kind: 'skill' as const, label: { ja: 'スキルの自己評価', en: 'Skill self-assessment' }, itemLabel: { ja: 'スキル' }, dateLabel: { ja: '評価日' }, items: [{ id: 'data', label: { ja: 'データ活用' }, evidence: 'none' as const, confirmer: 'none' as const }] },
  ],
  files: { maxBytes: 5 * 1024 * 1024, types: ['pdf', 'png'] },
  levels: [0, 1, 2, 3].map((level) => ({ level, label: { ja: `レベル${level}` } })),
};

describe('report cards', () => {
  it('gives the confirmer the facts, what the reporter typed as plain text runs, a comment box and 承認 / 差し戻し, refreshing for them', () => {
    const card = reportRequestCard({ report: report(), confirmerUserId: CONFIRMER }, TAB);
    const r = expectValidCard(card);
    const text = textOf(r);
    for (const fact of ['報告の確認依頼', '加藤 さくら さんから研修の受講の報告です。', '業務分析/BPR研修', '2026/11/10', '伊藤 誠', '修了証 [1].pdf（20 キロバイト）']) expect(text).toContain(fact);
    // Teams reads no markdown, mention or binding in a TextRun: what was typed is shown as typed.
    expect(blocksWith(card, '**太字**')).toEqual([expect.objectContaining({ type: 'TextRun', text: report().note })]);
    expect(blocksWith(card, '修了証 [1].pdf').map((b) => b.type)).toEqual(['TextRun']);
    expect(executeActions(r, 'report.confirm').map((a) => [a.title, a.data, a.style])).toEqual([['承認', { reportId: '41' }, 'positive']]);
    expect(executeActions(r, 'report.return').map((a) => [a.title, a.data])).toEqual([['差し戻し', { reportId: '41' }]]);
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', title: '最新の状態を表示', verb: 'report.refresh', data: { reportId: '41' } }, userIds: [CONFIRMER] });
  });

  it('shows anyone else, and every copy once decided, the state without buttons; a notice when a press came too late', () => {
    const waiting = expectValidCard(reportRequestCard({ report: report({ canDecide: false }), confirmerUserId: CONFIRMER }, TAB));
    expect(textOf(waiting)).toContain('確認待ち（確認者: 伊藤 誠）');
    expect(waiting.inputs).toEqual([]);
    const done = reportRequestCard({ report: report({ status: 'returned', canDecide: true, comment: '日付を確認してください', decidedAt: '2026-11-25T02:00:00Z', decidedBy: { upn: 'm@city.example.jp', name: '伊藤 誠' } }), confirmerUserId: CONFIRMER, notice: 'notPending' }, TAB, 'en');
    const r = expectValidCard(done);
    expect(textOf(r)).toContain('This report is no longer waiting');
    expect(textOf(r)).toContain('Returned');
    expect(executeActions(r, 'report.confirm')).toEqual([]);
  });

  it('tells the reporter the decision and the step reached, or what is still missing', () => {
    const reached = textOf(
      expectValidCard(
        reportResultCard(
          { report: report({ status: 'confirmed' }), changes: [{ kind: 'stepReached', role: 'g', roleLabel: { ja: '一般行政職員' }, step: 'step2', stepLabel: { ja: 'Step2 ツール活用' }, stepNumber: 2, stepsTotal: 2 }] },
          TAB,
        ),
      ),
    );
    expect(reached).toContain('報告が確認されました');
    expect(reached).toContain('「一般行政職員」のステップ2（Step2 ツール活用）に到達しました');
    const missing = textOf(
      expectValidCard(
        reportResultCard({ report: report({ status: 'confirmed' }), changes: [{ kind: 'stillMissing', role: 'g', roleLabel: { ja: '全職員' }, step: 's', stepLabel: { ja: 'Step1' }, missing: [{ ja: '研修A' }, { ja: '研修B' }] }] }, TAB),
      ),
    );
    expect(missing).toContain('「全職員」の次のステップ（Step1）に足りないもの：研修A、研修B');
    const returned = reportResultCard({ report: report({ status: 'returned', comment: '**理由**' }), changes: [] }, TAB);
    expect(textOf(expectValidCard(returned))).toContain('報告が差し戻されました');
    expect(blocksWith(returned, '**理由**').map((b) => b.type)).toEqual(['TextRun']);
  });

  it('names a role declaration as one (手挙げ方式): who offers to take which role, not a report; and its outcome the same way', () => {
    const declaration = report({ kind: 'role-declaration', kindLabel: { ja: '役割の申し出', en: 'Role declaration' }, item: { id: 'bpr-group', label: { ja: 'BPR実践グループ（希望者）', en: 'BPR practice group' } }, hours: undefined, evidence: undefined });
    const ask = textOf(expectValidCard(reportRequestCard({ report: declaration, confirmerUserId: CONFIRMER }, TAB)));
    expect(ask).toContain('役割の申し出の確認依頼');
    expect(ask).toContain('加藤 さくら さんから「BPR実践グループ（希望者）」への申し出です。');
    for (const fact of ['申し出た人', '開始日', '2026/11/10', '申し出日時']) expect(ask).toContain(fact);
    expect(ask).not.toContain('報告');
    expect(textOf(expectValidCard(reportRequestCard({ report: declaration, confirmerUserId: CONFIRMER }, TAB, 'en')))).toContain('加藤 さくら volunteers for BPR practice group.');
    expect(textOf(expectValidCard(reportResultCard({ report: { ...declaration, status: 'confirmed' }, changes: [] }, TAB)))).toContain('役割の申し出が確認されました');
    expect(textOf(expectValidCard(reportResultCard({ report: { ...declaration, status: 'returned' }, changes: [] }, TAB)))).toContain('役割の申し出が差し戻されました');
    // The message's own summary (the notification's line) says the same.
    const messages = reportMessages(TAB);
    expect(messages.request({ report: declaration, confirmerUserId: CONFIRMER }, 'ja').summary).toBe('加藤 さくら さんから「BPR実践グループ（希望者）」への申し出です。');
    expect(messages.result({ report: { ...declaration, status: 'confirmed' }, changes: [] }, 'ja').summary).toBe('役割の申し出が確認されました');
    expect(messages.request({ report: report(), confirmerUserId: CONFIRMER }, 'ja').summary).toBe('加藤 さくら さんから研修の受講の報告です。');
  });

  it('offers the kinds, then the form of one: only what can be sent from chat, the rest to the tab', () => {
    const choose = expectValidCard(reportChooseCard(form, TAB));
    expect(executeActions(choose, 'report.start').map((a) => [a.title, a.data])).toEqual([
      ['研修の受講', { kind: 'course' }],
      ['スキルの自己評価', { kind: 'skill' }],
    ]);
    const course = reportFormCard({ form, kind: 'course', today: '2026-11-24', tabUrl: TAB, previous: { item: 'bpr', date: '2026-12-01', note: 'x' }, errors: [{ field: 'date', code: 'REPORT.DATE_FUTURE', message: { ja: '「受講日」が未来の日付です' } }] });
    const r = expectValidCard(course);
    expect(r.inputs.map((i) => i.id)).toEqual(['reportItem', 'reportDate', 'reportHours', 'reportNote']);
    expect(r.inputs[0]!.choices).toEqual([{ title: '業務分析/BPR研修', value: 'bpr' }]);
    expect(textOf(r)).toContain('「受講日」が未来の日付です');
    expect(textOf(r)).toContain('変革マネジメント研修');
    expect(r.inputs.find((i) => i.id === 'reportDate')?.value).toBe('2026-12-01');
    const skill = expectValidCard(reportFormCard({ form, kind: 'skill', today: '2026-11-24', tabUrl: TAB }, 'en'));
    expect(skill.inputs.map((i) => i.id)).toEqual(['reportItem', 'reportDate', 'reportLevel', 'reportNote']);
    expect(executeActions(skill, 'report.submit').map((a) => a.data)).toEqual([{ kind: 'skill' }]);
  });
});
