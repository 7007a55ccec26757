/**
 * Head-office projections, kept in the same transaction as the events they
 * come from (store/events.ts):
 *
 * - `cases`: one row per case, the CaseState folded with shared/domain/cases/fold
 *   (the same fold every desk runs), plus columns for the list filters;
 * - `staff`: id → name of every `staff.created`, for owner names.
 *
 * Events are applied incrementally when they all sort after the case's last
 * applied event; otherwise (late or out-of-order arrivals, events that came
 * before their `case.opened`) the case is folded again from the log. Unknown
 * event types and newer schema versions are stored raw and skipped by the
 * fold; `rebuildProjections` folds everything again after an upgrade.
 */
import type { Kysely } from 'kysely';
import type { CaseState } from '../../shared/domain/cases/state';
import { CASE_PROJECTION_VERSION, caseStateColumns } from '../../shared/domain/cases/row';
import {
  CURRENT_EVENT_SCHEMA,
  streamId,
  streamKind,
  STORED_EVENT_COLUMNS,
  envelopeFromStored,
  type EventEnvelope,
} from '../../shared/domain/kernel/envelope';
import { EVENT_PAYLOADS, isFoldable } from '../../shared/domain/events';
import { StaffCreatedPayload } from '../../shared/domain/staff/payloads';
import { applyCaseEvent, foldCase } from '../../shared/domain/cases/fold';
import { compareEvents, compareFoldKeys, foldKey } from '../../shared/domain/kernel/foldKey';
import type { CasesTable, ServerDB } from './schema';

/** Identifies what this build's fold understands; a change triggers a rebuild at start-up. */
export const FOLD_SIGNATURE = JSON.stringify({
  schema: CURRENT_EVENT_SCHEMA,
  types: Object.keys(EVENT_PAYLOADS).sort(),
  v: 1,
  // The row mapping and search text, shared with the desk (shared/domain/cases/row.ts).
  row: CASE_PROJECTION_VERSION,
});
const FOLD_META_KEY = 'projection.fold';

const CHUNK = 200;

/** Splits a list into parts of at most `size` (statement parameter limits). */
export function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * The head-office row of a case: the columns the desk has too (shared
 * mapping, same search text), where it was recorded, and the HLCs its times
 * are read from (server/store/admin.ts).
 */
export function caseRow(s: CaseState, now: number): CasesTable {
  return {
    ...caseStateColumns(s),
    id: s.id,
    branch: s.branch,
    device: s.device,
    opened_hlc: s.openedHlc,
    last_hlc: s.lastHlc,
    closed_hlc: s.closedHlc,
    state: JSON.stringify(s),
    updated_at: now,
  };
}

async function readStreams(
  tx: Kysely<ServerDB>,
  streams: readonly string[],
): Promise<Map<string, EventEnvelope[]>> {
  const out = new Map<string, EventEnvelope[]>();
  for (const part of chunks(streams)) {
    const rows = await tx
      .selectFrom('events')
      .select(STORED_EVENT_COLUMNS)
      .where('stream', 'in', part)
      .execute();
    for (const r of rows) {
      const list = out.get(r.stream) ?? [];
      list.push(envelopeFromStored(r));
      out.set(r.stream, list);
    }
  }
  return out;
}

