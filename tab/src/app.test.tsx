import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DevSignIn } from './api/types';
import { App } from './app';
import type { TeamsConnection, ThemeName } from './host/environment';
import { createFakeApi, type FakeApiOptions } from './test/fake-api';
import { fakeEnv } from './test/fake-env';
import { WithStyles } from './test/render';
import { meManager, meOffice, meStaff } from './test/fixtures';

const devSignIn: DevSignIn = {
  authorizeUrl: 'https://localhost:8443/00000000-0000-4000-8000-000000000001/oauth2/v2.0/authorize',
  clientId: 'client-1',
  scope: 'api://localhost/client-1/access_as_user',
};
const NOW = Date.UTC(2026, 0, 15, 1, 0, 0);
const signedIn = (token = 'test-token') => ({ 'skillsteps.token': JSON.stringify({ token, expiresAt: NOW + 3_600_000 }) });

function start(url: string, api: FakeApiOptions = {}, extra: { store?: Record<string, string>; teams?: TeamsConnection } = {}) {
  const fake = createFakeApi({ devSignIn, ...api });
  const env = fakeEnv({ url, api: fake, now: NOW, ...extra });
  render(
    <WithStyles>
      <App env={env} />
    </WithStyles>,
  );
  return { fake, env };
}

describe('sign-in outside Teams (dev host)', () => {
  it('sends the browser to the local tenant sign-in page with the right URL', async () => {
    const { env } = start('http://localhost:3978/tab/?lang=en&view=section');
    await waitFor(() => expect(env.navigated).toHaveLength(1));
    const url = new URL(env.navigated[0]!);
    expect(`${url.origin}${url.pathname}`).toBe(devSignIn.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      response_type: 'token',
      redirect_uri: 'http://localhost:3978/tab/',
      scope: 'api://localhost/client-1/access_as_user',
      state: 'state-1234',
    });
    expect(env.store.get('skillsteps.signIn.state')).toBe('state-1234');
    expect(env.store.get('skillsteps.signIn.search')).toBe('?lang=en&view=section');
  });

  it('reads the token from the fragment, clears it, restores the query and shows マイステップ from /api/me and /api/me/progress', async () => {
    const { env, fake } = start(
      'http://localhost:3978/tab/#access_token=test-token&token_type=Bearer&expires_in=3600&scope=api%3A%2F%2Flocalhost%2Fclient-1%2Faccess_as_user&state=state-1234',
      {},
      { store: { 'skillsteps.signIn.state': 'state-1234', 'skillsteps.signIn.search': '?lang=en' } },
    );
    expect(await screen.findByRole('region', { name: 'What to do next' })).toBeInTheDocument();
    expect(env.replaced).toEqual(['/tab/?lang=en']);
    expect(env.location.hash).toBe('');
    expect(JSON.parse(env.store.get('skillsteps.token')!)).toEqual({ token: 'test-token', expiresAt: NOW + 3_600_000 });
    await screen.findByText('山田 花子 · 総務課 · 主任');
    expect(fake.log().sort()).toEqual(['GET /api/me', 'GET /api/me/progress']);
    expect(fake.calls.every((c) => c.authorization === 'Bearer test-token')).toBe(true);
  });

  it('refuses a reply whose state does not match, and keeps no token', async () => {
    const { env } = start('http://localhost:3978/tab/#access_token=stolen&state=other', {}, { store: { 'skillsteps.signIn.state': 'state-1234' } });
    expect(await screen.findByText(/サインインの応答が正しくありません/)).toBeInTheDocument();
    expect(env.store.has('skillsteps.token')).toBe(false);
    expect(env.navigated).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'もう一度サインイン' }));
    expect(env.navigated).toHaveLength(1);
  });

  it('asks to open the tab in Teams when the server offers no dev sign-in (production)', async () => {
    start('https://skillsteps.example.jp/tab/', { devSignIn: undefined });
    expect(await screen.findByText('Teams の中で開いてください')).toBeInTheDocument();
  });

  it('asks to sign in again after a 401', async () => {
    const { env } = start('http://localhost:3978/tab/', {}, { store: signedIn('expired-token') });
    expect(await screen.findByText('サインインの有効期限が切れました。もう一度サインインしてください。')).toBeInTheDocument();
    expect(env.store.has('skillsteps.token')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'もう一度サインイン' }));
    await waitFor(() => expect(env.navigated).toHaveLength(1));
    expect(env.navigated[0]).toContain('response_type=token');
  });

  it('signs out, and signs in again only when asked', async () => {
    const { env } = start('http://localhost:3978/tab/', {}, { store: signedIn() });
    await userEvent.click(await screen.findByRole('button', { name: 'サインアウト' }));
    expect(await screen.findByText('サインアウトしました。')).toBeInTheDocument();
    expect(env.store.has('skillsteps.token')).toBe(false);
    expect(env.navigated).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'サインイン' }));
    await waitFor(() => expect(env.navigated).toHaveLength(1));
  });
});

