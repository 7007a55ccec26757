/**
 * The desk's audit trail as sync sends it (sync/audit.ts) and verify reads it
 * (features/audit): the chain rows with what became of each event, the
 * desk's signing key and its checkpoints (docs/audit-trail.md).
 *
 * The key is an ed25519 pair made once per desk (node:crypto) and kept in the
 * desk's private database (`meta`, the file only its owner may read, like the
 * device token); the public half goes to head office with the first audit
 * push, which remembers it for the device and refuses any other later.
 * Checkpoints sign {device, dseq, link} at every CHECKPOINT_EVERY-th dseq and
 * at the head of each audit push; head office's acknowledgement (the link it
 * holds for that dseq) is kept beside each.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CHECKPOINT_EVERY, checkpointText } from '../../../shared/domain/kernel/chain';
import type { ChainFinding } from '../../../shared/domain/kernel/chainProblems';
import type { AuditChainRowWire } from '../../../shared/contract/audit';

const KEY_PRIVATE = 'audit.signingKey';
const KEY_PUBLIC = 'audit.publicKey';

export interface StoredCheckpoint {
  dseq: number;
  link: string;
  signature: string;
  made_at: string;
  acked_at: string | null;
  ack_link: string | null;
}

function metaGet(db: Database.Database, key: string): string | null {
  return (
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ??
    null
  );
}

/** This desk's public key (SPKI DER, base64), or null when none was made yet. */
export function publicKeyOf(db: Database.Database): string | null {
  return metaGet(db, KEY_PUBLIC);
}

/** The desk's signing key, made and stored on first use (call inside a write transaction). */
export function signingKey(db: Database.Database): { privatePem: string; publicKey: string } {
  const privatePem = metaGet(db, KEY_PRIVATE);
  const publicKey = metaGet(db, KEY_PUBLIC);
  if (privatePem !== null && publicKey !== null) return { privatePem, publicKey };
  const pair = generateKeyPairSync('ed25519');
  const made = {
    privatePem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
  const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  put.run(KEY_PRIVATE, made.privatePem);
  put.run(KEY_PUBLIC, made.publicKey);
  return made;
}

export function signText(privatePem: string, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), createPrivateKey(privatePem)).toString('base64');
}

/** True when `signature` (base64) is `publicKey`'s (SPKI DER base64) over `text`. Never throws. */
export function verifyText(publicKey: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Signs the checkpoints not made yet: every CHECKPOINT_EVERY-th dseq up to the
 * chain's head, and the head itself. Call inside a write transaction.
 * Returns every checkpoint head office has not acknowledged yet.
 */
export function makeCheckpoints(db: Database.Database, device: string, at: string): StoredCheckpoint[] {
  const head = db.prepare('SELECT dseq, link FROM audit_chain ORDER BY dseq DESC LIMIT 1').get() as
    { dseq: number; link: string } | undefined;
  if (head !== undefined) {
    const last =
      (db.prepare('SELECT max(dseq) AS d FROM audit_checkpoints').get() as { d: number | null }).d ?? 0;
    if (last < head.dseq) {
      const key = signingKey(db);
      const insert = db.prepare(
        'INSERT OR IGNORE INTO audit_checkpoints (dseq, link, signature, made_at) VALUES (?, ?, ?, ?)',
      );
      const linkAt = db.prepare('SELECT link FROM audit_chain WHERE dseq = ?');
      const due: number[] = [];
      for (
        let d = (Math.floor(last / CHECKPOINT_EVERY) + 1) * CHECKPOINT_EVERY;
        d < head.dseq;
        d += CHECKPOINT_EVERY
      )
        due.push(d);
      due.push(head.dseq);
      for (const dseq of due) {
        const link = (linkAt.get(dseq) as { link: string } | undefined)?.link;
        if (link === undefined) continue;
        insert.run(dseq, link, signText(key.privatePem, checkpointText({ device, dseq, link })), at);
      }
    }
  }
  return db
    .prepare('SELECT * FROM audit_checkpoints WHERE acked_at IS NULL ORDER BY dseq')
    .all() as StoredCheckpoint[];
}

/** Records head office's acknowledgement of a checkpoint (the link it holds for that dseq). */
export function recordAck(db: Database.Database, dseq: number, link: string, at: string): boolean {
  // True when this acknowledgement is news (a checkpoint acknowledged again keeps its first time).
  return (
    db
      .prepare(
        'UPDATE audit_checkpoints SET acked_at = ?, ack_link = ? WHERE dseq = ? AND (acked_at IS NULL OR ack_link IS NOT ?)',
      )
      .run(at, link, dseq, link).changes > 0
  );
}

/**
 * What the checkpoints say about the chain: `linkAt` holds the chain's link at
 * each checkpoint's dseq (as verify read it).
 */
export function checkpointProblems(
  db: Database.Database,
  device: string,
  checkpoints: readonly StoredCheckpoint[],
  linkAt: ReadonlyMap<number, string>,
): ChainFinding[] {
  const out: ChainFinding[] = [];
  const publicKey = publicKeyOf(db);
  for (const c of checkpoints) {
    const link = linkAt.get(c.dseq);
    if (
      publicKey === null ||
      !verifyText(publicKey, checkpointText({ device, dseq: c.dseq, link: c.link }), c.signature)
    ) {
      out.push({
        problem: 'bad_signature',
        device,
        dseq: c.dseq,
        eventId: null,
        detail: `checkpoint dseq ${c.dseq}`,
      });
    }
    const acked = c.ack_link !== null && c.ack_link !== link;
    if (link === undefined || link !== c.link || acked) {
      out.push({
        problem: 'rewritten',
        device,
        dseq: c.dseq,
        eventId: null,
        detail: `checkpoint dseq ${c.dseq}${c.acked_at === null ? '' : `, acknowledged ${c.acked_at}`}`,
      });
    }
  }
  return out;
}

/**
 * Up to `limit` chain rows after `afterDseq`, each with what became of its
 * event at push: still in the outbox ('pending'), refused for good and kept in
 * sync_rejected ('refused'), or else accepted ('stored').
 */
export function chainRowsAfter(db: Database.Database, afterDseq: number, limit: number): AuditChainRowWire[] {
  const rows = db
    .prepare(
      `SELECT c.dseq, c.event_id AS id, e.hash, c.link,
              EXISTS (SELECT 1 FROM outbox o WHERE o.seq = c.seq) AS pending,
              EXISTS (SELECT 1 FROM sync_rejected r WHERE r.event_id = c.event_id AND r.direction = 'push') AS refused
         FROM audit_chain c JOIN events e ON e.seq = c.seq
        WHERE c.dseq > ? ORDER BY c.dseq LIMIT ?`,
    )
    .all(afterDseq, limit) as {
    dseq: number;
    id: string;
    hash: string;
    link: string;
    pending: number;
    refused: number;
  }[];
  return rows.map((r) => ({
    dseq: r.dseq,
    id: r.id,
    hash: r.hash,
    link: r.link,
    state: r.pending === 1 ? 'pending' : r.refused === 1 ? 'refused' : 'stored',
  }));
}
