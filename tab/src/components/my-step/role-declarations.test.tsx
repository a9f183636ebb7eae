import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DeclarableRole, MeView } from '../../api/types';
import { apiError } from '../../test/fake-api';
import { meStaff } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { MyStepView } from './my-step-view';

// The cookbook's DXサポーター (docs/programme-format.md): 主事・主任 in principle, 3 a 課, the section manager confirms.
const supporter: DeclarableRole = { id: 'dx-supporter', label: { ja: 'DXサポーター', en: 'DX supporter' }, confirmedBy: 'sectionManager', blocked: [], warnings: [] };
const me: MeView = { ...meStaff, declarations: { roles: 1 } };
const declaredReport = { id: '41', kind: 'role-declaration', status: 'pending' };

describe('マイステップ: 役割の申し出 (手挙げ方式)', () => {
  it('offers a role open to volunteers with who confirms it, sends the declaration with its start date, and shows a refusal at its field', async () => {
    const refreshAll = jest.fn();
    const { fake } = renderWithApi(<MyStepView me={me} />, {
      me,
      refreshAll,
      override: { 'GET /api/me/declarations': { status: 200, body: [supporter] }, 'GET /api/reports': { status: 200, body: [] } },
      replies: {
        'POST /api/me/declarations': [
          apiError(422, 'DECLARATION.INVALID', '申し出を受け付けられません', { errors: [{ field: 'date', code: 'DECLARATION.DATE_FUTURE', message: { ja: '「開始日」: 今日（2026-01-15）より後の日付は入れられません: 2026-02-01' } }] }),
          { status: 201, body: { report: declaredReport, confirmedAtOnce: false, changes: [], warnings: [], confirmerNotified: true } },
        ],
      },
    });
    const section = await screen.findByRole('region', { name: '役割の申し出' });
    expect(section).toHaveTextContent('確認する人: 所属の管理職');
    await userEvent.click(within(section).getByRole('button', { name: 'DXサポーターを申し出る' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: '開始日（空欄は今日）' }), '2026-02-01');
    await userEvent.click(within(dialog).getByRole('button', { name: '申し出る' }));
    expect(await within(dialog).findByText('「開始日」: 今日（2026-01-15）より後の日付は入れられません: 2026-02-01')).toBeInTheDocument();
    await userEvent.clear(within(dialog).getByRole('textbox', { name: '開始日（空欄は今日）' }));
    await userEvent.click(within(dialog).getByRole('button', { name: '申し出る' }));
    expect(await screen.findByText('DXサポーターを申し出ました。所属の管理職の確認を待っています。')).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ role: 'dx-supporter', date: '2026-02-01' }, { role: 'dx-supporter' }]);
    expect(refreshAll).toHaveBeenCalled();
  });

  it('says what stands in the way and offers no button then', async () => {
    const held = { ...supporter, blocked: [{ field: 'role', code: 'DECLARATION.ALREADY_HELD', message: { ja: '「役割」: すでにDXサポーターです' } }] };
    renderWithApi(<MyStepView me={me} />, { me, override: { 'GET /api/me/declarations': { status: 200, body: [held] }, 'GET /api/reports': { status: 200, body: [] } } });
    const section = await screen.findByRole('region', { name: '役割の申し出' });
    expect(section).toHaveTextContent('「役割」: すでにDXサポーターです');
    expect(within(section).getByRole('button', { name: 'DXサポーターを申し出る' })).toBeDisabled();
  });

  it('asks nothing where the programme opens no role to volunteers', async () => {
    const { fake } = renderWithApi(<MyStepView me={meStaff} />, { me: meStaff });
    await screen.findByRole('list', { name: '全職員 のステップ' });
    expect(screen.queryByRole('region', { name: '役割の申し出' })).toBeNull();
    expect(fake.calls.some((c) => c.path === '/api/me/declarations')).toBe(false);
  });
});
