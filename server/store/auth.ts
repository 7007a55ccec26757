/**
 * Who is calling: device and admin tokens looked up by hash (requests that
 * arrive together share one query), and the admin tokens head office manages
 * from the CLI.
 */
import type { DeviceRole } from '../../shared/contract/sync';
import { newToken, tokenHash } from '../tokens';
import { Batcher, type BatcherStats } from './batcher';
import { GROUPS_IN_FLIGHT, type StoreContext } from './context';
import type { DevicesTable } from './schema';

/** Who is calling, from the bearer token. */
export type Caller =
  | {
      kind: 'device';
      deviceId: string;
      branch: string;
      role: DeviceRole;
      deviceCode: string;
      lastSeenAt: number | null;
      /** The stored x-loopdesk-waiting report (a pull writes only when it changes). */
      eventsWaiting: number | null;
      /** When the device was (last) enrolled, ms. */
      enrolledAt: number;
    }
  | { kind: 'admin' };

export type AuthResult = Caller | 'unknown' | 'revoked';

/** Hex digits of an admin token's hash that name it in the CLI. */
export const ADMIN_TOKEN_ID_LENGTH = 12;
const ADMIN_TOKEN_ID_RE = new RegExp(`^[0-9a-fA-F]{${ADMIN_TOKEN_ID_LENGTH},64}$`);

export function adminTokenId(hash: string): string {
  return hash.slice(0, ADMIN_TOKEN_ID_LENGTH);
}

export interface AdminTokenInfo {
  id: string;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
}

/** Token hashes looked up in one query at most. */
const TOKEN_LOOKUP_MAX = 500;

const TOKEN_COLUMNS = [
  'id',
  'branch',
  'role',
  'device_code',
  'token_hash',
  'previous_token_hash',
  'last_seen_at',
  'revoked_at',
  'events_waiting',
  'enrolled_at',
] as const;
type TokenRow = Pick<DevicesTable, (typeof TOKEN_COLUMNS)[number]>;

/** The device rows of several token hashes (current or previous token), in one query. */
async function devicesByTokenHash(
  c: StoreContext,
  keys: readonly string[],
): Promise<PromiseSettledResult<TokenRow | undefined>[]> {
  const unique = [...new Set(keys)];
  const rows = await c.db
    .selectFrom('devices')
    .select(TOKEN_COLUMNS)
    .where((eb) => eb.or([eb('token_hash', 'in', unique), eb('previous_token_hash', 'in', unique)]))
    .execute();
  const byKey = new Map<string, TokenRow>();
  for (const r of rows) {
    if (r.previous_token_hash !== null) byKey.set(r.previous_token_hash, r);
  }
  // A current token wins over a previous one of the same hash (not expected: hashes of random tokens).
  for (const r of rows) byKey.set(r.token_hash, r);
  return keys.map((k) => ({ status: 'fulfilled', value: byKey.get(k) }));
}

/** Token checks, batched: every request checks its token. */
export class TokenAuth {
  private readonly lookups: Batcher<string, TokenRow | undefined>;

  constructor(private readonly c: StoreContext) {
    this.lookups = new Batcher((keys) => devicesByTokenHash(c, keys), {
      inFlight: GROUPS_IN_FLIGHT[c.engine],
      maxWeight: TOKEN_LOOKUP_MAX,
    });
  }

  get stats(): BatcherStats {
    return { ...this.lookups.stats };
  }

  /** Who holds the token already hashed with `tokenHash`. */
  async authenticateHash(key: string): Promise<AuthResult> {
    const d = await this.lookups.submit(key);
    if (d) {
      if (d.revoked_at !== null) return 'revoked';
      // The newest token is in use: the one it replaced is not needed any more.
      if (d.previous_token_hash !== null && d.token_hash === key) {
        await this.c.db
          .updateTable('devices')
          .set({ previous_token_hash: null })
          .where('id', '=', d.id)
          .where('token_hash', '=', key)
          .execute();
      }
      return {
        kind: 'device',
        deviceId: d.id,
        branch: d.branch,
        role: d.role,
        deviceCode: d.device_code,
        lastSeenAt: d.last_seen_at === null ? null : Number(d.last_seen_at),
        eventsWaiting: d.events_waiting === null ? null : Number(d.events_waiting),
        enrolledAt: Number(d.enrolled_at),
      };
    }
    const a = await this.c.db
      .selectFrom('admin_tokens')
      .select(['revoked_at'])
      .where('token_hash', '=', key)
      .executeTakeFirst();
    if (a) return a.revoked_at !== null ? 'revoked' : { kind: 'admin' };
    return 'unknown';
  }
}

export async function createAdminToken(c: StoreContext, now: number, label: string | null): Promise<string> {
  const token = newToken();
  await c.write(async (tx) => {
    await tx
      .insertInto('admin_tokens')
      .values({ token_hash: tokenHash(token), label, created_at: now, revoked_at: null })
      .execute();
  });
  return token;
}

/** Admin tokens, newest first, by id (the start of the token's hash; the token itself is never kept). */
export async function listAdminTokens(c: StoreContext): Promise<AdminTokenInfo[]> {
  const rows = await c.db
    .selectFrom('admin_tokens')
    .select(['token_hash', 'label', 'created_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .orderBy('token_hash')
    .execute();
  return rows.map((r) => ({
    id: adminTokenId(r.token_hash),
    label: r.label,
    createdAt: Number(r.created_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  }));
}

/**
 * Switches off an admin token given by its id (at least the first
 * ADMIN_TOKEN_ID_LENGTH hex digits of its hash) or by the token itself.
 */
export async function revokeAdminToken(
  c: StoreContext,
  idOrToken: string,
  now: number,
): Promise<'revoked' | 'already_revoked' | 'unknown' | 'ambiguous'> {
  const text = idOrToken.trim();
  return c.write(async (tx) => {
    let hashes = (
      await tx
        .selectFrom('admin_tokens')
        .select('token_hash')
        .where('token_hash', '=', tokenHash(text))
        .execute()
    ).map((r) => r.token_hash);
    if (hashes.length === 0 && ADMIN_TOKEN_ID_RE.test(text)) {
      const prefix = text.toLowerCase();
      hashes = (await tx.selectFrom('admin_tokens').select('token_hash').execute())
        .map((r) => r.token_hash)
        .filter((h) => h.startsWith(prefix));
    }
    if (hashes.length === 0) return 'unknown';
    if (hashes.length > 1) return 'ambiguous';
    const r = await tx
      .updateTable('admin_tokens')
      .set({ revoked_at: now })
      .where('token_hash', '=', hashes[0] ?? '')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0 ? 'revoked' : 'already_revoked';
  });
}
