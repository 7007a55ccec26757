/**
 * Repeat complaints at head office (issue 12 item 4; docs/first-contact-resolution.md,
 * "Head office"): the same rule and the same shared code as the desk
 * (electron/desk/features/cases/repeats.ts), per branch.
 *
 * - `customers_index` (migration 0011): per case, the entry of
 *   shared/domain/caseJudgement.ts (customer key, receipt, the repeat window
 *   in force at that receipt), with its branch;
 * - `cases.repeat`: whether an earlier case of the same customer of the same
 *   branch lies within the case's window (shared/domain/cases/repeat.ts
 *   `isEarlier`, `withinWindow`); `cases.repeat_same_category` (migration
 *   0013): whether one of those has the case's category (`sameCategory`).
 *
 * A case's flag depends on the other cases of its customer, not on the order
 * they arrived in: whenever a case's entry changes (a new case, an earlier
 * case synced in after a later one, a receipt re-judged, a settings change
 * of its window), every case of the same key from that receipt to the largest
 * window after it is judged again, the case itself included. The judgement
 * sorts the key's entries in the repeat rule's order: a case is a repeat when
 * its immediate predecessor lies within its window (the predecessor is the
 * latest earlier case, so if it is outside the window every earlier one is).
 *
 * On PostgreSQL two pushes of one branch could each add a case of the same
 * customer and miss the other's: a push with a `case.opened` (the only event
 * that sets a case's customer and receipt) locks `customersLockName(branch)`
 * exclusively (server/store/cases.ts). Staff and settings changes that
 * re-judge a receipt or a window hold the branch's staff or settings lock
 * exclusively, which every case push holds shared.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import { customerIndexEntry } from '../../shared/domain/caseJudgement';
import { DAY_MS, isEarlier, MAX_REPEAT_WINDOW_DAYS, withinWindow } from '../../shared/domain/cases/repeat';
import type { CaseState } from '../../shared/domain/cases/state';
import type { SettingsAt } from '../../shared/domain/deadlines/caseDeadlines';
import { setRepeatFacts } from './caseFacts';
import { chunks } from './projectors';
import type { CustomersIndexTable, ServerDB } from './schema';

/** The lock serialising the pushes of a branch that add cases to its customer index. */
export function customersLockName(branch: string): string {
  return `customers@${branch}`;
}

const MAX_WINDOW_MS = MAX_REPEAT_WINDOW_DAYS * DAY_MS;

type Entry = CustomersIndexTable;

/** A stored entry with its numbers as numbers (PostgreSQL answers BIGINT as text). */
const entryOf = (r: Entry): Entry => ({
  ...r,
  received_ms: Number(r.received_ms),
  window_days: Number(r.window_days),
});

const sameEntry = (a: Entry, b: Entry): boolean =>
  a.branch === b.branch &&
  a.phone_norm === b.phone_norm &&
  a.name_norm === b.name_norm &&
  a.received_ms === b.received_ms &&
  a.window_days === b.window_days &&
  a.category === b.category;

/** One customer of one branch: a phone key, or a name with no phone. */
interface Key {
  branch: string;
  byPhone: boolean;
  value: string;
  /** Receipts whose later cases may have changed their flag. */
  from: number[];
}

const keyName = (e: Entry) =>
  JSON.stringify([e.branch, e.phone_norm, e.phone_norm === '' ? e.name_norm : '']);

/**
 * The entries of one customer of a branch received in [lo, hi]: a range of
 * one partial index (migration 0011), whose condition is written as a literal
 * so that a planner sees it whatever the bound values (PostgreSQL's generic
 * plans too); exported for the query-plan test.
 */
export function customerEntries(
  db: Kysely<ServerDB>,
  k: Pick<Key, 'branch' | 'byPhone' | 'value'>,
  lo: number,
  hi: number,
) {
  return db
    .selectFrom('customers_index')
    .selectAll()
    .where('branch', '=', k.branch)
    .where(k.byPhone ? 'phone_norm' : 'name_norm', '=', k.value)
    .where(k.byPhone ? sql<SqlBool>`phone_norm <> ''` : sql<SqlBool>`phone_norm = ''`)
    .where('received_ms', '>=', lo)
    .where('received_ms', '<=', hi);
}

/** The entries of a key received in [lo, hi], in the repeat rule's order (earliest first). */
async function entriesOf(tx: Kysely<ServerDB>, k: Key, lo: number, hi: number): Promise<Entry[]> {
  const rows = await customerEntries(tx, k, lo, hi).execute();
  const id = (e: Entry) => ({ id: e.case_id, receivedMs: e.received_ms });
  return rows.map(entryOf).sort((a, b) => (isEarlier(id(a), id(b)) ? -1 : 1));
}

