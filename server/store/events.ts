/**
 * Push: the server side of the event log's writes (docs/protocol.md); the
 * pull is in ./pull.ts, which streams belong to which branch in ./streamOwners.ts.
 *
 * Push checks every event on its own (one bad event never blocks the rest),
 * then stores the good ones, their projections and the device's counters in
 * ONE transaction. Pushes that reach the store together share that
 * transaction (group commit, decision 0016: ServerStore queues them and
 * calls `storePushGroup`); each is still answered on its own, event by
 * event: accepted, duplicate (same id, same hash: already here) or rejected
 * with a machine-readable reason.
 *
 * Order inside the transaction: lock the group's streams (PostgreSQL, so two
 * groups never fold the same case at once), look up what is already stored,
 * fold the new events into the projections, and only then take the
 * sequencer (store/open.ts) for `MAX(server_seq)+1, …`, the insert and the
 * devices' counters up to COMMIT. The SQLite store has one writer; on
 * PostgreSQL the transaction-level advisory lock makes the order of seq
 * assignment the order of commits. So once a reader has seen seq n, no
 * transaction can still commit a seq below n, and `server_seq > cursor` never
 * skips an event. Holding the sequencer for 4 round trips instead of the whole
 * transaction is what lets groups overlap.
 */
import { sql, type Kysely } from 'kysely';
import { SYNC_LIMITS, type DeviceRole, type PushAck } from '../../shared/contract/sync';
import { checkEnvelope, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventContentProblem } from '../../shared/domain/events';
import { verifyEventHash } from '../../shared/domain/kernel/hash';
import { isTooFarAhead, isValidHlc } from '../../shared/domain/kernel/hlc';
import {
  describeTextProblem,
  findTextProblem,
  firstTextProblemIn,
  joinTextPath,
} from '../../shared/domain/kernel/text';
import { sha256Hex } from '../tokens';
import { recordAttachmentRefs } from './attachments';
import type { StoreContext } from './context';
import { lockStreams, takeSequencer, type StoreHandle } from './open';
import { applyToProjections, projectionLockNames } from './projection';
import { chunks } from './projectors';
import type { EventsTable, ServerDB } from './schema';
import { BRANCH_SCOPED_STREAMS, streamOwners } from './streamOwners';

/** Whom a push comes from: the token's device, never the payload's claim. */
export interface Pusher {
  deviceId: string;
  branch: string;
  /** What the desk reported as still waiting after this push (x-loopdesk-waiting); null/absent: no report. */
  eventsWaiting?: number | null;
  /** The device's enrolment role: who may push staff events (./staffRules.ts); absent: counter. */
  role?: DeviceRole;
  /** When the device was enrolled (ms): staff events dated before it need a declaration; absent: not checked. */
  enrolledAt?: number;
}

interface Candidate {
  index: number;
  event: EventEnvelope;
  payload: string;
}

/** The free-text envelope fields (id, stream and hash have fixed patterns). */
const ENVELOPE_TEXT = ['type', 'hlc', 'device', 'branch', 'actor'] as const;

/**
 * Why an event's text may not be stored (shared/domain/kernel/text.ts), or
 * null: a control character or an unpaired surrogate in an envelope field
 * (`invalid_envelope`) or anywhere in the payload, keys included
 * (`invalid_text`, naming the path).
 */
function eventTextProblem(e: EventEnvelope): string | null {
  for (const field of ENVELOPE_TEXT) {
    const p = findTextProblem(e[field]);
    if (p !== null) return `invalid_envelope: ${field}: ${describeTextProblem(p)}`;
  }
  const p = firstTextProblemIn(e.payload);
  if (p !== null) return `invalid_text: ${joinTextPath(['payload', ...p.path])}: ${describeTextProblem(p)}`;
  return null;
}

function idOf(raw: unknown): string {
  const v = (raw as { id?: unknown } | null)?.id;
  return typeof v === 'string' ? v.slice(0, 64) : '';
}

