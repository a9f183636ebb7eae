import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NominationFinding } from '../../api/types';
import { apiError } from '../../test/fake-api';
import { meManager, sections } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { NominationDialog } from './nomination-dialog';
import { NominationsView } from './nominations-view';

const finding = (code: NominationFinding['code'], ja: string, en: string) => ({ code, message: { ja, en } }) satisfies NominationFinding;
const seatTaken = finding('NOMINATION.SEAT_TAKEN', '総務課の DX推進リーダーは定員（1人）に達しています', 'The DX leader seats of 総務課 are taken (1)');
const grade = finding('NOMINATION.GRADE_NOT_ELIGIBLE', '主事は DX推進リーダーに推薦できる職層ではありません', 'Grade 主事 may not be nominated as DX leader');
const transfer = finding('NOMINATION.TRANSFER_PLANNED', '伊藤 美咲 さんは異動予定です', 'Misaki Ito has a transfer planned');

async function fillIn(nominee: RegExp | string, role: string): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog', { name: '推薦する' });
  const person = within(dialog).getByRole('combobox', { name: /推薦する人/ });
  await waitFor(() => expect(within(person).getAllByRole('option').length).toBeGreaterThan(1));
  await userEvent.selectOptions(person, within(person).getByRole('option', { name: nominee }));
  await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: /役割/ }), role);
  await userEvent.type(within(dialog).getByRole('textbox', { name: '推薦の理由' }), '窓口のオンライン化を進めた');
  return dialog;
}

