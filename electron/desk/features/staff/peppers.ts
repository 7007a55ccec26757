/**
 * The branch's credential keys ("peppers"): secret keys mixed into every PIN
 * and password before scrypt (HMAC-SHA256 of the secret under the key), so
 * the hash records that travel in the event log cannot be guessed offline by
 * whoever holds a device token or a copy of head office's events. A key never
 * enters the log: a credential names its key by id (`pepper`), and the keys
 * live in the desk's `meta` and, for the branch, at head office, which hands
 * them over only at enrolment (docs/security.md, decision 0021).
 *
 * A desk makes a key of its own at first-run setup. At enrolment it sends its
 * keys and receives the branch's, and the branch key becomes its current one:
 * a record hashed under another key is hashed again under the current one the
 * next time its holder signs in on this desk (the secret is in hand then).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { credentialKeyId } from '../../../../shared/domain/staff/keys';
import type { Meta } from '../../kernel/meta';

export const PEPPERS_META_KEY = 'staff.peppers';

export interface Pepper {
  /** First 16 hex digits of the key's SHA-256: names it in credentials. */
  id: string;
  /** 32 random bytes, base64. */
  key: string;
}

interface Keyring {
  current: string;
  keys: Record<string, string>;
}

export const pepperId = credentialKeyId;

export function newPepper(): Pepper {
  const key = randomBytes(32).toString('base64');
  return { id: pepperId(key), key };
}

/** What scrypt hashes for a secret under a key: the key's HMAC of the normalised secret. */
export function pepperedSecret(secret: string, pepper: Pepper | null): string {
  const nfc = secret.normalize('NFC');
  if (!pepper) return nfc;
  return createHmac('sha256', Buffer.from(pepper.key, 'base64')).update(nfc, 'utf8').digest('base64');
}

function read(meta: Meta): Keyring | null {
  const raw = meta.get(PEPPERS_META_KEY);
  if (raw === null) return null;
  const parsed = JSON.parse(raw) as Keyring;
  return parsed && typeof parsed.current === 'string' && parsed.keys ? parsed : null;
}

function write(meta: Meta, ring: Keyring): void {
  meta.set(PEPPERS_META_KEY, JSON.stringify(ring));
}

/** The key new credentials are hashed under; made (and kept) on first use. Call inside a transaction. */
export function currentPepper(meta: Meta): Pepper {
  const ring = read(meta);
  const key = ring?.keys[ring.current];
  if (ring && key !== undefined) return { id: ring.current, key };
  const made = newPepper();
  write(meta, { current: made.id, keys: { ...(ring?.keys ?? {}), [made.id]: made.key } });
  return made;
}

/** The key a credential names, or null when this desk does not hold it. */
export function pepperById(meta: Meta, id: string): Pepper | null {
  const key = read(meta)?.keys[id];
  return key === undefined ? null : { id, key };
}

/** Every key this desk holds (sent at enrolment). */
export function allPeppers(meta: Meta): Pepper[] {
  const ring = read(meta);
  return ring ? Object.entries(ring.keys).map(([id, key]) => ({ id, key })) : [];
}

/**
 * Adds the branch's keys received at enrolment and makes `current` the one
 * new credentials use. Keys whose id does not match their bytes are ignored.
 */
export function adoptBranchPeppers(meta: Meta, peppers: readonly Pepper[], current: string): void {
  const ring = read(meta) ?? { current: '', keys: {} };
  for (const p of peppers) if (pepperId(p.key) === p.id) ring.keys[p.id] = p.key;
  if (ring.keys[current] !== undefined) ring.current = current;
  write(meta, ring);
}
