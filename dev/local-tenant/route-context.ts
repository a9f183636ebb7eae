import type { DeltaTokens } from './delta-tokens';
import type { SiteStore } from './site-store';

/** What the Graph routes share: the site's data, where the tenant is served, and the delta token book. */
export interface RouteContext {
  store: SiteStore;
  /** https://localhost:PORT — nextLinks and deltaLinks start here. */
  baseUrl: string;
  /** https://localhost:PORT/sites/skillsteps */
  siteUrl: string;
  delta: DeltaTokens;
  /** The current instant as Graph writes timestamps (to the second, Z). */
  now(): string;
}

/** An instant as Graph writes timestamps: 2024-04-01T00:00:00Z. */
export function graphNow(): string {
  return new Date().toISOString().slice(0, 19) + 'Z';
}
