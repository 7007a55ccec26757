/**
 * POST /v1/audit at head office (docs/protocol.md §11, docs/audit-trail.md):
 * a device's audit chain rows and signed checkpoints. The rows must continue
 * the chain head office holds for the device, link by link, and agree with
 * the events it stored; the checkpoints must be signed by the key the device
 * registered first and pin links of that chain. Anything else refuses the
 * whole request (409 chain_broken, naming the dseq and event) and stores
 * nothing.
 */
import { createPublicKey, hash, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditPushRequest } from '../../shared/contract/audit';
import { GENESIS_LINK, checkpointText, nextLink } from '../../shared/domain/kernel/chain';
import type { Sha256Hex } from '../../shared/domain/kernel/hash';
import { SyncHttpError } from '../errors';
import type { StoreContext } from './context';
import type { ServerDB } from './schema';

/** node:crypto's one-shot sha256 (no Hash object per call: verify takes one per event and link). */
export const sha256Hex: Sha256Hex = (text) => hash('sha256', text, 'hex');

/** True when `signature` (base64) is `publicKey`'s (SPKI DER base64) over `text`. Never throws. */
export function verifySignature(publicKey: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

function broken(dseq: number, eventId: string | null, zh: string, en: string): SyncHttpError {
  const at = eventId === null ? '' : `（事件 ${eventId}）`;
  const atEn = eventId === null ? '' : ` (event ${eventId})`;
  return new SyncHttpError(
    'chain_broken',
    `此柜台的审计链在第 ${dseq} 条${at}处与总部保存的不一致：${zh}。审计链同步已暂停，请联系总部核查（npm run cli -- verify）。 / This desk's audit chain breaks at dseq ${dseq}${atEn}: ${en}. Syncing of the audit trail is paused; contact head office (npm run cli -- verify).`,
  );
}

export interface AuditReceipt {
  head: { dseq: number; link: string } | null;
  acks: { dseq: number; link: string }[];
}

async function chainHead(tx: Kysely<ServerDB>, device: string) {
  return tx
    .selectFrom('audit_chain')
    .select(['dseq', 'link'])
    .where('device', '=', device)
    .orderBy('dseq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function receiveAudit(
  c: StoreContext,
  deviceId: string,
  req: AuditPushRequest,
  now: number,
): Promise<AuditReceipt> {
  return c.write(async (tx) => {
    const key = await tx
      .selectFrom('audit_keys')
      .select('public_key')
      .where('device', '=', deviceId)
      .executeTakeFirst();
    if (key === undefined) {
      await tx
        .insertInto('audit_keys')
        .values({ device: deviceId, public_key: req.publicKey, registered_at: now, last_at: now })
        .execute();
    } else if (key.public_key !== req.publicKey) {
      throw broken(
        0,
        null,
        '签名密钥与此柜台首次登记的不同',
        'its signing key is not the one it registered first',
      );
    } else {
      await tx.updateTable('audit_keys').set({ last_at: now }).where('device', '=', deviceId).execute();
    }
    const top = await chainHead(tx, deviceId);
    let head = { dseq: top?.dseq ?? 0, link: top?.link ?? GENESIS_LINK };
    for (const row of req.rows) {
      if (row.dseq <= head.dseq) {
        const held = await tx
          .selectFrom('audit_chain')
          .select(['event_id', 'hash', 'link', 'state'])
          .where('device', '=', deviceId)
          .where('dseq', '=', row.dseq)
          .executeTakeFirst();
        if (
          held === undefined ||
          held.event_id !== row.id ||
          held.hash !== row.hash ||
          held.link !== row.link
        ) {
          throw broken(
            row.dseq,
            row.id,
            '与总部已保存的这一条不同',
            'it differs from the row head office already holds',
          );
        }
        if (held.state === 'pending' && row.state !== 'pending') {
          await tx
            .updateTable('audit_chain')
            .set({ state: row.state })
            .where('device', '=', deviceId)
            .where('dseq', '=', row.dseq)
            .execute();
        }
        continue;
      }
      if (row.dseq !== head.dseq + 1) {
        throw broken(head.dseq + 1, null, `缺少第 ${head.dseq + 1} 条`, `dseq ${head.dseq + 1} is missing`);
      }
      if (nextLink(head.link, row.hash, sha256Hex) !== row.link) {
        throw broken(
          row.dseq,
          row.id,
          '链接值与前一条不衔接',
          'its link does not follow from the previous one',
        );
      }
      const stored = await tx
        .selectFrom('events')
        .select(['device', 'hash'])
        .where('id', '=', row.id)
        .executeTakeFirst();
      if (stored !== undefined && (stored.device !== deviceId || stored.hash !== row.hash)) {
        throw broken(
          row.dseq,
          row.id,
          '总部保存的这条记录内容不同',
          'head office stored different content for this record',
        );
      }
      await tx
        .insertInto('audit_chain')
        .values({
          device: deviceId,
          dseq: row.dseq,
          event_id: row.id,
          hash: row.hash,
          link: row.link,
          state: row.state,
          received_at: now,
        })
        .execute();
      head = { dseq: row.dseq, link: row.link };
    }
    const acks: { dseq: number; link: string }[] = [];
    for (const cp of req.checkpoints) {
      const at = await tx
        .selectFrom('audit_chain')
        .select('link')
        .where('device', '=', deviceId)
        .where('dseq', '=', cp.dseq)
        .executeTakeFirst();
      if (at === undefined || at.link !== cp.link) {
        throw broken(
          cp.dseq,
          null,
          '检查点与总部保存的链不符',
          'a checkpoint does not match the chain head office holds',
        );
      }
      if (
        !verifySignature(
          req.publicKey,
          checkpointText({ device: deviceId, dseq: cp.dseq, link: cp.link }),
          cp.signature,
        )
      ) {
        throw broken(cp.dseq, null, '检查点签名无效', 'a checkpoint signature is not valid');
      }
      const known = await tx
        .selectFrom('audit_checkpoints')
        .select('dseq')
        .where('device', '=', deviceId)
        .where('dseq', '=', cp.dseq)
        .executeTakeFirst();
      if (known === undefined) {
        await tx
          .insertInto('audit_checkpoints')
          .values({
            device: deviceId,
            dseq: cp.dseq,
            link: cp.link,
            signature: cp.signature,
            received_at: now,
          })
          .execute();
      }
      acks.push({ dseq: cp.dseq, link: at.link });
    }
    return { head: head.dseq === 0 ? null : head, acks };
  });
}
