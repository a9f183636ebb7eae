import { devHostPreferences } from './environment';
import { themeOf } from './teams-connection';

describe('theme and locale', () => {
  it("maps Teams' theme names", () => {
    expect(['default', 'dark', 'contrast', undefined].map(themeOf)).toEqual(['light', 'dark', 'contrast', 'light']);
  });

  it('takes the dev host theme and language from the URL, else the system colour scheme and Japanese', () => {
    expect(devHostPreferences('?theme=contrast&lang=en', false)).toEqual({ theme: 'contrast', locale: 'en' });
    expect(devHostPreferences('?theme=dark', false)).toEqual({ theme: 'dark', locale: 'ja' });
    expect(devHostPreferences('', true)).toEqual({ theme: 'dark', locale: 'ja' });
    expect(devHostPreferences('?theme=purple&lang=fr', false)).toEqual({ theme: 'light', locale: 'ja' });
  });
});
