/**
 * The floor under a device's day counters (meta.ts): the highest sequence a
 * feature's projection already holds for one day's number prefix. Numbers
 * continue from the log, never from a stale counter alone: a desk restored
 * from a backup or a folder copy, or a counter lost some other way, still
 * gives the next number after the highest one it has seen (docs/backups.md).
 */
import type { DeskDatabase } from '../db/open';

/**
 * The highest `<prefix><digits>` sequence in `table.number` (0 when there is
 * none). Sequences may run past 4 digits, so they are compared as numbers;
 * the range on the indexed `number` column keeps this to that day's rows.
 */
export function highestSeq(d: DeskDatabase, table: string, prefix: string): number {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const row = d
    .prepare(
      `SELECT max(CAST(substr(number, ?) AS INTEGER)) AS n FROM ${table} WHERE number >= ? AND number < ?`,
    )
    .get(prefix.length + 1, prefix, `${prefix}:`) as { n: number | null } | undefined;
  const n = Number(row?.n ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
