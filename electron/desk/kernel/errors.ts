/** Reading unexpected errors the same way everywhere in the core. */

/** What went wrong in technical terms, for the local log (the stack when there is one). */
export function errorDetail(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** True when SQLite gave up waiting for a lock another connection holds. */
export function isDatabaseBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
