/**
 * `verify` on a desk (docs/audit-trail.md): every event's hash against its
 * content, and this desk's own events against its audit chain (migration
 * 0017) and its signed, acknowledged checkpoints. Read-only, one pass over the
 * log in arrival order alongside the chain in dseq order, constant memory.
 *
 * On a large log the content check of part of the log runs on a second
 * thread (contentPlan.ts), the call staying synchronous; the findings are
 * the same, in the same order, as when this thread checks everything.
 */
import type Database from 'better-sqlite3';
import { GENESIS_LINK, nextLink } from '../../../../shared/domain/kernel/chain';
import type { ChainFinding } from '../../../../shared/domain/kernel/chainProblems';
import { sha256Hex } from '../../kernel/eventStore';
import { checkpointProblems, type StoredCheckpoint } from '../../kernel/auditTrail';
import { EDITED, OK, rangeOfEvents, rowVerdict, UNREADABLE, type ContentVerdict } from './contentCheck';
import { planContentCheck, type PlanOptions } from './contentPlan';

export { contentHash } from './contentCheck';

export interface DeskVerifyReport {
  events: number;
  chained: number;
  checkpoints: number;
  /** Every finding, first bad event first (capped at `limit`). */
  findings: ChainFinding[];
  /** How many findings in all (may exceed findings.length). */
  bad: number;
}

interface ChainRowDb {
  dseq: number;
  seq: number;
  event_id: string;
  link: string;
}
type RawChainRow = [dseq: number, seq: number, event_id: string, link: string];
/** The columns the chain needs, for a range whose content the verify thread checked. */
type SlimEvent = [seq: number, id: string, device: string, hash: string];

export function verifyDesk(
  db: Database.Database,
  opts: { limit?: number; onProgress?: (done: number) => void; thread?: PlanOptions } = {},
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

  const chainRows: Iterator<RawChainRow> | null =
    hasChain && own !== null
      ? (db
          .prepare('SELECT dseq, seq, event_id, link FROM audit_chain ORDER BY dseq')
          .raw(true)
          .iterate() as IterableIterator<RawChainRow>)
      : null;
  /** The next chain row as an object (four fields; cheap next to the event's check). */
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
  // While the chain's statement is open, every range below reads the snapshot it reads.
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

  /** One event, in seq order, with the verdict on its content. */
  const event = (seq: number, id: string, evDevice: string, hash: string, verdict: ContentVerdict): void => {
    report.events++;
    if ((report.events & 0xffff) === 0) opts.onProgress?.(report.events);
    if (verdict === UNREADABLE) {
      found({ problem: 'unreadable', device: evDevice, dseq: null, eventId: id, detail: `seq ${seq}` });
    } else if (verdict === EDITED) {
      found({ problem: 'edited', device: evDevice, dseq: null, eventId: id, detail: `seq ${seq}` });
    }
    if (chain === null || evDevice !== own) return;
    // Chain rows whose event is gone: deleted (or moved elsewhere).
    while (cur !== undefined && cur.done !== true && cur.value.seq < seq) {
      const r = cur.value;
      gap(r);
      found({ problem: 'deleted', device, dseq: r.dseq, eventId: r.event_id });
      take(r);
    }
    if (cur === undefined || cur.done === true || cur.value.seq > seq) {
      found({ problem: 'inserted', device, dseq: null, eventId: id, detail: `seq ${seq}` });
      return;
    }
    const r = cur.value;
    if (gap(r)) {
      // The link cannot match across the missing rows: already reported.
    } else if (r.event_id !== id) {
      found({ problem: 'reordered', device, dseq: r.dseq, eventId: id, detail: `seq ${seq}` });
    } else if (verdict === OK && nextLink(prevLink, hash, sha256Hex) !== r.link) {
      // (The content hashes to `hash`: the link is taken over the hash the content has.)
      found({ problem: 'rehashed', device, dseq: r.dseq, eventId: id });
    }
    take(r);
  };

  const plan = planContentCheck(db, opts.thread);
  try {
    const full = rangeOfEvents(db);
    const slim = db
      .prepare('SELECT seq, id, device, hash FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq')
      .raw(true) as unknown as Database.Statement<[number, number], SlimEvent>;
    plan.ranges.forEach(([from, to], i) => {
      const bad = plan.claim(i) ? null : plan.take(i);
      if (bad === null) {
        for (const r of full.iterate(from, to)) event(r[0], r[1], r[6], r[10], rowVerdict(r));
        return;
      }
      // `bad` holds seq, verdict pairs in seq order.
      let k = 0;
      for (const r of slim.iterate(from, to)) {
        let verdict: ContentVerdict = OK;
        while (k < bad.length && (bad[k] as number) < r[0]) k += 2; // (an event this snapshot does not have)
        if (k < bad.length && bad[k] === r[0]) {
          verdict = bad[k + 1] as ContentVerdict;
          k += 2;
        }
        event(r[0], r[1], r[2], r[3], verdict);
      }
    });
  } finally {
    plan.close();
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
