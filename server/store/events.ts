/**
 * Push and pull: the server side of the event log (docs/protocol.md).
 *
 * Push checks every event on its own (one bad event never blocks the rest),
 * then stores the good ones, their projections and the device's counters in
 * ONE transaction. Each event is answered with an ack: accepted, duplicate
 * (same id, same hash: already here) or rejected with a machine-readable
 * reason.
 *
 * Order inside the push transaction: lock the batch's streams (PostgreSQL,
 * so two pushes never fold the same case at once), look up what is already
 * stored, fold the new events into the projections, and only then take the
 * sequencer (store/open.ts) for `MAX(server_seq)+1, …`, the insert and the
 * device's counters up to COMMIT. The SQLite store has one writer; on
 * PostgreSQL the transaction-level advisory lock makes the order of seq
 * assignment the order of commits. So once a reader has seen seq n, no
 * transaction can still commit a seq below n, and `server_seq > cursor` never
 * skips an event. Holding the sequencer for 4 round trips instead of the whole
 * transaction is what lets many desks push at once.
 */
import { hash as oneShotHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SYNC_LIMITS, type PushAck } from '../../shared/contract/sync';
import { STORED_EVENT_COLUMNS, checkEnvelope, type EventEnvelope } from '../../shared/domain/events';
import { eventContentProblem } from '../../shared/domain/fold';
import { verifyEventHash, type Sha256Hex } from '../../shared/domain/hash';
import { hlcWallMs, isValidHlc } from '../../shared/domain/hlc';
import { lockStreams, takeSequencer, type StoreHandle } from './open';
import { applyToProjections } from './projection';
import type { EventsTable, ServerDB } from './schema';

/** Whom a push comes from: the token's device, never the payload's claim. */
export interface Pusher {
  deviceId: string;
  branch: string;
  /** What the desk reported as still waiting after this push (x-loopdesk-waiting); null/absent: no report. */
  eventsWaiting?: number | null;
}

interface Candidate {
  index: number;
  event: EventEnvelope;
  payload: string;
}

/** Lone surrogates and NUL cannot be stored as text on every engine without changing the event. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
function unstorable(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

/** node:crypto's one-shot sha256, several times faster than the pure-JS default. */
const sha256Hex: Sha256Hex = (text) => oneShotHash('sha256', text, 'hex');

function idOf(raw: unknown): string {
  const v = (raw as { id?: unknown } | null)?.id;
  return typeof v === 'string' ? v.slice(0, 64) : '';
}

/**
 * The checks that need no database: envelope, hash, the token's device and
 * branch, HLC form and drift, payload of known types (the same checks a desk
 * runs before storing a pulled event, so a desk never refuses what the server
 * accepted).
 */
export function checkPushedEvent(
  raw: unknown,
  who: Pusher,
  now: number,
): { event: EventEnvelope; payload: string } | PushAck {
  const checked = checkEnvelope(raw);
  if (!checked.ok) {
    return {
      id: idOf(raw),
      status: 'rejected',
      reason: `invalid_envelope: ${checked.where}: ${checked.message}`,
    };
  }
  const e = checked.event;
  if (e.payload === undefined)
    return { id: e.id, status: 'rejected', reason: 'invalid_envelope: payload: required' };
  if (unstorable(e.type) || unstorable(e.actor) || unstorable(e.device) || unstorable(e.branch)) {
    return { id: e.id, status: 'rejected', reason: 'invalid_envelope: text with NUL or unpaired surrogates' };
  }
  if (!verifyEventHash(e, sha256Hex)) return { id: e.id, status: 'rejected', reason: 'hash_mismatch' };
  if (e.device !== who.deviceId) return { id: e.id, status: 'rejected', reason: 'foreign_device' };
  if (e.branch !== who.branch) return { id: e.id, status: 'rejected', reason: 'foreign_branch' };
  if (!isValidHlc(e.hlc)) return { id: e.id, status: 'rejected', reason: 'invalid_hlc' };
  if (hlcWallMs(e.hlc) - now > SYNC_LIMITS.maxDriftMs)
    return { id: e.id, status: 'rejected', reason: 'hlc_too_far' };
  const problem = eventContentProblem(e);
  if (problem !== null) return { id: e.id, status: 'rejected', reason: problem };
  // JSON.stringify escapes lone surrogates and control characters, so the
  // text is storable everywhere and parses back to the same value.
  return { event: e, payload: JSON.stringify(e.payload) };
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function existingHashes(tx: Kysely<ServerDB>, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunk([...new Set(ids)], 500)) {
    const rows = await tx.selectFrom('events').select(['id', 'hash']).where('id', 'in', part).execute();
    for (const r of rows) found.set(r.id, r.hash);
  }
  return found;
}

export interface PushOutcome {
  acks: PushAck[];
  accepted: number;
}

