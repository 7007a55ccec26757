/**
 * The `drafts` table (migration 0007): one row per (clerk, key). Every
 * statement names the clerk, so no query can reach another clerk's drafts.
 */
import type { Draft } from '../../../../shared/contract/methods/drafts';
import type { DeskDatabase } from '../../db/open';

const SQL = {
  list: 'SELECT key, body, updated_ms FROM drafts WHERE staff_id = ? ORDER BY updated_ms DESC, id DESC',
  // REPLACE gives the row a new id, so (updated_ms, id) stays the order of saving.
  put: 'INSERT OR REPLACE INTO drafts (staff_id, key, body, updated_ms) VALUES (?, ?, ?, ?)',
  prune: `DELETE FROM drafts WHERE id IN (
      SELECT id FROM drafts WHERE staff_id = ? ORDER BY updated_ms DESC, id DESC LIMIT -1 OFFSET ?)`,
  drop: 'DELETE FROM drafts WHERE staff_id = ? AND key = ?',
};

interface Row {
  key: string;
  body: string;
  updated_ms: number;
}

export function listDrafts(d: DeskDatabase, staffId: string): Draft[] {
  const rows = d.prepare(SQL.list).all(staffId) as Row[];
  return rows.map((r) => ({
    key: r.key,
    body: JSON.parse(r.body) as Draft['body'],
    updatedAt: new Date(r.updated_ms).toISOString(),
  }));
}

/** Saves (or replaces) one draft and drops the clerk's oldest beyond `keep`; returns how many were dropped. */
export function putDraft(
  d: DeskDatabase,
  staffId: string,
  key: string,
  bodyJson: string,
  nowMs: number,
  keep: number,
): number {
  d.prepare(SQL.put).run(staffId, key, bodyJson, nowMs);
  return d.prepare(SQL.prune).run(staffId, keep).changes;
}

export function dropDraft(d: DeskDatabase, staffId: string, key: string): boolean {
  return d.prepare(SQL.drop).run(staffId, key).changes > 0;
}
