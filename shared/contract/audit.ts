/**
 * POST /v1/audit (docs/protocol.md §11, docs/audit-trail.md): a desk sends its
 * audit chain (shared/domain/kernel/chain.ts) and signed checkpoints; head
 * office checks that the rows continue the chain it holds for the device,
 * stores them, and acknowledges each checkpoint with the link it holds.
 */
import { z } from 'zod';

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const AUDIT_LIMITS = {
  /** Most chain rows in one request. */
  rows: 2000,
  /** Most checkpoints in one request. */
  checkpoints: 100,
} as const;

export const AuditChainRowWire = z
  .object({
    dseq: z.number().int().min(1),
    id: z.string().uuid(),
    hash: z.string().regex(HEX64),
    link: z.string().regex(HEX64),
    /**
     * What became of the event at push as the desk sees it: accepted
     * ('stored'), refused for good ('refused', kept in the desk's
     * sync_rejected), or still in its outbox ('pending').
     */
    state: z.enum(['stored', 'refused', 'pending']),
  })
  .strict();
export type AuditChainRowWire = z.infer<typeof AuditChainRowWire>;

export const AuditCheckpointWire = z
  .object({
    dseq: z.number().int().min(1),
    link: z.string().regex(HEX64),
    /** ed25519 over checkpointText({device, dseq, link}), base64. */
    signature: z.string().regex(BASE64).max(200),
  })
  .strict();
export type AuditCheckpointWire = z.infer<typeof AuditCheckpointWire>;

export const AuditPushRequest = z
  .object({
    /** The device's ed25519 public key (SPKI DER, base64); fixed at the first call. */
    publicKey: z.string().regex(BASE64).max(200),
    rows: z.array(AuditChainRowWire).max(AUDIT_LIMITS.rows),
    checkpoints: z.array(AuditCheckpointWire).max(AUDIT_LIMITS.checkpoints),
  })
  .strict();
export type AuditPushRequest = z.infer<typeof AuditPushRequest>;

export const AuditPushResponse = z.object({
  ok: z.literal(true),
  /** The chain head head office holds for this device after the request (null: none yet). */
  head: z.object({ dseq: z.number().int(), link: z.string() }).nullable(),
  /** One per checkpoint received: the link head office holds for that dseq. */
  acks: z.array(z.object({ dseq: z.number().int(), link: z.string() })),
  serverTime: z.number(),
});
export type AuditPushResponse = z.infer<typeof AuditPushResponse>;