/** Stores a batch from one device; returns one ack per input event, in input order. */
export async function pushEvents(
  store: StoreHandle,
  who: Pusher,
  raw: readonly unknown[],
  now: number,
): Promise<PushOutcome> {
  const acks: (PushAck | undefined)[] = new Array(raw.length);
  const candidates: Candidate[] = [];
  raw.forEach((r, index) => {
    const c = checkPushedEvent(r, who, now);
    if ('status' in c) acks[index] = c;
    else candidates.push({ index, event: c.event, payload: c.payload });
  });

  const accepted = await store.write(async (tx) => {
    const stored: EventEnvelope[] = [];
    let newestHlc: string | null = null;
    if (candidates.length > 0) {
      // 1. Without the sequencer: the streams' own locks (PostgreSQL), what is
      //    already stored, and the projections of the new events.
      await lockStreams(tx, store.engine, [...new Set(candidates.map((c) => c.event.stream))]);
      const known = await existingHashes(
        tx,
        candidates.map((c) => c.event.id),
      );
      const fresh: Candidate[] = [];
      for (const c of candidates) {
        const e = c.event;
        const had = known.get(e.id);
        if (had !== undefined) {
          acks[c.index] =
            had === e.hash
              ? { id: e.id, status: 'duplicate' }
              : { id: e.id, status: 'rejected', reason: 'conflicting_hash' };
          continue;
        }
        known.set(e.id, e.hash);
        fresh.push(c);
        stored.push(e);
        if (newestHlc === null || e.hlc > newestHlc) newestHlc = e.hlc;
      }
      await applyToProjections(tx, stored, now);

      // 2. With the sequencer, held to COMMIT: seqs, the insert, the device's counters.
      if (fresh.length > 0) {
        await takeSequencer(tx, store.engine);
        const maxRow = await tx
          .selectFrom('events')
          .select((eb) => eb.fn.max('server_seq').as('m'))
          .executeTakeFirst();
        let seq = Number(maxRow?.m ?? 0);
        const rows: EventsTable[] = fresh.map((c) => ({
          server_seq: ++seq,
          id: c.event.id,
          stream: c.event.stream,
          type: c.event.type,
          schema: c.event.schema,
          hlc: c.event.hlc,
          device: c.event.device,
          branch: c.event.branch,
          actor: c.event.actor,
          payload: c.payload,
          hash: c.event.hash,
          received_at: now,
        }));
        // 12 parameters a row: stay far below both engines' parameter limits.
        const inserted = new Set<string>();
        for (const part of chunk(rows, 250)) {
          const back = await tx
            .insertInto('events')
            .values(part)
            .onConflict((oc) => oc.column('id').doNothing())
            .returning('id')
            .execute();
          for (const r of back) inserted.add(r.id);
        }
        if (inserted.size !== rows.length) {
          // Another push stored one of these ids meanwhile (same id in another
          // stream: a broken or hostile client). Refuse the whole batch rather
          // than acknowledge an event that is not stored; a retry sorts it out.
          throw new Error(`push: ${rows.length - inserted.size} event(s) were stored concurrently; retry`);
        }
        for (const c of fresh) acks[c.index] = { id: c.event.id, status: 'accepted' };
      }
    }
    // Last in the transaction: the device's counters (see the commit-order test).
    await tx
      .updateTable('devices')
      .set((eb) => ({
        last_seen_at: now,
        last_push_at: now,
        events_received: eb('events_received', '+', stored.length),
        ...(typeof who.eventsWaiting === 'number'
          ? { events_waiting: who.eventsWaiting, waiting_at: now }
          : {}),
        ...(newestHlc !== null
          ? {
              newest_hlc: eb
                .case()
                .when('newest_hlc', 'is', null)
                .then(newestHlc)
                .when('newest_hlc', '<', newestHlc)
                .then(newestHlc)
                .else(eb.ref('newest_hlc'))
                .end(),
            }
          : {}),
      }))
      .where('id', '=', who.deviceId)
      .execute();
    return stored.length;
  });

  return {
    acks: acks.map((a, i) => a ?? { id: idOf(raw[i]), status: 'rejected', reason: 'internal' }),
    accepted,
  };
}

export interface PullPage {
  /** The events as JSON array text (payloads spliced in as stored). */
  eventsJson: string;
  count: number;
  cursor: number;
  hasMore: boolean;
}

/**
 * Events of one branch after `cursor`, in server_seq order. Payloads are
 * handed back as the JSON text they were stored as, without a parse and
 * re-serialise round trip.
 */
export async function pullEvents(
  store: StoreHandle,
  branch: string,
  cursor: number,
  limit: number,
): Promise<PullPage> {
  const rows = await store.db
    .selectFrom('events')
    .select(['server_seq', ...STORED_EVENT_COLUMNS])
    .where('branch', '=', branch)
    .where('server_seq', '>', cursor)
    .orderBy('server_seq')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const parts = page.map(
    (r) =>
      `{"id":${JSON.stringify(r.id)},"stream":${JSON.stringify(r.stream)},"type":${JSON.stringify(r.type)},` +
      `"schema":${Number(r.schema)},"hlc":${JSON.stringify(r.hlc)},"device":${JSON.stringify(r.device)},` +
      `"branch":${JSON.stringify(r.branch)},"actor":${JSON.stringify(r.actor)},"payload":${r.payload},` +
      `"hash":${JSON.stringify(r.hash)}}`,
  );
  const last = page[page.length - 1];
  return {
    eventsJson: `[${parts.join(',')}]`,
    count: page.length,
    cursor: last ? Number(last.server_seq) : cursor,
    hasMore,
  };
}
