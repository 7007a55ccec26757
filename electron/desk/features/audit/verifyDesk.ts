/**
 * `verify` on a desk (docs/audit-trail.md): every event's hash against its
 * content, and this desk's own events against its audit chain (migration
 * 0017) and its signed, acknowledged checkpoints. Read-only, one pass over the
 * log in arrival order alongside the chain in dseq order, constant memory.
 */
import type Database from 'better-sqlite3';
import { storedHashInput } from '../../../../shared/domain/kernel/canonicalText';
import { GENESIS_LINK, nextLink } from '../../../../shared/domain/kernel/chain';
import type { ChainFinding } from '../../../../shared/domain/kernel/chainProblems';
import type { StoredEvent } from '../../../../shared/domain/kernel/envelope';
import { eventHashInput } from '../../../../shared/domain/kernel/hash';
import { sha256Hex } from '../../kernel/eventStore';
import { checkpointProblems, type StoredCheckpoint } from '../../kernel/auditTrail';

export interface DeskVerifyReport {
  events: number;
  chained: number;
  checkpoints: number;
  /** Every finding, first bad event first (capped at `limit`). */
  findings: ChainFinding[];
  /** How many findings in all (may exceed findings.length). */
  bad: number;
}

/** An events row as read (raw, in EVENT_COLUMNS order): no object per row on the hot path. */
type RawEvent = [
  seq: number,
  id: string,
  stream: string,
  type: string,
  schema: number,
  hlc: string,
  device: string,
  branch: string,
  actor: string,
  payload: string,
  hash: string,
];
const EVENT_COLUMNS = 'seq, id, stream, type, schema, hlc, device, branch, actor, payload, hash';
interface ChainRowDb {
  dseq: number;
  seq: number;
  event_id: string;
  link: string;
}
type RawChainRow = [dseq: number, seq: number, event_id: string, link: string];

/**
 * The content hash of a raw events row: the stored text hashed as it is when
 * it is in the ordinary form (kernel/canonicalText.ts; most rows) and it
 * matches; else by parsing (contentHash), which judges every other row. Both
 * give the same hash for every row.
 */
function rowHash(r: RawEvent): string | null {
  const input = storedHashInput(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
  if (input !== null) {
    const h = sha256Hex(input);
    if (h === r[10]) return h;
  }
  return contentHash({
    id: r[1],
    stream: r[2],
    type: r[3],
    schema: r[4],
    hlc: r[5],
    device: r[6],
    branch: r[7],
    actor: r[8],
    payload: r[9],
    hash: r[10],
  });
}

/** The content hash of a stored event, or null when its payload is not JSON. */
export function contentHash(r: StoredEvent): string | null {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload) as unknown;
  } catch {
    return null;
  }
  try {
    return sha256Hex(eventHashInput({ ...r, schema: Number(r.schema), payload }));
  } catch {
    return null;
  }
}

export function verifyDesk(
  db: Database.Database,
  opts: { limit?: number; onProgress?: (done: number) => void } = {},
): DeskVerifyReport {
  const limit = opts.limit ?? 100;
  const report: DeskVerifyReport = { events: 0, chained: 0, checkpoints: 0, findings: [], bad: 0 };
  const found = (f: ChainFinding): void => {
    report.bad++;
    if (report.findings.length < limit) report.findings.push(f);
  };
  const own =
    (db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as { value: string } | undefined)
      ?.value ?? null;
  const hasChain =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'").get() !==
    undefined;
  const checkpoints: StoredCheckpoint[] = hasChain
    ? (db.prepare('SELECT * FROM audit_checkpoints ORDER BY dseq').all() as StoredCheckpoint[])
    : [];
  const wanted = new Set(checkpoints.map((c) => c.dseq));
  const linkAt = new Map<number, string>();

  const events = db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY seq`)
    .raw(true)
    .iterate() as IterableIterator<RawEvent>;
  const chainRows: Iterator<RawChainRow> | null =
    hasChain && own !== null
      ? (db
          .prepare('SELECT dseq, seq, event_id, link FROM audit_chain ORDER BY dseq')
          .raw(true)
          .iterate() as IterableIterator<RawChainRow>)
      : null;
  /** The next chain row as an object (chain rows are few fields; the object is cheap next to the event). */
  const chain =
    chainRows === null
      ? null
      : {
          next(): IteratorResult<ChainRowDb> {
            const n = chainRows.next();
            if (n.done === true) return n;
            const [dseq, seq, event_id, link] = n.value;
            return { done: false, value: { dseq, seq, event_id, link } };
          },
        };
  const device = own ?? '';
  let cur = chain?.next();
  let prevLink = GENESIS_LINK;
  let prevDseq = 0;
  /** Reports chain rows missing before `r` (an event deleted with its chain row); true when any are. */
  const gap = (r: ChainRowDb): boolean => {
    if (r.dseq === prevDseq + 1) return false;
    found({
      problem: 'deleted',
      device,
      dseq: prevDseq + 1,
      eventId: null,
      detail: `dseq ${prevDseq + 1}-${r.dseq - 1}`,
    });
    return true;
  };
  /** Moves past the current chain row. */
  const take = (r: ChainRowDb): void => {
    report.chained++;
    if (wanted.has(r.dseq)) linkAt.set(r.dseq, r.link);
    prevDseq = r.dseq;
    prevLink = r.link;
    cur = chain?.next();
  };

  for (const raw of events) {
    report.events++;
    if ((report.events & 0xffff) === 0) opts.onProgress?.(report.events);
    const h = rowHash(raw);
    const ev = { seq: raw[0], id: raw[1], device: raw[6], hash: raw[10] };
    const mine = chain !== null && ev.device === own;
    if (h === null) {
      found({
        problem: 'unreadable',
        device: ev.device,
        dseq: null,
        eventId: ev.id,
        detail: `seq ${ev.seq}`,
      });
    } else if (h !== ev.hash) {
      found({ problem: 'edited', device: ev.device, dseq: null, eventId: ev.id, detail: `seq ${ev.seq}` });
    }
    if (!mine) continue;
    // Chain rows whose event is gone: deleted (or moved elsewhere).
    while (cur !== undefined && cur.done !== true && cur.value.seq < ev.seq) {
      const r = cur.value;
      gap(r);
      found({ problem: 'deleted', device, dseq: r.dseq, eventId: r.event_id });
      take(r);
    }
    if (cur === undefined || cur.done === true || cur.value.seq > ev.seq) {
      found({ problem: 'inserted', device, dseq: null, eventId: ev.id, detail: `seq ${ev.seq}` });
      continue;
    }
    const r = cur.value;
    if (gap(r)) {
      // The link cannot match across the missing rows: already reported.
    } else if (r.event_id !== ev.id) {
      found({ problem: 'reordered', device, dseq: r.dseq, eventId: ev.id, detail: `seq ${ev.seq}` });
    } else if (h !== null && h === ev.hash && nextLink(prevLink, h, sha256Hex) !== r.link) {
      found({ problem: 'rehashed', device, dseq: r.dseq, eventId: ev.id });
    }
    take(r);
  }
  while (cur !== undefined && cur.done !== true) {
    const r = cur.value;
    gap(r);
    found({ problem: 'deleted', device, dseq: r.dseq, eventId: r.event_id });
    take(r);
  }
  if (own !== null) {
    for (const f of checkpointProblems(db, own, checkpoints, linkAt)) found(f);
  }
  report.checkpoints = checkpoints.length;
  return report;
}