/** Inserts or replaces case rows, many per statement (22 parameters a row). */
async function upsertCases(tx: Kysely<ServerDB>, rows: readonly CasesTable[]): Promise<void> {
  for (const part of chunks(rows, 100)) {
    await tx
      .insertInto('cases')
      .values(part)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          branch: eb.ref('excluded.branch'),
          device: eb.ref('excluded.device'),
          number: eb.ref('excluded.number'),
          status: eb.ref('excluded.status'),
          current_step: eb.ref('excluded.current_step'),
          category: eb.ref('excluded.category'),
          severity: eb.ref('excluded.severity'),
          owner: eb.ref('excluded.owner'),
          assignee: eb.ref('excluded.assignee'),
          channel: eb.ref('excluded.channel'),
          customer_name: eb.ref('excluded.customer_name'),
          customer_phone: eb.ref('excluded.customer_phone'),
          received_at: eb.ref('excluded.received_at'),
          opened_hlc: eb.ref('excluded.opened_hlc'),
          last_hlc: eb.ref('excluded.last_hlc'),
          closed_hlc: eb.ref('excluded.closed_hlc'),
          due_at: eb.ref('excluded.due_at'),
          search_text: eb.ref('excluded.search_text'),
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/**
 * Folds new events into the projections. `events` are about to be inserted
 * in this transaction and are not in the log yet (the push folds first and
 * takes the sequencer only for the insert); a re-fold reads the stream's log
 * and adds them. The caller holds the streams' locks (`lockStreams`), so the
 * rows read here cannot change before COMMIT.
 */
export async function applyToProjections(
  tx: Kysely<ServerDB>,
  events: readonly EventEnvelope[],
  now: number,
): Promise<void> {
  const byCase = new Map<string, EventEnvelope[]>();
  const staffEvents: EventEnvelope[] = [];
  for (const e of events) {
    const kind = streamKind(e.stream);
    if (kind === 'case') {
      const list = byCase.get(e.stream) ?? [];
      list.push(e);
      byCase.set(e.stream, list);
    } else if (kind === 'staff' && e.type === 'staff.created') {
      staffEvents.push(e);
    }
  }

  if (byCase.size > 0) {
    const streams = [...byCase.keys()];
    const current = new Map<string, CaseState>();
    for (const part of chunks(streams.map(streamId))) {
      const rows = await tx.selectFrom('cases').select(['id', 'state']).where('id', 'in', part).execute();
      for (const r of rows) current.set(r.id, JSON.parse(r.state) as CaseState);
    }

    const refold: string[] = [];
    const rows: CasesTable[] = [];
    for (const [stream, fresh] of byCase) {
      const state = current.get(streamId(stream));
      const sorted = [...fresh].sort(compareEvents);
      const first = sorted[0];
      if (state && first && compareFoldKeys(foldKey(first), state.lastKey) > 0) {
        let next: CaseState = state;
        for (const e of sorted) next = applyCaseEvent(next, e) ?? next;
        rows.push(caseRow(next, now));
      } else {
        refold.push(stream);
      }
    }

    if (refold.length > 0) {
      const logs = await readStreams(tx, refold);
      for (const stream of refold) {
        const state = foldCase([...(logs.get(stream) ?? []), ...(byCase.get(stream) ?? [])]);
        if (state) rows.push(caseRow(state, now));
      }
    }
    await upsertCases(tx, rows);
  }

  for (const e of staffEvents) await applyStaff(tx, e);
}

async function applyStaff(tx: Kysely<ServerDB>, e: EventEnvelope): Promise<void> {
  if (!isFoldable(e) || e.type !== 'staff.created') return;
  const p = StaffCreatedPayload.safeParse(e.payload);
  if (!p.success) return;
  const id = streamId(e.stream);
  const key = foldKey(e);
  const existing = await tx.selectFrom('staff').select('created_key').where('id', '=', id).executeTakeFirst();
  if (existing && compareFoldKeys(existing.created_key, key) <= 0) return;
  const row = {
    id,
    branch: e.branch,
    name: p.data.name,
    login: p.data.login,
    role: p.data.role,
    created_key: key,
  };
  if (existing) await tx.updateTable('staff').set(row).where('id', '=', id).execute();
  else await tx.insertInto('staff').values(row).execute();
}

/**
 * Drops and re-folds every projection from the log (after an upgrade that
 * taught the fold new event types). Runs inside the caller's transaction.
 */
export async function rebuildProjections(tx: Kysely<ServerDB>, now: number): Promise<number> {
  await tx.deleteFrom('cases').execute();
  await tx.deleteFrom('staff').execute();
  const streams = await tx
    .selectFrom('events')
    .select('stream')
    .distinct()
    .where('stream', 'like', 'case:%')
    .execute();
  let n = 0;
  for (const part of chunks(streams.map((r) => r.stream))) {
    const logs = await readStreams(tx, part);
    const rows: CasesTable[] = [];
    for (const stream of part) {
      const state = foldCase(logs.get(stream) ?? []);
      if (state) rows.push(caseRow(state, now));
    }
    await upsertCases(tx, rows);
    n += rows.length;
  }
  const staff = await tx
    .selectFrom('events')
    .select(STORED_EVENT_COLUMNS)
    .where('type', '=', 'staff.created')
    .execute();
  for (const r of staff) await applyStaff(tx, envelopeFromStored(r));
  await tx
    .insertInto('meta')
    .values({ key: FOLD_META_KEY, value: FOLD_SIGNATURE })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: FOLD_SIGNATURE }))
    .execute();
  return n;
}

/** True when the projections were folded by a build with another fold signature (or never). */
export async function projectionsStale(db: Kysely<ServerDB>): Promise<boolean> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', FOLD_META_KEY).executeTakeFirst();
  return row?.value !== FOLD_SIGNATURE;
}