describe('推薦する', () => {
  it('shows every reason the server refuses a nomination (422)', async () => {
    const { fake } = renderWithApi(<NominationDialog me={meManager} sections={sections} onClose={() => undefined} />, {
      nominate: [apiError(422, 'NOMINATION.RULES', '推薦できません', { errors: [seatTaken, grade], warnings: [transfer] })],
    });
    const dialog = await fillIn(/伊藤 美咲/, 'DX推進リーダー');
    await userEvent.click(within(dialog).getByRole('button', { name: '推薦する' }));
    expect(await within(dialog).findByText('推薦できません')).toBeInTheDocument();
    expect(within(dialog).getByText(seatTaken.message.ja)).toBeInTheDocument();
    expect(within(dialog).getByText(grade.message.ja)).toBeInTheDocument();
    expect(within(dialog).getByText(transfer.message.ja)).toBeInTheDocument();
    const post = fake.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ nomineeUpn: 'misaki.ito@midori.example.jp', role: 'dx-leader', section: '総務課', reason: '窓口のオンライン化を進めた' });
    expect(post.authorization).toBe('Bearer test-token');
  });

  it('shows the English messages in English', async () => {
    renderWithApi(<NominationDialog me={meManager} sections={sections} onClose={() => undefined} />, {
      locale: 'en',
      nominate: [apiError(422, 'NOMINATION.RULES', '推薦できません', { errors: [seatTaken, grade], warnings: [] })],
    });
    const dialog = await screen.findByRole('dialog', { name: 'Nominate' });
    const person = within(dialog).getByRole('combobox', { name: /Nominee/ });
    await waitFor(() => expect(within(person).getAllByRole('option').length).toBeGreaterThan(1));
    await userEvent.selectOptions(person, within(person).getByRole('option', { name: /伊藤 美咲/ }));
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: /Role/ }), 'DX leader');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Nominate' }));
    expect(await within(dialog).findByText(seatTaken.message.en)).toBeInTheDocument();
    expect(within(dialog).getByText(grade.message.en)).toBeInTheDocument();
  });

  it('asks to confirm the warnings (409), then posts again with confirmWarnings and shows the result (201)', async () => {
    const onCreated = jest.fn();
    const { fake } = renderWithApi(<NominationDialog me={meManager} sections={sections} onClose={() => undefined} onCreated={onCreated} />, {
      nominate: [
        apiError(409, 'NOMINATION.CONFIRM', '確認が必要です', { warnings: [transfer] }),
        { status: 201, body: { id: '77', approverUpn: 'bucho@midori.example.jp', approverName: '高橋 部長', warnings: [transfer], approverNotified: true } },
      ],
    });
    const dialog = await fillIn(/伊藤 美咲/, 'DX推進員');
    await userEvent.click(within(dialog).getByRole('button', { name: '推薦する' }));
    expect(await within(dialog).findByText(transfer.message.ja)).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: '警告を確認して推薦する' }));
    expect(await within(dialog).findByText('推薦しました。承認者: 高橋 部長')).toBeInTheDocument();
    expect(within(dialog).queryByText(/チャットの依頼は届いていません/)).toBeNull();
    const posts = fake.calls.filter((c) => c.method === 'POST').map((c) => c.body as Record<string, unknown>);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.confirmWarnings).toBeUndefined();
    expect(posts[1]).toMatchObject({ nomineeUpn: 'misaki.ito@midori.example.jp', role: 'dx-promoter', confirmWarnings: true });
    expect(onCreated).toHaveBeenCalledWith({ id: '77', approverUpn: 'bucho@midori.example.jp', approverName: '高橋 部長', warnings: [transfer], approverNotified: true });
    expect(within(dialog).getByRole('button', { name: '閉じる' })).toBeInTheDocument();
  });

  it('names the approver by UPN when the Staff list has no name, and says when the chat request did not reach them', async () => {
    renderWithApi(<NominationDialog me={meManager} sections={sections} onClose={() => undefined} />, {
      nominate: [{ status: 201, body: { id: '78', approverUpn: 'dx-office@midori.example.jp', warnings: [], approverNotified: false } }],
    });
    const dialog = await fillIn(/伊藤 美咲/, 'DX推進員');
    await userEvent.click(within(dialog).getByRole('button', { name: '推薦する' }));
    expect(await within(dialog).findByText('推薦しました。承認者: dx-office@midori.example.jp')).toBeInTheDocument();
    expect(within(dialog).getByText('承認者は Teams でまだ SkillSteps を追加していないため、チャットの依頼は届いていません。')).toBeInTheDocument();
  });

  it('offers the current holders of the role as whom the nominee replaces', async () => {
    const { fake } = renderWithApi(<NominationDialog me={meManager} sections={sections} onClose={() => undefined} />);
    const dialog = await fillIn(/伊藤 美咲/, 'DX推進リーダー');
    const replaces = within(dialog).getByRole('combobox', { name: '交代する人（任意）' });
    expect(within(replaces).getAllByRole('option').map((o) => o.textContent)).toEqual(['交代なし', '上田 健']);
    await userEvent.selectOptions(replaces, '上田 健');
    await userEvent.click(within(dialog).getByRole('button', { name: '推薦する' }));
    await within(dialog).findByText(/推薦しました/);
    expect(fake.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ replacesUpn: 'ken.ueda@midori.example.jp' });
  });
});

describe('推薦', () => {
  it('lists pending and decided nominations and refreshes the pending list after a nomination', async () => {
    const { fake } = renderWithApi(<NominationsView me={meManager} />);
    const pending = await screen.findByRole('table', { name: '審査中の推薦' });
    expect(pending).toHaveTextContent('上田 健（副係長）');
    expect(pending).toHaveTextContent('DX推進リーダー');
    expect(pending).toHaveTextContent('審査中');
    const decided = await screen.findByRole('table', { name: '決定済みの推薦' });
    expect(decided).toHaveTextContent('江藤 翼');
    expect(decided).toHaveTextContent('承認');
    expect(decided).toHaveTextContent('2025/11/05');

    await userEvent.click(screen.getByRole('button', { name: '推薦する' }));
    const dialog = await fillIn(/伊藤 美咲/, 'DX推進員');
    await userEvent.click(within(dialog).getByRole('button', { name: '推薦する' }));
    await within(dialog).findByText(/推薦しました/);
    await waitFor(() => expect(fake.log().filter((l) => l === 'GET /api/nominations?status=pending')).toHaveLength(2));
    await userEvent.click(within(dialog).getByRole('button', { name: '閉じる' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
