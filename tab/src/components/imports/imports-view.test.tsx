import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ImportPreview, ImportsOverview, ImportView } from '../../api/types';
import { meOffice } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { ImportsView } from './imports-view';

const fields: ImportPreview['fields'] = [
  { field: 'Upn', label: { ja: 'UPN', en: 'UPN' }, required: true, personKeys: ['upn', 'email', 'employeeNumber'] },
  { field: 'CourseId', label: { ja: '研修ID', en: 'Course id' }, required: true },
  { field: 'CompletedOn', label: { ja: '受講日', en: 'Completed on' }, required: true },
  { field: 'Hours', label: { ja: '時間', en: 'Hours' }, required: false },
];

const overview = (imports: ImportView[] = []): ImportsOverview => ({
  lists: [
    { list: 'Completions', label: { ja: '受講記録', en: 'Completions' }, fields },
    { list: 'Staff', label: { ja: '職員', en: 'Staff' }, fields: [] },
  ],
  imports,
  maxFileBytes: 16 * 1024 * 1024,
});

const preview: ImportPreview = {
  fileName: '受講実績.csv',
  format: 'csv',
  list: 'Completions',
  listLabel: { ja: '受講記録', en: 'Completions' },
  source: '',
  headers: ['職員番号', '氏名', '講座名', '受講日'],
  sample: [['101', '山田 太郎', 'DXリテラシー研修', '2026/10/01']],
  mapping: [{ header: '職員番号', field: 'Upn', by: 'employeeNumber' }, { header: '氏名' }, { header: '講座名', field: 'CourseId' }, { header: '受講日', field: 'CompletedOn' }],
  mappingFrom: 'suggested',
  mappingProblems: [],
  fields,
  sources: ['eラーニング事業者'],
  rows: 4,
  add: 2,
  change: 1,
  unchanged: 0,
  refused: 1,
  refusedIssues: [{ list: 'Completions', row: 5, column: 'Upn', value: '999', code: 'REF.UNKNOWN_PERSON', reason: '職員リストにない職員番号です: "999"（「職員番号」列）', effect: 'rowSkipped' }],
  refusedIssuesTotal: 1,
  warnings: [],
  notes: [{ list: 'Completions', code: 'FILE.SHIFT_JIS', reason: 'Shift_JIS（Excel の「CSV (コンマ区切り)」）として読み込みました。', effect: 'note' }],
  addSamples: [{ row: 2, values: [{ field: 'Upn', value: 'yamada@city.example.jp' }, { field: 'CourseId', value: 'dx-literacy' }] }],
  changeSamples: [{ row: 3, key: 'sato@city.example.jp / dx-literacy / 2026-10-01', changes: [{ field: 'Hours', from: '2', to: '3' }] }],
};

const entry = (over: Partial<ImportView>): ImportView => ({
  id: '7',
  importId: 'imp-1',
  list: 'Completions',
  listLabel: { ja: '受講記録', en: 'Completions' },
  fileName: '受講実績.csv',
  source: '',
  byUpn: 'office@city.example.jp',
  at: '2026-11-23T01:00:00Z',
  status: 'running',
  total: 0,
  processed: 0,
  added: 0,
  changed: 0,
  unchanged: 0,
  refused: 0,
  updatedAt: '2026-11-23T01:00:00Z',
  interrupted: false,
  canUndo: false,
  ...over,
});

const csv = (): File => new File(['職員番号,氏名,講座名,受講日\r\n'], '受講実績.csv', { type: 'text/csv' });

