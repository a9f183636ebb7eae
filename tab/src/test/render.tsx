import { FluentProvider, RendererProvider, createDOMRenderer, teamsLightTheme } from '@fluentui/react-components';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { createApi } from '../api/client';
import { ApiContext } from '../api/use-api';
import { LocaleContext, type Locale } from '../i18n';
import { createFakeApi, type FakeApi, type FakeApiOptions } from './fake-api';

/** Renders a view signed in against the fake API. */
export function renderWithApi(
  ui: ReactElement,
  options: FakeApiOptions & { locale?: Locale; refreshAll?: () => void } = {},
): RenderResult & { fake: FakeApi } {
  const fake = createFakeApi(options);
  const api = createApi({ token: async () => options.token ?? 'test-token', fetch: fake.fetch });
  const result = render(
    <WithStyles>
      <LocaleContext.Provider value={options.locale ?? 'ja'}>
        <FluentProvider theme={teamsLightTheme}>
          <ApiContext.Provider value={{ api, dataVersion: 0, refreshAll: options.refreshAll ?? (() => undefined) }}>{ui}</ApiContext.Provider>
        </FluentProvider>
      </LocaleContext.Provider>
    </WithStyles>,
  );
  return { ...result, fake };
}

/** A Griffel renderer of this test's own, so its style rules leave with it (see test/setup.ts). */
export function WithStyles({ children }: { children: ReactNode }) {
  return (
    <RendererProvider renderer={createDOMRenderer(document)} targetDocument={document}>
      {children}
    </RendererProvider>
  );
}
