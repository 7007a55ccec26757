/**
 * What the head-office repeat tests share (server-repeats*.test.ts): cases of
 * one customer opened on other desks days ago, and head office's flags.
 */
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { RemoteDevice } from './desk-fixtures';
import type { TestServerStore } from './server-store-fixtures';

export const DAY = 86_400_000;
export const PHONE = '13800138000';

/** A case opened on another desk of `branch` `daysAgo` days ago (its HLC then: no back-dating). */
export function remoteCase(
  phone: string,
  daysAgo: number,
  device: string,
  name = '李秀英',
  branch = 'GZ',
  category = 'banking.cards',
) {
  const at = Date.now() - daysAgo * DAY;
  const id = newId();
  const event = new RemoteDevice(device, at, branch).opened(
    id,
    Math.floor(daysAgo),
    {
      customer: { name, phone, gender: 'female', returning: true },
      category,
      receivedAt: new Date(at).toISOString(),
    },
    formatHlc(at, 0),
  );
  return { id, receivedMs: at, event };
}

/** The same-category flag of every case row of a branch at head office (review finding 12), by case id. */
export async function hqSameFlags(hq: TestServerStore, branch = 'GZ'): Promise<Record<string, number>> {
  const rows = await hq.query(
    `SELECT id, repeat_same_category AS s FROM cases WHERE branch = '${branch}' ORDER BY id`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.id), Number(r.s)]));
}

/** The repeat flag of every case row of a branch at head office, by case id. */
export async function hqFlags(hq: TestServerStore, branch = 'GZ'): Promise<Record<string, number>> {
  const rows = await hq.query(`SELECT id, repeat FROM cases WHERE branch = '${branch}' ORDER BY id`);
  return Object.fromEntries(rows.map((r) => [String(r.id), Number(r.repeat)]));
}
