/**
 * Evidence files, kept by their sha256 and scoped to the branch that stored
 * them (docs/protocol.md §7):
 *
 * - The bytes are stored once per content (`attachments`); which branch
 *   stored them is `attachment_owners`. A device sees (HEAD) only its own
 *   branch's attachments, so knowing a sha256 tells another branch nothing;
 *   its PUT must carry the bytes, and `created` answers for its branch.
 * - An event refers to an attachment when its payload has, at any depth, a
 *   property `sha256` whose value is 64 lower-case hex digits; pushes record
 *   these per branch (`attachment_refs`). An upload its branch has no event
 *   for after `graceMs` is deleted by the sweep (its bytes too, once no
 *   branch owns them).
 * - Each branch may keep at most `branchQuotaBytes`; a PUT over it is
 *   refused with 507 `attachment_quota` and stores nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { SyncHttpError } from '../errors';
import type { StoreContext } from './context';
import { STREAM_LOCK_SPACE } from './open';
import { chunks } from './projectors';
import type { ServerDB } from './schema';

export interface AttachmentPolicy {
  /** How long an upload may wait for an event of its branch that refers to it. */
  graceMs: number;
  /** Most bytes of attachments one branch may keep. */
  branchQuotaBytes: number;
  /** How often the server sweeps unreferenced uploads. */
  sweepEveryMs: number;
}

export const DEFAULT_ATTACHMENT_POLICY: AttachmentPolicy = {
  graceMs: 24 * 60 * 60 * 1000,
  branchQuotaBytes: 2 * 1024 * 1024 * 1024,
  sweepEveryMs: 60 * 60 * 1000,
};

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Uploads hold it shared, the sweep exclusively (PostgreSQL). */
const SWEEP_LOCK = 'attachments:sweep';
/** How deep and how many nodes of a payload are searched for references (payloads are ≤ 4 MiB JSON). */
const MAX_DEPTH = 32;
const MAX_NODES = 100_000;

/** The attachments an event's payload refers to (`sha256` properties holding a sha256). */
export function attachmentRefsOf(payload: unknown): string[] {
  const found = new Set<string>();
  const stack: { v: unknown; depth: number }[] = [{ v: payload, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0 && nodes < MAX_NODES) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    nodes++;
    if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, depth: depth + 1 });
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === 'sha256' && typeof x === 'string' && SHA256_HEX.test(x)) found.add(x);
      else stack.push({ v: x, depth: depth + 1 });
    }
  }
  return [...found];
}

/** Records, in the push's transaction, which attachments the newly stored events refer to. */
export async function recordAttachmentRefs(
  tx: Kysely<ServerDB>,
  events: readonly EventEnvelope[],
): Promise<void> {
  const rows = new Map<string, { branch: string; sha256: string }>();
  for (const e of events) {
    for (const sha256 of attachmentRefsOf(e.payload))
      rows.set(`${e.branch}\n${sha256}`, { branch: e.branch, sha256 });
  }
  for (const part of chunks([...rows.values()], 500)) {
    await tx
      .insertInto('attachment_refs')
      .values(part)
      .onConflict((oc) => oc.columns(['branch', 'sha256']).doNothing())
      .execute();
  }
}

/**
 * Stores the bytes under their sha256 for `branch`; false when that branch
 * already had them (nothing changes). Refuses (attachment_quota, nothing
 * stored) when the branch would keep more than its quota.
 */