/**
 * After the rows of `states` are written: keeps their index entries, and
 * judges again the flag of every case an entry change can reach.
 * `settingsAt(branch)` gives a branch's settings in force at an instant.
 */
export async function writeRepeats(
  tx: Kysely<ServerDB>,
  states: readonly CaseState[],
  settingsAt: (branch: string) => SettingsAt,
): Promise<void> {
  const next = new Map<string, Entry | null>();
  for (const s of states) {
    const e = customerIndexEntry(s, settingsAt(s.branch));
    next.set(
      s.id,
      e === null
        ? null
        : {
            case_id: s.id,
            branch: s.branch,
            phone_norm: e.phoneNorm,
            name_norm: e.nameNorm,
            received_ms: e.receivedMs,
            window_days: e.windowDays,
            category: e.category,
          },
    );
  }
  const old = new Map<string, Entry>();
  for (const part of chunks([...next.keys()])) {
    const rows = await tx.selectFrom('customers_index').selectAll().where('case_id', 'in', part).execute();
    for (const r of rows) old.set(r.case_id, entryOf(r));
  }

  const keys = new Map<string, Key>();
  const touch = (e: Entry) => {
    const name = keyName(e);
    const k = keys.get(name) ?? {
      branch: e.branch,
      byPhone: e.phone_norm !== '',
      value: e.phone_norm !== '' ? e.phone_norm : e.name_norm,
      from: [],
    };
    k.from.push(e.received_ms);
    keys.set(name, k);
  };
  const upserts: Entry[] = [];
  const removed: string[] = [];
  for (const [id, e] of next) {
    const o = old.get(id);
    if (o !== undefined && e !== null && sameEntry(o, e)) continue;
    if (o !== undefined) touch(o);
    if (e !== null) {
      touch(e);
      upserts.push(e);
    } else if (o !== undefined) removed.push(id);
  }
  if (keys.size === 0) return;

  for (const part of chunks(removed))
    await tx.deleteFrom('customers_index').where('case_id', 'in', part).execute();
  for (const part of chunks(upserts, 100)) {
    await tx
      .insertInto('customers_index')
      .values(part)
      .onConflict((oc) =>
        oc.column('case_id').doUpdateSet((eb) => ({
          branch: eb.ref('excluded.branch'),
          phone_norm: eb.ref('excluded.phone_norm'),
          name_norm: eb.ref('excluded.name_norm'),
          received_ms: eb.ref('excluded.received_ms'),
          window_days: eb.ref('excluded.window_days'),
          category: eb.ref('excluded.category'),
        })),
      )
      .execute();
  }

  // The flags: a case without a key is no repeat; each key's cases from its earliest touched receipt on.
  // A flag: 0 no repeat, 1 a repeat, 2 a repeat with an earlier case of the same category in the window.
  const flags = new Map<string, 0 | 1 | 2>(removed.map((id) => [id, 0]));
  for (const id of next.keys()) if (next.get(id) === null) flags.set(id, 0);
  for (const k of keys.values()) {
    const from = Math.min(...k.from);
    const to = Math.max(...k.from) + MAX_WINDOW_MS;
    const list = await entriesOf(tx, k, from - MAX_WINDOW_MS, to);
    const at = (e: Entry) => ({ id: e.case_id, receivedMs: e.received_ms });
    list.forEach((b, i) => {
      if (b.received_ms < from) return; // before every change: its flag cannot have moved
      let flag: 0 | 1 | 2 = 0;
      // The earlier cases within b's window are the predecessors back to the first outside it.
      for (let j = i - 1; j >= 0; j--) {
        const a = list[j];
        if (a === undefined || !withinWindow(at(a), at(b), b.window_days)) break;
        flag = 1;
        if (a.category === b.category) {
          flag = 2;
          break;
        }
      }
      flags.set(b.case_id, flag);
    });
  }
  for (const flag of [2, 1, 0] as const) {
    const repeat = flag === 0 ? 0 : 1;
    const same = flag === 2 ? 1 : 0;
    const ids = [...flags].filter(([, f]) => f === flag).map(([id]) => id);
    for (const part of chunks(ids)) {
      await tx
        .updateTable('cases')
        .set({ repeat, repeat_same_category: same })
        .where('id', 'in', part)
        .where((eb) => eb.or([eb('repeat', '<>', repeat), eb('repeat_same_category', '<>', same)]))
        .execute();
    }
    // Issue 14: the facts rows of cases not in this write follow their case row (./caseFacts.ts).
    await setRepeatFacts(tx, ids, repeat);
  }
}

/** Deletes every index entry (a rebuild writes them again). */
export async function clearCustomers(tx: Kysely<ServerDB>): Promise<void> {
  await tx.deleteFrom('customers_index').execute();
}
