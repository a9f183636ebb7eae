/**
 * The ports: the interfaces use cases depend on, one file per port. Adapters (src/sharepoint,
 * src/state, src/csv, src/teams) implement them; the composition root (src/server/main.ts) wires them.
 */
export type * from './awards';
export type * from './clock';
export type * from './conversations';
export type * from './digest-log';
export type * from './imports';
export type * from './jobs';
export type * from './list-source';
export type * from './logger';
export type * from './messenger';
export type * from './nominations';
export type * from './reminder-ledger';
export type * from './sent-cards';
export type * from './submissions';
export type * from './settings';
export type * from './sync-state';
export type * from './work-queue';
