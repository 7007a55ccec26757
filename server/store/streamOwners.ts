/**
 * Which branch a stream belongs to at head office (decision 0053): the branch
 * of its first stored event, except the streams whose one fixed id every
 * branch shares. The push refuses another branch's events in a stream
 * (`foreign_stream`, ./events.ts).
 */
import type { Kysely } from 'kysely';
import { LIBRARY_STREAM_NAME } from '../../shared/domain/library/payloads';
import { SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import { VOLUME_STREAM_NAME } from '../../shared/domain/volume/payloads';
import { chunks } from './projectors';
import type { ServerDB } from './schema';

/**
 * The streams whose one fixed id every branch shares, each branch's events
 * folded apart (settings, the library, business volume). Every other stream
 * (a case, an order, a staff member, a rectification) belongs to one branch.
 */
export const BRANCH_SCOPED_STREAMS: ReadonlySet<string> = new Set([
  SETTINGS_STREAM_NAME,
  LIBRARY_STREAM_NAME,
  VOLUME_STREAM_NAME,
]);

/**
 * The branch each of `streams` belongs to: that of its first stored event
 * (a store written before this rule may hold another branch's events too;
 * the first decides). Streams with no event yet are missing.
 */
export async function streamOwners(
  tx: Kysely<ServerDB>,
  streams: readonly string[],
): Promise<Map<string, string>> {
  const owners = new Map<string, { branch: string; first: number }>();
  for (const part of chunks([...new Set(streams)], 500)) {
    const rows = await tx
      .selectFrom('events')
      .select((eb) => ['stream', 'branch', eb.fn.min('server_seq').as('first')])
      .where('stream', 'in', part)
      .groupBy(['stream', 'branch'])
      .execute();
    for (const r of rows) {
      const first = Number(r.first);
      const had = owners.get(r.stream);
      if (had === undefined || first < had.first) owners.set(r.stream, { branch: r.branch, first });
    }
  }
  return new Map([...owners].map(([stream, o]) => [stream, o.branch]));
}
