/**
 * `npm run server -- verify` (docs/audit-trail.md): head office's log
 * checked for tampering, read-only, in pages (either engine):
 *
 * 1. every event's hash against its content (edited);
 * 2. each device's chain, dseq by dseq: links follow one another (a row
 *    moved: reordered; otherwise the chain was altered), no dseq is missing
 *    (deleted), each chained event is stored with the hash the chain has
 *    (rehashed) or was refused / is still pending at the desk, and the chain
 *    agrees with the device's signed checkpoints (rewritten);
 * 3. no event of a chained device, received before the device last sent its
 *    chain, is missing from that chain (inserted).
 */
import { storedHashMatches } from '../../shared/domain/kernel/canonicalText';
import type { ChainFinding } from '../../shared/domain/kernel/chainProblems';
import { GENESIS_LINK, checkpointText, nextLink } from '../../shared/domain/kernel/chain';
import { envelopeFromStored } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { sha256Hex, verifySignature } from './audit';
import type { StoreContext } from './context';

const PAGE = 5000;

export interface ServerVerifyReport {
  events: number;
  chained: number;
  devices: number;
  checkpoints: number;
  /** Chained events not yet at head office (still in their desk's outbox). */
  pending: number;
  findings: ChainFinding[];
  bad: number;
}

export async function verifyServer(
  c: Pick<StoreContext, 'db'>,
  opts: { limit?: number; onProgress?: (done: number) => void } = {},
): Promise<ServerVerifyReport> {
  const limit = opts.limit ?? 100;
  const r: ServerVerifyReport = {
    events: 0,
    chained: 0,
    devices: 0,
    checkpoints: 0,
    pending: 0,
    findings: [],
    bad: 0,
  };
  const found = (f: ChainFinding): void => {
    r.bad++;
    if (r.findings.length < limit) r.findings.push(f);
  };
  const db = c.db;

  // 1. Every event's content against its hash.
  for (let after = -1; ;) {
    const rows = await db
      .selectFrom('events')
      .select([
        'server_seq',
        'id',
        'stream',
        'type',
        'schema',
        'hlc',
        'device',
        'branch',
        'actor',
        'payload',
        'hash',
      ])
      .where('server_seq', '>', after)
      .orderBy('server_seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    for (const e of rows) {
      r.events++;
      // The stored text hashed as it is (most rows), else parsed: the same verdict either way.
      let ok = storedHashMatches(e, e.hash, sha256Hex);
      if (!ok) {
        try {
          ok = eventHash(envelopeFromStored(e), sha256Hex) === e.hash;
        } catch {
          ok = false;
        }
      }
      if (!ok)
        found({
          problem: 'edited',
          device: e.device,
          dseq: null,
          eventId: e.id,
          detail: `server_seq ${e.server_seq}`,
        });
    }
    after = rows[rows.length - 1]?.server_seq ?? after;
    opts.onProgress?.(r.events);
  }

  // 2. Each device's chain.
  const keys = await db
    .selectFrom('audit_keys')
    .select(['device', 'public_key', 'last_at'])
    .orderBy('device')
    .execute();
  r.devices = keys.length;
  for (const k of keys) {
    const cps = await db
      .selectFrom('audit_checkpoints')
      .select(['dseq', 'link', 'signature'])
      .where('device', '=', k.device)
      .execute();
    r.checkpoints += cps.length;
    const pinned = new Map(cps.map((cp) => [Number(cp.dseq), cp]));
    for (const cp of cps) {
      if (
        !verifySignature(
          k.public_key,
          checkpointText({ device: k.device, dseq: Number(cp.dseq), link: cp.link }),
          cp.signature,
        )
      ) {
        found({ problem: 'bad_signature', device: k.device, dseq: Number(cp.dseq), eventId: null });
      }
    }
    let prev = GENESIS_LINK;
    let prevDseq = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_chain as c')
        .leftJoin('events as e', 'e.id', 'c.event_id')
        .select([
          'c.dseq',
          'c.event_id',
          'c.hash',
          'c.link',
          'c.state',
          'e.hash as stored_hash',
          'e.device as stored_device',
        ])
        .where('c.device', '=', k.device)
        .where('c.dseq', '>', prevDseq)
        .orderBy('c.dseq')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) break;
      rows.forEach((row, i) => {
        const dseq = Number(row.dseq);
        r.chained++;
        if (dseq !== prevDseq + 1) {
          found({
            problem: 'deleted',
            device: k.device,
            dseq: prevDseq + 1,
            eventId: null,
            detail: `dseq ${prevDseq + 1}-${dseq - 1}`,
          });
        } else if (nextLink(prev, row.hash, sha256Hex) !== row.link) {
          const after = rows[i + 1];
          const moved = after !== undefined && nextLink(prev, after.hash, sha256Hex) === row.link;
          found({
            problem: moved ? 'reordered' : 'chain_link',
            device: k.device,
            dseq,
            eventId: row.event_id,
          });
        }
        if (row.stored_hash === null || row.stored_hash === undefined) {
          if (row.state === 'stored')
            found({ problem: 'deleted', device: k.device, dseq, eventId: row.event_id });
          else if (row.state === 'pending') r.pending++;
        } else if (row.stored_hash !== row.hash || row.stored_device !== k.device) {
          found({ problem: 'rehashed', device: k.device, dseq, eventId: row.event_id });
        }
        const cp = pinned.get(dseq);
        if (cp !== undefined && cp.link !== row.link) {
          found({
            problem: 'rewritten',
            device: k.device,
            dseq,
            eventId: row.event_id,
            detail: `checkpoint dseq ${dseq}`,
          });
        }
        pinned.delete(dseq);
        prev = row.link;
        prevDseq = dseq;
      });
    }
    for (const cp of pinned.values()) {
      found({
        problem: 'deleted',
        device: k.device,
        dseq: Number(cp.dseq),
        eventId: null,
        detail: `checkpoint dseq ${cp.dseq}`,
      });
    }

    // 3. Events of this device that its chain does not have, though it sent its chain after they arrived.
    const inserted = await db
      .selectFrom('events as e')
      .select(['e.id', 'e.server_seq'])
      .where('e.device', '=', k.device)
      .where('e.received_at', '<=', k.last_at)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('audit_chain as c')
              .select('c.dseq')
              .whereRef('c.event_id', '=', 'e.id')
              .where('c.device', '=', k.device),
          ),
        ),
      )
      .orderBy('e.server_seq')
      .limit(limit)
      .execute();
    for (const e of inserted) {
      found({
        problem: 'inserted',
        device: k.device,
        dseq: null,
        eventId: e.id,
        detail: `server_seq ${e.server_seq}`,
      });
    }
  }
  return r;
}
