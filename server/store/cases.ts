/**
 * The case feature at head office: one `cases` row per case, the CaseState
 * folded with shared/domain/cases/fold (the same fold every desk runs), plus
 * the columns the admin list filters on, with the desk's row mapping and
 * search text (shared/domain/cases/row.ts).
 *
 * Events are applied incrementally when they all sort after the case's last
 * applied event; otherwise (late or out-of-order arrivals, events that came
 * before their `case.opened`) the case is folded again from the log.
 */
import type { Kysely } from 'kysely';
import { applyCaseEvent, CASE_STREAM, foldCase } from '../../shared/domain/cases/fold';
import { CASE_PROJECTION_VERSION, caseStateColumns } from '../../shared/domain/cases/row';
import { stateJson, type CaseState } from '../../shared/domain/cases/state';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  streamId,
  type EventEnvelope,
} from '../../shared/domain/kernel/envelope';
import { compareEvents, compareFoldKeys, foldKey } from '../../shared/domain/kernel/foldKey';
import { chunks, type ServerProjector } from './projectors';
import type { CasesTable, ServerDB } from './schema';

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
    state: stateJson(s),
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

/** Folds new case events (not in the log yet) into their rows; re-folds a stream from its log when needed. */
async function applyCases(
  tx: Kysely<ServerDB>,
  events: readonly EventEnvelope[],
  now: number,
): Promise<void> {
  const byCase = new Map<string, EventEnvelope[]>();
  for (const e of events) {
    const list = byCase.get(e.stream) ?? [];
    list.push(e);
    byCase.set(e.stream, list);
  }
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

/** Folds every case stream of the log again; returns the number of case rows. */
async function rebuildCases(tx: Kysely<ServerDB>, now: number): Promise<number> {
  const streams = await tx
    .selectFrom('events')
    .select('stream')
    .distinct()
    .where('stream', 'like', `${CASE_STREAM}:%`)
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
  return n;
}

export const caseProjector: ServerProjector = {
  kind: CASE_STREAM,
  version: CASE_PROJECTION_VERSION,
  apply: applyCases,
  clear: async (tx) => {
    await tx.deleteFrom('cases').execute();
  },
  rebuild: rebuildCases,
};