export async function putAttachment(
  c: StoreContext,
  branch: string,
  sha256: string,
  bytes: Buffer,
  now: number,
  quotaBytes: number,
): Promise<boolean> {
  return c.write(async (tx) => {
    // Two uploads of one branch at once must not both fit under the quota,
    // and a sweep must not delete bytes an upload is adding an owner to.
    if (c.engine === 'postgres') {
      await sql`SELECT pg_advisory_xact_lock_shared(${STREAM_LOCK_SPACE}, hashtext(${SWEEP_LOCK}))
        UNION ALL
        SELECT pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, hashtext(${`attachments:${branch}`}))`.execute(tx);
    }
    const mine = await tx
      .selectFrom('attachment_owners')
      .select('sha256')
      .where('branch', '=', branch)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (mine) return false;
    const used = await tx
      .selectFrom('attachment_owners')
      .select((eb) => eb.fn.sum<number | string | null>('size').as('n'))
      .where('branch', '=', branch)
      .executeTakeFirst();
    const usedBytes = Number(used?.n ?? 0);
    if (usedBytes + bytes.length > quotaBytes) {
      const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
      throw new SyncHttpError(
        'attachment_quota',
        `网点 ${branch} 在服务器上的附件已用 ${mb(usedBytes)} MB（上限 ${mb(quotaBytes)} MB），放不下这个 ${mb(bytes.length)} MB 的文件，文件未上传。请联系总部。 / ` +
          `Branch ${branch} keeps ${mb(usedBytes)} MB of attachments on the server (limit ${mb(quotaBytes)} MB); this ${mb(bytes.length)} MB file does not fit and was not uploaded. Contact head office.`,
      );
    }
    await tx
      .insertInto('attachments')
      .values({ sha256, size: bytes.length, bytes, created_at: now })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await tx
      .insertInto('attachment_owners')
      .values({ branch, sha256, size: bytes.length, created_at: now })
      .execute();
    return true;
  });
}

/** Whether `branch` has stored this attachment (another branch's copy does not count). */
export async function hasAttachment(c: StoreContext, branch: string, sha256: string): Promise<boolean> {
  const r = await c.db
    .selectFrom('attachment_owners')
    .select('sha256')
    .where('branch', '=', branch)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * The bytes of an attachment, when `branch` stored it (null: every branch's,
 * for a head-office admin); null when it has not (another branch's copy is
 * not shown). Issue 12: desks of the branch download the evidence other
 * desks added; head office downloads any branch's.
 */
export async function getAttachment(
  c: StoreContext,
  branch: string | null,
  sha256: string,
): Promise<Buffer | null> {
  let q = c.db
    .selectFrom('attachments as a')
    .select(['a.bytes'])
    .where('a.sha256', '=', sha256)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('attachment_owners as o')
          .select('o.sha256')
          .whereRef('o.sha256', '=', 'a.sha256')
          .$if(branch !== null, (w) => w.where('o.branch', '=', branch ?? '')),
      ),
    );
  q = q.limit(1);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const b: unknown = row.bytes;
  return Buffer.isBuffer(b) ? b : Buffer.from(b as Uint8Array);
}

export interface SweepOutcome {
  /** Uploads dropped from their branch: no event of it referred to them within the grace period. */
  dropped: number;
  /** Files deleted: no branch keeps them any more. */
  deleted: number;
}

/**
 * Drops every upload older than `graceMs` that no event of its branch refers
 * to, then deletes the bytes no branch keeps (also those stored before
 * uploads had owners). One transaction.
 */
export async function sweepAttachments(c: StoreContext, now: number, graceMs: number): Promise<SweepOutcome> {
  return c.write(async (tx) => {
    if (c.engine === 'postgres') {
      await sql`SELECT pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, hashtext(${SWEEP_LOCK}))`.execute(tx);
    }
    const dropped = await tx
      .deleteFrom('attachment_owners')
      .where('created_at', '<', now - graceMs)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('attachment_refs')
              .select('attachment_refs.sha256')
              .whereRef('attachment_refs.branch', '=', 'attachment_owners.branch')
              .whereRef('attachment_refs.sha256', '=', 'attachment_owners.sha256'),
          ),
        ),
      )
      .executeTakeFirst();
    const deleted = await tx
      .deleteFrom('attachments')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('attachment_owners')
              .select('attachment_owners.sha256')
              .whereRef('attachment_owners.sha256', '=', 'attachments.sha256'),
          ),
        ),
      )
      .executeTakeFirst();
    return { dropped: Number(dropped.numDeletedRows), deleted: Number(deleted.numDeletedRows) };
  });
}
