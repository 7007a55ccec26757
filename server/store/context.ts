/**
 * What every feature module of the server store works with: the database,
 * its engine, and the one write path (server/store/open.ts). ServerStore
 * (./index.ts) opens it once and hands it to each feature.
 */
import type { StoreHandle } from './open';

export type StoreContext = Pick<StoreHandle, 'db' | 'engine' | 'write'>;

/**
 * Grouped database work (decision 0016): how many groups may run at once.
 * SQLite has one connection, so a second group would only wait for it;
 * PostgreSQL overlaps one group's round trips and commit with the next ones' work.
 */
export const GROUPS_IN_FLIGHT = { sqlite: 1, postgres: 3 } as const;

/** True for a unique-constraint violation on either engine. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