describe('取り込み', () => {
  it('previews the chosen file with the suggested mapping, the counts and every refused row; a changed mapping is previewed again', async () => {
    const changed: ImportPreview = { ...preview, mappingFrom: 'given', mapping: [{ header: '職員番号' }, { header: '氏名' }, { header: '講座名', field: 'CourseId' }, { header: '受講日', field: 'CompletedOn' }], mappingProblems: ['必須の項目に割り当てた列がありません: UPN（Upn）'], rows: 0, add: 0, change: 0, refused: 0 };
    const { fake } = renderWithApi(<ImportsView />, {
      me: meOffice,
      replies: { 'GET /api/imports': [{ status: 200, body: overview() }], 'POST /api/imports/preview': [{ status: 200, body: preview }, { status: 200, body: changed }] },
    });
    await userEvent.upload(await screen.findByLabelText('ファイル（CSV または Excel .xlsx、16 MB まで）'), csv());

    const mapping = await screen.findByRole('table', { name: '列の対応' });
    expect(within(mapping).getAllByRole('row').slice(1).map((r) => r.querySelector('td')!.textContent)).toEqual(['職員番号', '氏名', '講座名', '受講日']);
    expect(screen.getByRole('combobox', { name: '「職員番号」の取り込み先' })).toHaveValue('Upn');
    expect(screen.getByRole('combobox', { name: '「職員番号」の職員の指定方法' })).toHaveValue('employeeNumber');
    expect(screen.getByRole('combobox', { name: '「氏名」の取り込み先' })).toHaveValue('');
    expect(screen.getByText('見出しから推定した対応です。確かめてください。')).toBeInTheDocument();

    const preview_ = screen.getByRole('region', { name: '取り込みの確認' });
    expect(within(preview_).getByText('4 行のうち')).toBeInTheDocument();
    expect(within(preview_).getByText('Shift_JIS（Excel の「CSV (コンマ区切り)」）として読み込みました。')).toBeInTheDocument();
    const refused = within(preview_).getByRole('table', { name: '取り込まない行' });
    expect(within(refused).getAllByRole('row')[1]).toHaveTextContent('5 行目Upn999職員リストにない職員番号です: "999"（「職員番号」列）');
    expect(within(preview_).getByRole('table', { name: '更新される行（最初の 1 行）' })).toHaveTextContent('Hours: 2 → 3');
    expect(screen.getByRole('button', { name: '取り込む（追加 2 行・更新 1 行）' })).toBeEnabled();
    // The file went as the body, nothing written yet.
    const sent = fake.calls.find((c) => c.path === '/api/imports/preview')!;
    expect(sent.body).toBeInstanceOf(Blob);
    expect(sent.query.get('list')).toBe('Completions');
    expect(sent.query.get('fileName')).toBe('受講実績.csv');
    expect(sent.query.get('mapping')).toBeNull();
    expect(fake.log().filter((l) => l.startsWith('POST /api/imports?'))).toEqual([]);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: '「職員番号」の取り込み先' }), '取り込まない');
    await waitFor(() => expect(fake.calls.filter((c) => c.path === '/api/imports/preview')).toHaveLength(2));
    expect(JSON.parse(fake.calls.filter((c) => c.path === '/api/imports/preview')[1]!.query.get('mapping')!)).toEqual(changed.mapping);
    expect(await screen.findByText('必須の項目に割り当てた列がありません: UPN（Upn）')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /取り込む/ })).toBeNull();
  });

  it('imports, shows the progress until it is done, and undoes it from the history after a confirmation', async () => {
    const done = entry({ status: 'done', total: 3, processed: 3, added: 2, changed: 1, refused: 1, canUndo: true });
    const refreshAll = jest.fn();
    const { fake } = renderWithApi(<ImportsView />, {
      me: meOffice,
      refreshAll,
      replies: {
        'GET /api/imports': [{ status: 200, body: overview() }, { status: 200, body: overview([done]) }],
        'POST /api/imports/preview': [{ status: 200, body: preview }],
        'POST /api/imports': [{ status: 202, body: entry({}) }],
        'GET /api/imports/7': [{ status: 200, body: entry({ total: 3, processed: 1 }) }, { status: 200, body: done }, { status: 200, body: entry({ status: 'undone', processed: 2, canUndo: false }) }],
        'POST /api/imports/7/undo': [{ status: 202, body: entry({ status: 'undoing', total: 2 }) }],
      },
    });
    await userEvent.type(await screen.findByRole('combobox', { name: '取り込み元' }), 'eラーニング事業者');
    await userEvent.upload(screen.getByLabelText('ファイル（CSV または Excel .xlsx、16 MB まで）'), csv());
    await userEvent.click(await screen.findByRole('button', { name: '取り込む（追加 2 行・更新 1 行）' }));
    const started = fake.calls.find((c) => c.method === 'POST' && c.path === '/api/imports')!;
    expect(started.query.get('source')).toBe('eラーニング事業者');
    expect(JSON.parse(started.query.get('mapping')!)).toEqual(preview.mapping);

    expect(await screen.findByText('書き込んでいます: 1 / 3 行', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(await screen.findByText('取り込みました: 追加 2・更新 1・変更なし 0・除外 1', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(refreshAll).toHaveBeenCalled();

    const history = await screen.findByRole('table', { name: '取り込み履歴' });
    expect(within(history).getAllByRole('row')[1]).toHaveTextContent('受講実績.csv');
    await userEvent.click(within(history).getByRole('button', { name: '「受講実績.csv」の取り込みを取り消す' }));
    const dialog = await screen.findByRole('dialog', { name: '取り込みを取り消しますか？' });
    // Focus goes into the dialog (its first button), as in a browser: the modal is the active one.
    expect(within(dialog).getAllByRole('button')).toContain(document.activeElement);
    expect(dialog).toHaveTextContent('追加した 2 行を削除します。更新した行は元に戻りません。');
    expect(fake.log()).not.toContain('POST /api/imports/7/undo');
    await userEvent.click(within(dialog).getByRole('button', { name: '取り消す' }));
    expect(await screen.findByText('取り消しました: 2 件を削除しました', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(fake.log()).toContain('POST /api/imports/7/undo');
  }, 15_000);

  it('refuses a file over the limit without sending it, and shows the server’s message for one it cannot read', async () => {
    const { fake } = renderWithApi(<ImportsView />, {
      me: meOffice,
      replies: {
        'GET /api/imports': [{ status: 200, body: { ...overview(), maxFileBytes: 10 } }],
        'POST /api/imports/preview': [{ status: 422, body: { error: { code: 'IMPORT.PASSWORD_PROTECTED', message: '「secret.xlsx」はパスワードで保護された Excel ブックのため読めません。' } } }],
      },
    });
    const input = await screen.findByLabelText('ファイル（CSV または Excel .xlsx、0 MB まで）');
    await userEvent.upload(input, new File(['x'.repeat(11)], 'big.csv'));
    expect(screen.getByText(/^ファイルが大きすぎます/)).toBeInTheDocument();
    expect(fake.log().filter((l) => l.startsWith('POST'))).toEqual([]);
    await userEvent.upload(input, new File(['x'], 'secret.xlsx'));
    expect(await screen.findByText('「secret.xlsx」はパスワードで保護された Excel ブックのため読めません。')).toBeInTheDocument();
  });
});
