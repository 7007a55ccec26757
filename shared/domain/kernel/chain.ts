/**
 * The per-device audit chain (docs/audit-trail.md, decision 0032).
 *
 * Each device links the events it wrote, in the order it wrote them:
 *
 *   link_0 = 64 zeros (GENESIS_LINK)
 *   link_n = sha256(link_{n-1} || hash_n)
 *
 * where `hash_n` is the event's own envelope hash (kernel/hash.ts, unchanged)
 * and `||` joins the two lower-case hex texts (128 ASCII characters hashed).
 * `n` is the device sequence number, `dseq`, starting at 1. The envelope is
 * not touched: the chain lives beside the log, on the desk and at head office.
 *
 * A checkpoint is the device's ed25519 signature over `checkpointText`, which
 * pins the whole chain up to `dseq`: rewriting any earlier event, even with
 * every hash and link recomputed, changes the link the signature covers.
 *
 * Runtime-neutral: the caller passes its sha256 (node:crypto on the desk and
 * server, @noble/hashes in the browser).
 */
import type { Sha256Hex } from './hash';

export const GENESIS_LINK = '0'.repeat(64);
export const LINK_PATTERN = /^[0-9a-f]{64}$/;

/** The link after `prev` for an event whose envelope hash is `eventHash`. */
export function nextLink(prev: string, eventHash: string, sha256Hex: Sha256Hex): string {
  return sha256Hex(prev + eventHash);
}

/** One row of a device's chain, as stored and as sent to head office. */
export interface ChainRow {
  dseq: number;
  eventId: string;
  /** The event's envelope hash the link was taken over. */
  hash: string;
  link: string;
}

/** A device's signed statement that its chain reached `link` at `dseq`. */
export interface Checkpoint {
  device: string;
  dseq: number;
  link: string;
}

/** The exact text a checkpoint signature covers. */
export function checkpointText(c: Checkpoint): string {
  return `loopdesk-audit-checkpoint/1\n${c.device}\n${c.dseq}\n${c.link}`;
}

/** Checkpoints are made at every multiple of this dseq, and at the head of each push. */
export const CHECKPOINT_EVERY = 1000;