/**
 * The checks that need no database: envelope, clean text, hash, the token's
 * device and branch, HLC form and drift, payload of known types (the same
 * checks a desk runs before storing a pulled event, so a desk never refuses
 * what the server accepted; clean text is the server's alone, so events it
 * took before the rule still reach every desk).
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
  const unclean = eventTextProblem(e);
  if (unclean !== null) return { id: e.id, status: 'rejected', reason: unclean };
  if (!verifyEventHash(e, sha256Hex)) return { id: e.id, status: 'rejected', reason: 'hash_mismatch' };
  if (e.device !== who.deviceId) return { id: e.id, status: 'rejected', reason: 'foreign_device' };
  if (e.branch !== who.branch) return { id: e.id, status: 'rejected', reason: 'foreign_branch' };
  if (!isValidHlc(e.hlc)) return { id: e.id, status: 'rejected', reason: 'invalid_hlc' };
  if (isTooFarAhead(e.hlc, now, SYNC_LIMITS.maxDriftMs))
    return { id: e.id, status: 'rejected', reason: 'hlc_too_far' };
  const problem = eventContentProblem(e);
  if (problem !== null) return { id: e.id, status: 'rejected', reason: problem };
  return { event: e, payload: JSON.stringify(e.payload) };
}

async function existingHashes(tx: Kysely<ServerDB>, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(ids)], 500)) {
    const rows = await tx.selectFrom('events').select(['id', 'hash']).where('id', 'in', part).execute();
    for (const r of rows) found.set(r.id, r.hash);
  }
  return found;
}

export interface PushOutcome {
  acks: PushAck[];
  accepted: number;
}

/** One push request after the checks that need no database, waiting for its transaction. */
export interface PushJob {
  who: Pusher;
  now: number;
  raw: readonly unknown[];
  /** Answers known before the transaction (rejected by the checks), by input index. */
  checked: (PushAck | undefined)[];
  candidates: Candidate[];
}

/** Runs the database-free checks of one push (checkPushedEvent on every event). */
export function preparePush(who: Pusher, raw: readonly unknown[], now: number): PushJob {
  const checked: (PushAck | undefined)[] = new Array(raw.length);
  const candidates: Candidate[] = [];
  raw.forEach((r, index) => {
    const c = checkPushedEvent(r, who, now);
    if ('status' in c) checked[index] = c;
    else candidates.push({ index, event: c.event, payload: c.payload });
  });
  return { who, now, raw, checked, candidates };
}

/** What the transaction decided for one job's candidates, by input index. */
type Decided = Map<number, PushAck>;

function outcomeOf(job: PushJob, decided: Decided): PushOutcome {
  const acks: PushAck[] = [];
  let accepted = 0;
  for (let i = 0; i < job.raw.length; i++) {
    const ack = job.checked[i] ??
      decided.get(i) ?? { id: idOf(job.raw[i]), status: 'rejected', reason: 'internal' };
    if (ack.status === 'accepted') accepted++;
    acks.push(ack);
  }
  return { acks, accepted };
}

/** Per device of a group: what its pushes add to its row. */
interface DeviceTotals {
  id: string;
  now: number;
  n: number;
  waiting: number | null;
  waitingAt: number | null;
  newest: string | null;
}

/** One entry per device of the group, before its events are counted. */
function deviceTotalsOf(jobs: readonly PushJob[]): Map<string, DeviceTotals> {
  const devices = new Map<string, DeviceTotals>();
  for (const job of jobs) {
    const waiting = typeof job.who.eventsWaiting === 'number' ? job.who.eventsWaiting : null;
    const d = devices.get(job.who.deviceId);
    if (d === undefined) {
      devices.set(job.who.deviceId, {
        id: job.who.deviceId,
        now: job.now,
        n: 0,
        waiting,
        waitingAt: waiting === null ? null : job.now,
        newest: null,
      });
      continue;
    }
    // A later push of the same device: its time, and its waiting report if it made one.
    d.now = Math.max(d.now, job.now);
    if (waiting !== null) {
      d.waiting = waiting;
      d.waitingAt = job.now;
    }
  }
  return devices;
}

/**
 * Stores the pushes of a group in ONE transaction (group commit, decision
 * 0016) and answers each of them. Jobs are taken in order: an event id that
 * an earlier job of the group stores is a duplicate (or a conflicting hash)
 * for a later one, exactly as if they had come one after the other.
 */
