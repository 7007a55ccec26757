/**
 * Pull: a branch's events after a cursor, in pages bounded in events and in
 * bytes (docs/protocol.md §4, decision 0054).
 */
import { SYNC_LIMITS } from '../../shared/contract/sync';
import { STORED_EVENT_COLUMNS } from '../../shared/domain/kernel/envelope';
import type { StoreContext } from './context';

export interface PullPage {
  /** The events as JSON array text (payloads spliced in as stored). */
  eventsJson: string;
  cursor: number;
  hasMore: boolean;
}

/**
 * Events of one branch after `cursor`, in server_seq order. Payloads are
 * handed back as the JSON text they were stored as, without a parse and
 * re-serialise round trip.
 */
export async function pullEvents(
  store: StoreContext,
  branch: string,
  cursor: number,
  limit: number,
): Promise<PullPage> {
  const rows = await store.db
    .selectFrom('events')
    .select(['server_seq', ...STORED_EVENT_COLUMNS])
    .where('branch', '=', branch)
    .where('server_seq', '>', cursor)
    .orderBy('server_seq')
    .limit(limit + 1)
    .execute();
  let hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  // Bounded in bytes too (a desk reads at most SYNC_LIMITS.answerBytes): the page ends after the
  // event that passes pullPageBytes, so one event of any stored size still goes out on its own.
  const parts: string[] = [];
  let bytes = 0;
  let last: (typeof page)[number] | undefined;
  for (const r of page) {
    if (parts.length > 0 && bytes > SYNC_LIMITS.pullPageBytes) {
      hasMore = true;
      break;
    }
    const part =
      `{"id":${JSON.stringify(r.id)},"stream":${JSON.stringify(r.stream)},"type":${JSON.stringify(r.type)},` +
      `"schema":${Number(r.schema)},"hlc":${JSON.stringify(r.hlc)},"device":${JSON.stringify(r.device)},` +
      `"branch":${JSON.stringify(r.branch)},"actor":${JSON.stringify(r.actor)},"payload":${r.payload},` +
      `"hash":${JSON.stringify(r.hash)}}`;
    parts.push(part);
    // UTF-16 length: a lower bound of the UTF-8 bytes, at most three times fewer (Chinese text).
    bytes += part.length * 3;
    last = r;
  }
  return {
    eventsJson: `[${parts.join(',')}]`,
    cursor: last ? Number(last.server_seq) : cursor,
    hasMore,
  };
}