describe('in Teams', () => {
  it('uses the SSO token, the Teams locale and theme changes, and offers no sign-out', async () => {
    let themeHandler: ((t: ThemeName) => void) | undefined;
    const teams: TeamsConnection = {
      theme: 'dark',
      locale: 'en-us',
      getToken: jest.fn(async () => 'test-token'),
      onThemeChange: (h) => {
        themeHandler = h;
      },
    };
    const { fake } = start('https://skillsteps.example.jp/tab/index.html?view=my-steps', { devSignIn: undefined }, { teams });
    expect(await screen.findByRole('region', { name: 'What to do next' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(fake.calls.map((c) => c.authorization)).toEqual(['Bearer test-token', 'Bearer test-token']);
    expect(fake.log()).not.toContain('GET /api/dev/sign-in');
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
    start('http://localhost:3978/tab/?view=programme', { me: meStaff }, { store: signedIn() });
    await screen.findByRole('region', { name: '次にすること' });
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.queryByRole('tab', { name: 'プログラム' })).toBeNull();
  });

  it('section manager: 所属 and 推薦, not プログラム, データ品質 or 運用状況', async () => {
    start('http://localhost:3978/tab/', { me: meManager }, { store: signedIn() });
    expect(await tabs(['マイステップ', '所属', '推薦'])).toEqual(['my-steps', 'section', 'nominations']);
    await userEvent.click(screen.getByRole('tab', { name: '所属' }));
    expect(await screen.findByRole('table', { name: '職員' })).toBeInTheDocument();
  });

  it('programme office: every view, プログラム loaded when opened', async () => {
    const { fake } = start('http://localhost:3978/tab/', { me: meOffice }, { store: signedIn() });
    await screen.findByRole('region', { name: '次にすること' });
    expect(await tabs(['マイステップ', '所属', 'プログラム', '推薦', 'データ品質', '運用状況'])).toEqual([
      'my-steps',
      'section',
      'programme',
      'nominations',
      'data-quality',
      'operations',
    ]);
    expect(screen.getByRole('button', { name: '今すぐ更新' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'プログラム' }));
    expect(await screen.findByRole('list', { name: '指標（KPI）' })).toBeInTheDocument();
    expect(fake.log()).toContain('GET /api/programme');
    // The lazy プログラム chunk (charts) is compiled by ts-jest on first import: seconds on a clean checkout's cold cache.
  }, 30_000);

  it('opens the view named in the URL (?view=, as the manifest does)', async () => {
    start('http://localhost:3978/tab/?view=data-quality', { me: meOffice }, { store: signedIn() });
    expect(await screen.findByRole('table', { name: 'データ品質' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'データ品質' })).toHaveAttribute('aria-selected', 'true');
  });

  it('opens 運用状況 for the office', async () => {
    const { fake } = start('http://localhost:3978/tab/?view=operations', { me: meOffice }, { store: signedIn() });
    expect(await screen.findByRole('table', { name: 'スケジュールされたジョブ' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '運用状況' })).toHaveAttribute('aria-selected', 'true');
    expect(fake.log()).toContain('GET /api/jobs');
  });

  it('keeps 運用状況 from a section manager who follows an old link', async () => {
    const { fake } = start('http://localhost:3978/tab/?view=operations', { me: meManager }, { store: signedIn() });
    expect(await screen.findByRole('region', { name: '次にすること' })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '運用状況' })).toBeNull();
    expect(fake.log()).not.toContain('GET /api/jobs');
  });
});
