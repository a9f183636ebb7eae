import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DevSignIn } from './api/types';
import { App } from './app';
import type { TeamsConnection, ThemeName } from './host/environment';
import { createFakeApi, type FakeApiOptions } from './test/fake-api';
import { fakeEnv, type FakeBrowserOptions } from './test/fake-env';
import { WithStyles } from './test/render';
import { meManager, meOffice, meStaff } from './test/fixtures';

const devSignIn: DevSignIn = {
  authorizeUrl: 'https://localhost:8443/00000000-0000-4000-8000-000000000001/oauth2/v2.0/authorize',
  clientId: 'client-1',
  scope: 'api://localhost/client-1/access_as_user',
};
const signedIn = { resume: { kind: 'signedIn' } } as const;

function start(url: string, api: FakeApiOptions = {}, extra: { store?: Record<string, string>; teams?: TeamsConnection; browser?: FakeBrowserOptions } = {}) {
  const fake = createFakeApi({ devSignIn, ...api });
  const env = fakeEnv({ url, api: fake, ...extra });
  render(
    <WithStyles>
      <App env={env} />
    </WithStyles>,
  );
  return { fake, env };
}

describe('sign-in outside Teams (dev host, MSAL.js against the local tenant)', () => {
  it("starts MSAL's sign-in with the server's settings when nobody is signed in", async () => {
    const { env } = start('http://localhost:3978/tab/?lang=en&view=section');
    await waitFor(() => expect(env.browser.calls).toEqual(['resume', 'signIn']));
    expect(env.browser.settings).toEqual(devSignIn);
    expect(await screen.findByText('Going to the sign-in page…')).toBeInTheDocument();
  });

  it('shows マイステップ from /api/me and /api/me/progress with the token of a completed sign-in', async () => {
    const { env, fake } = start('http://localhost:3978/tab/?lang=en', {}, { browser: signedIn, store: { 'skillsteps.signedOut': '1' } });
    expect(await screen.findByRole('region', { name: 'What to do next' })).toBeInTheDocument();
    await screen.findByText('山田 花子 · 総務課 · 主任');
    expect(fake.log().sort()).toEqual(['GET /api/dev/sign-in', 'GET /api/me', 'GET /api/me/progress']);
    expect(fake.calls.filter((c) => c.path !== '/api/dev/sign-in').every((c) => c.authorization === 'Bearer test-token')).toBe(true);
    expect(env.browser.calls).not.toContain('signIn');
    // Signing in again clears an earlier sign-out.
    expect(env.store.has('skillsteps.signedOut')).toBe(false);
  });

  it('says so when the sign-in reply was refused, and signs in again only when asked', async () => {
    const { env } = start('http://localhost:3978/tab/', {}, { browser: { resume: { kind: 'refused', detail: 'state_mismatch: …' } } });
    expect(await screen.findByText(/サインインの応答が正しくありません/)).toBeInTheDocument();
    expect(env.browser.calls).toEqual(['resume']);
    await userEvent.click(screen.getByRole('button', { name: 'もう一度サインイン' }));
    expect(env.browser.calls).toEqual(['resume', 'signIn']);
  });

  it('stays signed out when the person cancelled on the sign-in page', async () => {
    const { env } = start('http://localhost:3978/tab/', {}, { browser: { resume: { kind: 'cancelled' } } });
    expect(await screen.findByText('サインアウトしました。')).toBeInTheDocument();
    expect(env.browser.calls).toEqual(['resume']);
  });

  it('asks to open the tab in Teams when the server offers no dev sign-in (production)', async () => {
    const { env } = start('https://skillsteps.example.jp/tab/', { devSignIn: undefined });
    expect(await screen.findByText('Teams の中で開いてください')).toBeInTheDocument();
    expect(env.browser.calls).toEqual([]);
  });

  it('asks to sign in again after a 401, forgetting what MSAL held', async () => {
    const { env } = start('http://localhost:3978/tab/', {}, { browser: { ...signedIn, token: 'expired-token' } });
    expect(await screen.findByText('サインインの有効期限が切れました。もう一度サインインしてください。')).toBeInTheDocument();
    expect(env.browser.calls).toContain('signOut');
    await userEvent.click(screen.getByRole('button', { name: 'もう一度サインイン' }));
    expect(env.browser.calls.at(-1)).toBe('signIn');
  });

  it('asks to sign in again when MSAL can no longer renew the token (refresh token expired)', async () => {
    const { fake } = start('http://localhost:3978/tab/', {}, { browser: { ...signedIn, expired: true } });
    expect(await screen.findByText('サインインの有効期限が切れました。もう一度サインインしてください。')).toBeInTheDocument();
    // Nothing was sent without a token.
    expect(fake.log()).toEqual(['GET /api/dev/sign-in']);
  });

  it('signs out, stays signed out after a reload, and signs in again only when asked', async () => {
    const { env } = start('http://localhost:3978/tab/', {}, { browser: signedIn });
    await userEvent.click(await screen.findByRole('button', { name: 'サインアウト' }));
    expect(await screen.findByText('サインアウトしました。')).toBeInTheDocument();
    expect(env.browser.calls.at(-1)).toBe('signOut');
    expect(env.store.get('skillsteps.signedOut')).toBe('1');
    await userEvent.click(screen.getByRole('button', { name: 'サインイン' }));
    await waitFor(() => expect(env.browser.calls.at(-1)).toBe('signIn'));
  });

  it('after a sign-out, a reload shows サインイン instead of leaving for the sign-in page', async () => {
    const { env } = start('http://localhost:3978/tab/', {}, { store: { 'skillsteps.signedOut': '1' } });
    expect(await screen.findByRole('button', { name: 'サインイン' })).toBeInTheDocument();
    expect(env.browser.calls).toEqual(['resume']);
  });
});

