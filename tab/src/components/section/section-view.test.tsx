import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError } from '../../test/fake-api';
import { meManager, myProgress } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { SectionView } from './section-view';

// `hidden: true` skips jsdom's slow visibility check (getComputedStyle over every Fluent rule) on each poll.
const rows = (table: HTMLElement): HTMLElement[] => within(table).getAllByRole('row', { hidden: true }).slice(1);
const names = (table: HTMLElement): string[] => rows(table).map((r) => within(r).getByRole('button', { name: /さんの進捗$/, hidden: true }).textContent ?? '');

async function membersTable(): Promise<HTMLElement> {
  const table = await screen.findByRole('table', { name: '職員' });
  await waitFor(() => expect(rows(table).length).toBeGreaterThan(0));
  return table;
}

describe('所属', () => {
  it("lists the caller's section in あいうえお順 by reading (フリガナ), sorted by the server, a page at a time; who has no reading comes last, and the list says so", async () => {
    const { fake } = renderWithApi(<SectionView me={meManager} pageSize={3} />);
    const table = await membersTable();
    expect(screen.getByRole('combobox', { name: '所属' })).toHaveDisplayValue('総務部 総務課（7 人）');
    expect(screen.getByRole('combobox', { name: '並べ替え' })).toHaveDisplayValue('あいうえお順');
    expect(names(table)).toEqual(['阿部 次郎', '伊藤 美咲', '上田 健']);
    expect(rows(table)[0]).toHaveTextContent('阿部 次郎アベ ジロウ');
    expect(screen.getByRole('status')).toHaveTextContent('7 件中 3 件を表示');
    expect(screen.getByText('フリガナが未登録の 1 人は、読みのある人の後ろに並べています（職員リストの「フリガナ」に入れると、あいうえお順に入ります）。')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'さらに表示' }));
    await waitFor(() => expect(names(table)).toHaveLength(6));
    expect(names(table).slice(3)).toEqual(['江藤 翼', '小川 直子', '山田 花子']);
    await userEvent.click(screen.getByRole('button', { name: 'さらに表示' }));
    await waitFor(() => expect(names(table)).toHaveLength(7));
    expect(names(table)[6]).toBe('加藤 誠');
    expect(rows(table)[6]).toHaveTextContent('加藤 誠読み未登録');
    expect(screen.queryByRole('button', { name: 'さらに表示' })).toBeNull();
    expect(fake.log().filter((l) => l.includes('/members'))).toEqual([
      'GET /api/sections/%E7%B7%8F%E5%8B%99%E9%83%A8/%E7%B7%8F%E5%8B%99%E8%AA%B2/members?sort=name&limit=3',
      'GET /api/sections/%E7%B7%8F%E5%8B%99%E9%83%A8/%E7%B7%8F%E5%8B%99%E8%AA%B2/members?sort=name&cursor=3&limit=3',
      'GET /api/sections/%E7%B7%8F%E5%8B%99%E9%83%A8/%E7%B7%8F%E5%8B%99%E8%AA%B2/members?sort=name&cursor=6&limit=3',
    ]);
  });

  it('sorts by pending, overdue and step, and shows overdue counts', async () => {
    renderWithApi(<SectionView me={meManager} />);
    const table = await membersTable();
    const sort = screen.getByRole('combobox', { name: '並べ替え' });
    await userEvent.selectOptions(sort, '未完了の多い順');
    await waitFor(() => expect(names(table)[0]).toBe('伊藤 美咲'));
    // Ties keep the server's あいうえお順 (by reading).
    expect(names(table).slice(0, 3)).toEqual(['伊藤 美咲', '小川 直子', '山田 花子']);
    await userEvent.selectOptions(sort, '期限切れの多い順');
    await waitFor(() => expect(names(table).slice(0, 2)).toEqual(['伊藤 美咲', '山田 花子']));
    const first = rows(table)[0]!;
    expect(within(first).getByLabelText('期限切れ 2')).toBeInTheDocument();
    await userEvent.selectOptions(sort, 'ステップの低い順');
    await waitFor(() => expect(names(table)[0]).toBe('伊藤 美咲'));
    expect(rows(table)[0]).toHaveTextContent('全職員: 未着手（0/3）');
  });

  it('filters by text and by 未完了のみ', async () => {
    const { fake } = renderWithApi(<SectionView me={meManager} />);
    const table = await membersTable();
    const search = screen.getByRole('searchbox', { name: '氏名・フリガナ・UPN で絞り込み' });
    await userEvent.type(search, '山田');
    // Each search waits out the box's 250 ms pause before it asks the server.
    const slow = { timeout: 3000 };
    await waitFor(() => expect(names(table)).toEqual(['山田 花子']), slow);
    expect(fake.log()).toContain('GET /api/sections/%E7%B7%8F%E5%8B%99%E9%83%A8/%E7%B7%8F%E5%8B%99%E8%AA%B2/members?sort=name&q=%E5%B1%B1%E7%94%B0&limit=50');
    // By reading too: hiragana, katakana or half-width kana.
    for (const reading of ['おがわ', 'オガワ', 'ｵｶﾞﾜ']) {
      await userEvent.clear(search);
      await userEvent.type(search, reading);
      await waitFor(() => expect(names(table)).toEqual(['小川 直子']), slow);
    }
    await userEvent.clear(search);
    await waitFor(() => expect(names(table)).toHaveLength(7));
    await userEvent.click(screen.getByRole('switch', { name: '未完了のみ' }));
    await waitFor(() => expect(names(table)).toHaveLength(4));
    expect(names(table)).not.toContain('阿部 次郎');
  }, 15_000);

  it('sends a reminder from a row: the button waits with a spinner, then a toast says how many items went', async () => {
    const hanako = 'hanako.yamada@midori.example.jp';
    let answer!: () => void;
    const { fake } = renderWithApi(<SectionView me={meManager} />, {
      hold: { [`POST /api/people/${encodeURIComponent(hanako)}/remind`]: new Promise<void>((r) => (answer = r)) },
    });
    await membersTable();
    const remind = screen.getByRole('button', { name: '山田 花子 さんにリマインドを送る' });
    expect(remind).toHaveTextContent('リマインドを送る');
    await userEvent.click(remind);
    await waitFor(() => expect(remind).toHaveAttribute('aria-disabled', 'true'));
    expect(within(remind).getByRole('progressbar', { hidden: true })).toBeInTheDocument();
    // Another row is not held up by this one.
    expect(screen.getByRole('button', { name: '伊藤 美咲 さんにリマインドを送る' })).not.toHaveAttribute('aria-disabled');

    answer();
    expect(await screen.findByRole('listitem', { name: '山田 花子 さんにリマインドを送りました（2 件）' })).toBeInTheDocument();
    await waitFor(() => expect(remind).not.toHaveAttribute('aria-disabled'));
    expect(within(remind).queryByRole('progressbar', { hidden: true })).toBeNull();
    const post = fake.calls.find((c) => c.method === 'POST')!;
    expect([post.path, post.authorization]).toEqual([`/api/people/${encodeURIComponent(hanako)}/remind`, 'Bearer test-token']);
  });

  it('says when a reminder asked for outside the sending hours will go out', async () => {
    // 2026-11-24 00:30 (UTC) = 9:30 JST, the next window's opening.
    renderWithApi(<SectionView me={meManager} />, { remind: [{ status: 202, body: { day: '2026-11-24', items: 2, sendAt: '2026-11-24T00:30:00.000Z', scheduled: true } }] });
    await membersTable();
    await userEvent.click(screen.getByRole('button', { name: '山田 花子 さんにリマインドを送る' }));
    expect(await screen.findByRole('listitem', { name: '送信時間外のため、山田 花子 さんへのリマインド（2 件）は 2026/11/24 9:30 に送ります' })).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: /リマインドを送りました/ })).toBeNull();
  });

  it("shows the server's reason when it refuses a reminder", async () => {
    const refusal = '阿部 次郎 さんはまだ Teams で SkillSteps を追加していないため、リマインドを送れません';
    renderWithApi(<SectionView me={meManager} />, { remind: [apiError(409, 'REMINDER.NOT_INSTALLED', refusal)] });
    await membersTable();
    const remind = screen.getByRole('button', { name: '阿部 次郎 さんにリマインドを送る' });
    await userEvent.click(remind);
    const toast = await screen.findByRole('listitem', { name: '阿部 次郎 さんにリマインドを送れませんでした' });
    expect(toast).toHaveAccessibleDescription(refusal);
    expect(screen.queryByRole('listitem', { name: /リマインドを送りました/ })).toBeNull();
    // Pressable again: tomorrow, or once the person has added the app.
    expect(remind).not.toHaveAttribute('aria-disabled');
  });

  it("opens a member's progress and comes back to the list", async () => {
    const hanako = myProgress.person.upn;
    const { fake } = renderWithApi(<SectionView me={meManager} />, { people: { [hanako]: myProgress } });
    await membersTable();
    await userEvent.click(screen.getByRole('button', { name: '山田 花子 さんの進捗' }));
    expect(await screen.findByRole('heading', { name: '山田 花子（総務課・主任）' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: '全職員 のステップ' })).toBeInTheDocument();
    expect(fake.log()).toContain(`GET /api/people/${encodeURIComponent(hanako)}/progress`);
    await userEvent.click(screen.getByRole('button', { name: '一覧に戻る' }));
    expect(await screen.findByRole('table', { name: '職員' })).toBeInTheDocument();
  });

  it('starts a nomination prefilled with the member and the section', async () => {
    renderWithApi(<SectionView me={meManager} />);
    await membersTable();
    await userEvent.click(screen.getByRole('button', { name: '上田 健 さんを推薦する' }));
    const dialog = await screen.findByRole('dialog', { name: '推薦する' });
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: /推薦する人/ })).toHaveDisplayValue('上田 健（副係長）'));
    expect(within(dialog).getByRole('combobox', { name: '所属' })).toHaveDisplayValue('総務部 総務課（7 人）');
  });
});
