/**
 * The audit leg of a sync run (docs/audit-trail.md, docs/protocol.md §11):
 * after the push, this desk sends head office its audit chain rows not yet
 * settled there and its checkpoints (signed now, at every CHECKPOINT_EVERY-th
 * dseq and at the head), and keeps head office's acknowledgements.
 *
 * `audit.settledDseq` (meta) is the highest dseq up to which head office holds
 * every row in a settled state; rows after it are sent again (the server takes
 * a row it holds as it is, and settles a 'pending' one). A server too old to
 * know /v1/audit (404) is skipped quietly; a break (409 chain_broken) fails
 * the run with head office's message while events keep syncing.
 */
import { AUDIT_LIMITS } from '../../../shared/contract/audit';
import { chainRowsAfter, makeCheckpoints, recordAck, signingKey } from '../kernel/auditTrail';
import { SyncRequestError } from './client';
import type { RunContext } from './transport';

const SETTLED = 'audit.settledDseq';
/** The highest dseq head office said it holds for this desk (settled or pending). */
const SERVER_HEAD = 'audit.serverHead';

export async function pushAudit(c: RunContext): Promise<void> {
  const id = c.port.identity();
  if (id === null) return;
  const db = c.port.sqlite;
  const settledRaw = c.port.meta.get(SETTLED);
  let settled = settledRaw === null ? 0 : Number(settledRaw);
  let after = settled;
  for (;;) {
    if (c.cancelled()) return;
    const settledBefore = settled;
    const at = c.isoNow();
    const batch = c.port.tx(() => {
      const key = signingKey(db);
      const open = makeCheckpoints(db, id.deviceId, at);
      const rows = chainRowsAfter(db, after, AUDIT_LIMITS.rows);
      const upTo = rows[rows.length - 1]?.dseq ?? after;
      const checkpoints = open
        .filter((cp) => cp.dseq <= upTo)
        .slice(0, AUDIT_LIMITS.checkpoints)
        .map((cp) => ({ dseq: cp.dseq, link: cp.link, signature: cp.signature }));
      return { publicKey: key.publicKey, rows, checkpoints };
    });
    if (batch.rows.length === 0 && batch.checkpoints.length === 0) return;
    let res;
    try {
      res = await c.client.audit(batch);
    } catch (e) {
      if (e instanceof SyncRequestError && e.kind === 'http' && e.status === 404) {
        c.log('[sync] head office does not keep audit chains yet (no /v1/audit); skipped');
        return;
      }
      throw e;
    }
    if (c.cancelled()) return;
    const ackedAt = c.isoNow();
    let stillSettled = settled === after;
    for (const r of batch.rows) {
      if (stillSettled && r.state !== 'pending' && r.dseq === settled + 1) settled = r.dseq;
      else stillSettled = false;
    }
    const head = res.head?.dseq ?? 0;
    const headMoved = head > Number(c.port.meta.get(SERVER_HEAD) ?? '0');
    let news = settled > settledBefore || headMoved;
    c.port.tx(() => {
      for (const ack of res.acks) if (recordAck(db, ack.dseq, ack.link, ackedAt)) news = true;
      c.port.meta.set(SETTLED, String(settled));
      if (headMoved) c.port.meta.set(SERVER_HEAD, String(head));
    });
    // Rows head office held already, sent again while they wait (an event held back as too far
    // ahead keeps its row pending), are no progress: a run that fails after them backs off.
    if (news) c.progressed();
    if (batch.rows.length < AUDIT_LIMITS.rows) return;
    after = batch.rows[batch.rows.length - 1]?.dseq ?? after;
  }
}
