/**
 * The desk's one credential check: whose secret is this? Sign-in (auth.ts)
 * and a signature given at the moment of signing (kernel/signatures.ts,
 * through the Directory port) both ask it, so a PIN is checked the same way
 * whichever screen it is typed on. Counting the attempt is the caller's
 * (the desk's SignInLimiter, before this runs).
 */
import type { StaffMember } from '../../../../shared/domain/staff/directory';
import type { DeskDatabase } from '../../db/open';
import type { Meta } from '../../kernel/meta';
import { staffBook } from './book';
import { dummyCredential, verifySecret, type Credential } from './credentials';
import { pepperById } from './peppers';

/** Records with one login tried at most (two desks set up apart may both have an `admin`). */
export const MAX_LOGIN_CANDIDATES = 4;

/**
 * Checks a secret against a record on this desk: under the branch key the
 * record names, which this desk may not hold (a record made on another desk
 * before it enrolled): then it cannot be checked here.
 */
export function verifyUnderKey(meta: Meta, secret: string, cred: Credential): Promise<boolean> {
  const pepper = cred.pepper === undefined ? null : pepperById(meta, cred.pepper);
  if (cred.pepper !== undefined && pepper === null) return Promise.resolve(false);
  return verifySecret(secret, cred, pepper);
}

/**
 * The record with this login (case-insensitive; enabled ones first) whose
 * secret `secret` is, read again after the hash ran (it may have been
 * disabled meanwhile), enabled or not; null when none matches. An unknown
 * login is hashed against a dummy record, so neither the answer nor the time
 * it takes tells whether the login exists. Throws HashQueueFullError when too
 * many hashes are already waiting.
 */
export async function matchSecret(
  d: DeskDatabase,
  meta: Meta,
  login: string,
  secret: string,
): Promise<StaffMember | null> {
  const candidates = staffBook(d).directory.byLogin(login).slice(0, MAX_LOGIN_CANDIDATES);
  if (candidates.length === 0) {
    await verifySecret(secret, await dummyCredential(), null);
    return null;
  }
  for (const c of candidates) {
    if (await verifyUnderKey(meta, secret, c.credential)) {
      return staffBook(d).directory.members.get(c.id) ?? null;
    }
  }
  return null;
}