describe('in Teams', () => {
  it('uses the Teams token, the Teams locale and theme changes, and offers no sign-out', async () => {
    let themeHandler: ((t: ThemeName) => void) | undefined;
    const teams: TeamsConnection = {
      theme: 'dark',
      locale: 'en-us',
      getToken: jest.fn(async () => 'test-token'),
      onThemeChange: (h) => {
        themeHandler = h;
      },
    };
    const { fake, env } = start('https://skillsteps.example.jp/tab/index.html?view=my-steps', { devSignIn: undefined }, { teams });
    expect(await screen.findByRole('region', { name: 'What to do next' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(fake.calls.map((c) => c.authorization)).toEqual(['Bearer test-token', 'Bearer test-token']);
    expect(fake.log()).not.toContain('GET /api/dev/sign-in');
    expect(env.browser.calls).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(themeHandler).toBeDefined();
  });

  it('says so when single sign-on fails', async () => {
    const teams: TeamsConnection = { theme: 'default' as ThemeName, locale: 'ja-jp', getToken: async () => Promise.reject(new Error('resourceRequiresConsent')), onThemeChange: () => undefined };
    start('https://skillsteps.example.jp/tab/', { devSignIn: undefined }, { teams });
    expect(await screen.findByText('Teams のシングルサインオンに失敗しました: resourceRequiresConsent')).toBeInTheDocument();
  });
});

describe('navigation shows only what the caller may use', () => {
  /** The tabs in order (by the view each opens); each also found by its accessible name. */
  const tabs = async (names: string[]): Promise<string[]> => {
    const list = await screen.findByRole('tablist');
    for (const name of names) expect(within(list).getByRole('tab', { name })).toBeInTheDocument();
    return within(list)
      .getAllByRole('tab')
      .map((t) => t.getAttribute('data-view') ?? '');
  };

  it('staff: マイステップ only, no navigation', async () => {
    start('http://localhost:3978/tab/?view=programme', { me: meStaff }, { browser: signedIn });
    await screen.findByRole('region', { name: '次にすること' });
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.queryByRole('tab', { name: 'プログラム' })).toBeNull();
  });

  it('section manager: 所属 and 推薦, not プログラム, データ品質 or 運用状況', async () => {
    start('http://localhost:3978/tab/', { me: meManager }, { browser: signedIn });
    expect(await tabs(['マイステップ', '所属', '推薦'])).toEqual(['my-steps', 'section', 'nominations']);
    await userEvent.click(screen.getByRole('tab', { name: '所属' }));
    expect(await screen.findByRole('table', { name: '職員' })).toBeInTheDocument();
  });

  it('programme office: every view, プログラム loaded when opened', async () => {
    const { fake } = start('http://localhost:3978/tab/', { me: meOffice }, { browser: signedIn });
    await screen.findByRole('region', { name: '次にすること' });
    expect(await tabs(['マイステップ', '所属', 'プログラム', '年度末点検', 'フォローアップ', '推薦', 'データ品質', '取り込み', '年度の設定', '運用状況'])).toEqual([
      'my-steps',
      'section',
      'programme',
      'year-end',
      'follow-up',
      'nominations',
      'data-quality',
      'imports',
      'year-settings',
      'operations',
    ]);
    expect(screen.getByRole('button', { name: '今すぐ更新' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'プログラム' }));
    expect(await screen.findByRole('list', { name: '指標（KPI）' })).toBeInTheDocument();
    expect(fake.log()).toContain('GET /api/programme');
    // The lazy プログラム chunk (charts) is compiled by ts-jest on first import: seconds on a clean checkout's cold cache.
  }, 30_000);

  it('opens the view named in the URL (?view=, as the manifest does)', async () => {
    start('http://localhost:3978/tab/?view=data-quality', { me: meOffice }, { browser: signedIn });
    expect(await screen.findByRole('table', { name: 'データ品質' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'データ品質' })).toHaveAttribute('aria-selected', 'true');
  });

  it('opens 運用状況 for the office', async () => {
    const { fake } = start('http://localhost:3978/tab/?view=operations', { me: meOffice }, { browser: signedIn });
    expect(await screen.findByRole('table', { name: 'スケジュールされたジョブ' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '運用状況' })).toHaveAttribute('aria-selected', 'true');
    expect(fake.log()).toContain('GET /api/jobs');
  });

  it('keeps 運用状況 from a section manager who follows an old link', async () => {
    const { fake } = start('http://localhost:3978/tab/?view=operations', { me: meManager }, { browser: signedIn });
    expect(await screen.findByRole('region', { name: '次にすること' })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '運用状況' })).toBeNull();
    expect(fake.log()).not.toContain('GET /api/jobs');
  });
});