export async function storePushGroup(store: StoreContext, jobs: readonly PushJob[]): Promise<PushOutcome[]> {
  const decided: Decided[] = jobs.map(() => new Map());
  await store.write(async (tx) => {
    const all = jobs.flatMap((j) => j.candidates);
    const fresh: { job: number; c: Candidate }[] = [];
    const stored: EventEnvelope[] = [];
    const devices = deviceTotalsOf(jobs);
    if (all.length > 0) {
      // 1. Without the sequencer: the streams' own locks (PostgreSQL), what is
      //    already stored, and the projections of the new events.
      const locks = projectionLockNames(all.map((c) => c.event));
      await lockStreams(tx, store.engine, locks.exclusive, locks.shared);
      const known = await existingHashes(
        tx,
        all.map((c) => c.event.id),
      );
      // A desk of one branch never writes into another branch's stream (it would take over the
      // case at head office with an earlier opening, while the owning branch's desks never see it).
      const owners = await streamOwners(
        tx,
        all.map((c) => c.event.stream).filter((stream) => !BRANCH_SCOPED_STREAMS.has(stream)),
      );
      jobs.forEach((job, j) => {
        const totals = devices.get(job.who.deviceId) as DeviceTotals;
        for (const c of job.candidates) {
          const e = c.event;
          const had = known.get(e.id);
          if (had !== undefined) {
            decided[j]?.set(
              c.index,
              had === e.hash
                ? { id: e.id, status: 'duplicate' }
                : { id: e.id, status: 'rejected', reason: 'conflicting_hash' },
            );
            continue;
          }
          if (!BRANCH_SCOPED_STREAMS.has(e.stream)) {
            const owner = owners.get(e.stream);
            if (owner !== undefined && owner !== e.branch) {
              decided[j]?.set(c.index, { id: e.id, status: 'rejected', reason: 'foreign_stream' });
              continue;
            }
            owners.set(e.stream, e.branch);
          }
          known.set(e.id, e.hash);
          fresh.push({ job: j, c });
          stored.push(e);
          totals.n++;
          if (totals.newest === null || e.hlc > totals.newest) totals.newest = e.hlc;
        }
      });
      await applyToProjections(tx, stored, Math.max(...jobs.map((j) => j.now)));
      // Which attachments the new events refer to (their branch's uploads are then kept).
      await recordAttachmentRefs(tx, stored);

      // 2. With the sequencer, held to COMMIT: seqs, the insert, the devices' counters.
      if (fresh.length > 0) {
        await takeSequencer(tx, store.engine);
        const maxRow = await tx
          .selectFrom('events')
          .select((eb) => eb.fn.max('server_seq').as('m'))
          .executeTakeFirst();
        let seq = Number(maxRow?.m ?? 0);
        const rows: EventsTable[] = fresh.map(({ job, c }) => ({
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
          received_at: (jobs[job] as PushJob).now,
        }));
        // 12 parameters a row: stay far below both engines' parameter limits.
        const inserted = new Set<string>();
        for (const part of chunks(rows, 250)) {
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
          // stream: a broken or hostile client). Refuse the whole group rather
          // than acknowledge an event that is not stored; the jobs are retried
          // one by one, and the retry sees the id as known.
          throw new Error(`push: ${rows.length - inserted.size} event(s) were stored concurrently; retry`);
        }
        for (const { job, c } of fresh) decided[job]?.set(c.index, { id: c.event.id, status: 'accepted' });
      }
    }
    // Last in the transaction: the devices' counters (see the commit-order test).
    await updateDeviceCounters(tx, store.engine, [...devices.values()]);
  });
  return jobs.map((job, j) => outcomeOf(job, decided[j] ?? new Map()));
}

/**
 * One statement for every device of a group: last seen and last push, events
 * received, the reported waiting count, and the newest HLC accepted.
 */
async function updateDeviceCounters(
  tx: Kysely<ServerDB>,
  engine: StoreHandle['engine'],
  devices: readonly DeviceTotals[],
): Promise<void> {
  if (devices.length === 0) return;
  const json = JSON.stringify(devices);
  if (engine === 'postgres') {
    await sql`UPDATE devices AS d SET
        last_seen_at = v.now,
        last_push_at = v.now,
        events_received = d.events_received + v.n,
        events_waiting = CASE WHEN v.waiting IS NULL THEN d.events_waiting ELSE v.waiting END,
        waiting_at = CASE WHEN v.waiting IS NULL THEN d.waiting_at ELSE v."waitingAt" END,
        newest_hlc = CASE WHEN v.newest IS NOT NULL AND (d.newest_hlc IS NULL OR d.newest_hlc < v.newest)
                          THEN v.newest ELSE d.newest_hlc END
      FROM json_to_recordset(${json}::json)
        AS v(id text, now bigint, n bigint, waiting bigint, "waitingAt" bigint, newest text)
      WHERE d.id = v.id`.execute(tx);
  } else {
    await sql`UPDATE devices SET
        last_seen_at = v.now,
        last_push_at = v.now,
        events_received = devices.events_received + v.n,
        events_waiting = CASE WHEN v.waiting IS NULL THEN devices.events_waiting ELSE v.waiting END,
        waiting_at = CASE WHEN v.waiting IS NULL THEN devices.waiting_at ELSE v.waiting_at END,
        newest_hlc = CASE WHEN v.newest IS NOT NULL AND (devices.newest_hlc IS NULL OR devices.newest_hlc < v.newest)
                          THEN v.newest ELSE devices.newest_hlc END
      FROM (SELECT value ->> '$.id' AS id, value ->> '$.now' AS now, value ->> '$.n' AS n,
                   value ->> '$.waiting' AS waiting, value ->> '$.waitingAt' AS waiting_at,
                   value ->> '$.newest' AS newest
              FROM json_each(${json})) AS v
      WHERE devices.id = v.id`.execute(tx);
  }
}
