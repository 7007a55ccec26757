/**
 * The work-order projection (migration 0008, docs/repair.md): one `orders`
 * row per order, its folded OrderState as JSON plus the board's columns.
 *
 * - orders.pos (the rowid) is the seq of the event whose fold first produced
 *   the order: it depends only on arrival order, which a rebuild replays;
 * - an event that arrives in fold order is applied incrementally
 *   (applyOrderEvent); one that arrives out of order re-folds the stream from
 *   the events with seq <= its own (foldOrder), so a rebuild passes through
 *   the same states;
 * - each touched row is written once per batch;
 * - authority is judged with the staff directory's role at each event's fold
 *   key (the oracle composed in electron/desk/projection.ts). Every order
 *   event asks it (who the actor was, who signed), so each order's questions
 *   and the answers it got are kept in `order_judged`. When the staff
 *   directory changes (`dependsOn('order', 'staff')`), `refresh` asks those
 *   questions again and re-folds exactly the orders that would now get
 *   another answer: a fold that gets the same answers takes the same path,
 *   so the others cannot change. A staff event arriving after the order
 *   event it authorises or forbids still counts, and every desk (and a
 *   rebuild, whatever its chunks) ends with the same rows;
 * - the board's text filter has a gram index, `order_search` (migration 0010,
 *   ./search.ts): an order's document is written again when its searched
 *   texts or its status change;
 * - the case -> orders lookup, `order_case_links` (migration 0013,
 *   ./caseLinks.ts): an order's rows follow its state's caseIds;
 * - the repair KPIs' `order_facts` (issue 14, migration 0024, ./facts.ts):
 *   written with every order row, and a rework return's original's again.
 */
import type Database from 'better-sqlite3';
import { streamId, streamOf, type EventEnvelope } from '../../../../shared/domain/kernel/envelope';
import { compareFoldKeys, foldKey } from '../../../../shared/domain/kernel/foldKey';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import type { Role } from '../../../../shared/domain/kernel/roles';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import type { OrderRoleOracle } from '../../../../shared/domain/orders/authority';
import { applyOrderEvent, foldOrder } from '../../../../shared/domain/orders/fold';
import { ORDER_STREAM } from '../../../../shared/domain/orders/payloads';
import { followUpDone, type OrderState } from '../../../../shared/domain/orders/state';
import type { ProjectionBatch, ProjectionContext, Projector } from '../../kernel/projectors';
import { caseLinkWriter } from './caseLinks';
import { orderFactsWriter } from './facts';
import { orderSearchDocument, orderSearchKey } from './search';

/** One question the fold asked the staff directory and its answer: [staffId, foldKey, role]. */
type Asked = [staffId: string, key: string, role: Role | null];

interface OrderEntry {
  pos: number | null;
  existed: boolean;
  state: OrderState | null;
  /** The questions the state's fold asked (in order, deduplicated on write). */
  asked: Asked[];
  dirty: boolean;
  /** orderSearchKey of the stored row (null: none stored). */
  searchKey: string | null;
  /** The stored state's caseIds (its rows in order_case_links). */
  linked: readonly string[];
}

/** Bump when the rows change for the same events (columns, state shape). */
export const ORDER_PROJECTION_VERSION = 9; // 2: order_search (migration 0010); 3: order_case_links (0013); 4: order_facts; 5: desk checks keyed, stale after rework or a quote change; 6: nothing changes after release, `original` items only on rework returns, no follow-up dated before release, a substitute counts against the part it replaces; 7: a substitution replaces a quoted part, calls and openings dated ahead of their event flagged, a hand-over from rework; 8: a part charged above its quoted price is a gate gap (part_over_quote); 9: the shipped templates' safety floor and checklist lines in the fold, an item the fold raised to safety counted in the QC report

/** The board's columns of an order state. */
export function orderRowColumns(state: OrderState) {
  return {
    number: state.number,
    kind: state.kind,
    status: state.status,
    customer_name: state.customer.name,
    customer_phone: state.customer.phone,
    plate: state.subject.plate,
    vin_serial: state.subject.vinOrSerial,
    promised_at: state.promisedAt,
    received_at: state.receivedAt,
    flags: state.flags.length,
    failures: state.failedInspections,
    released_at: state.released ? isoOfHlc(state.released.hlc) : null,
    rework_of: state.reworkOf?.orderId ?? null,
    follow_up_open: state.released !== null && !followUpDone(state) ? 1 : 0,
    owner: state.owner,
    updated_at: isoOfHlc(state.lastHlc),
    last_key: state.lastKey,
  };
}

function askedJson(asked: readonly Asked[]): string {
  const seen = new Set<string>();
  const out: Asked[] = [];
  for (const a of asked) {
    const k = `${a[0]}\u0000${a[1]}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return JSON.stringify(out);
}

/**
 * `settingsAt`: the branch settings in force at an instant (days and the
 * follow-up call's due time in `order_facts`); `settingsFingerprint` changes
 * whenever any of its answers may: when it does, `refresh` writes every
 * order's facts again, so a settings event that arrives after the orders it
 * decides gives the rows a rebuild gives.
 */
export function orderProjector(
  ctx: ProjectionContext,
  roleAt: OrderRoleOracle,
  settingsAt?: SettingsAt,
  settingsFingerprint?: () => string,
): Projector {
  const s = ctx.d.sqlite;
  const COLS = `number, kind, status, customer_name, customer_phone, plate, vin_serial, promised_at,
    received_at, flags, failures, released_at, rework_of, follow_up_open, owner, updated_at, last_key, state`;
  const st = {
    byId: s.prepare(
      'SELECT o.pos, o.state, j.asked FROM orders o LEFT JOIN order_judged j ON j.order_pos = o.pos WHERE o.id = ?',
    ) as Database.Statement<[string], { pos: number; state: string; asked: string | null }>,
    insert: s.prepare(
      `INSERT INTO orders (pos, id, ${COLS}) VALUES (@pos, @id, ${COLS.split(',')
        .map((c) => `@${c.trim()}`)
        .join(', ')})`,
    ),
    update: s.prepare(
      `UPDATE orders SET ${COLS.split(',')
        .map((c) => `${c.trim()} = @${c.trim()}`)
        .join(', ')} WHERE pos = @pos`,
    ),
    searchInsert: s.prepare('INSERT INTO order_search (rowid, g) VALUES (?, ?)'),
    searchDelete: s.prepare('DELETE FROM order_search WHERE rowid = ?'),
    judged: s.prepare('INSERT OR REPLACE INTO order_judged (order_pos, asked) VALUES (?, ?)'),
    allOrders: s.prepare('SELECT pos, id, state FROM orders ORDER BY pos') as Database.Statement<
      [],
      { pos: number; id: string; state: string }
    >,
    allJudged: s.prepare(
      'SELECT j.order_pos AS pos, j.asked, o.id, o.state FROM order_judged j JOIN orders o ON o.pos = j.order_pos ORDER BY j.order_pos',
    ) as Database.Statement<[], { pos: number; asked: string; id: string; state: string }>,
  };
  const writeLinks = caseLinkWriter(s);
  const facts = orderFactsWriter(s, settingsAt);
  // The settings the facts rows were written with (null after a clear: the next refresh writes them all).
  let factsBasis: string | null = settingsFingerprint?.() ?? null;

  // The oracle, writing down each question and answer of the fold running now.
  let asking: Asked[] = [];
  const auth = {
    roleAt: (staffId: string, key: string) => {
      const role = roleAt(staffId, key);
      asking.push([staffId, key, role]);
      return role;
    },
  };

  function apply(batch: Map<string, OrderEntry>, e: EventEnvelope, seq: number): void {
    const orderId = streamId(e.stream);
    let entry = batch.get(orderId);
    if (!entry) {
      const row = st.byId.get(orderId);
      let stored: OrderState | null = null;
      entry = row
        ? {
            pos: row.pos,
            existed: true,
            state: (stored = JSON.parse(row.state) as OrderState),
            asked: row.asked ? (JSON.parse(row.asked) as Asked[]) : [],
            dirty: false,
            searchKey: orderSearchKey(orderRowColumns(stored)),
            linked: stored.caseIds,
          }
        : { pos: null, existed: false, state: null, asked: [], dirty: false, searchKey: null, linked: [] };
      batch.set(orderId, entry);
    }
    asking = [];
    let next: OrderState | null;
    let incremental = true;
    if (entry.state !== null && compareFoldKeys(foldKey(e), entry.state.lastKey) > 0) {
      next = applyOrderEvent(entry.state, e, auth);
    } else if (entry.state === null && e.type === 'order.opened' && !ctx.streamHasEarlier(e.stream, seq)) {
      next = applyOrderEvent(null, e, auth);
    } else {
      next = foldOrder(ctx.readStream(e.stream, seq), auth);
      incremental = false;
    }
    entry.asked = incremental ? [...entry.asked, ...asking] : asking;
    if (next !== entry.state) {
      entry.state = next;
      entry.dirty = true;
    }
    if (next !== null && entry.pos === null) entry.pos = seq;
  }

  /**
   * Writes the row; its search document too unless `searchKey` (the stored
   * one's) is still right; its case links from `linked` (the stored one's) to the state's.
   */
  function write(
    orderId: string,
    pos: number,
    state: OrderState,
    existed: boolean,
    asked: readonly Asked[],
    searchKey: string | null,
    linked: readonly string[],
  ) {
    const cols = orderRowColumns(state);
    const row = { ...cols, pos, id: orderId, state: JSON.stringify(state) };
    if (existed) st.update.run(row);
    else st.insert.run(row);
    st.judged.run(pos, askedJson(asked));
    if (orderSearchKey(cols) !== searchKey) {
      if (existed) st.searchDelete.run(pos); // none stored: nothing deleted
      st.searchInsert.run(pos, orderSearchDocument(cols));
    }
    writeLinks(pos, linked, state.caseIds);
    facts.write(pos, orderId, state);
    if (state.reworkOf) facts.writeOriginal(state.reworkOf.orderId);
  }

  function flush(batch: Map<string, OrderEntry>): string[] {
    const changed: string[] = [];
    for (const [orderId, entry] of batch) {
      if (!entry.dirty || entry.state === null || entry.pos === null) continue;
      write(orderId, entry.pos, entry.state, entry.existed, entry.asked, entry.searchKey, entry.linked);
      changed.push(orderId);
    }
    batch.clear();
    return changed;
  }

  /** The staff directory changed: re-fold the orders any of whose questions now get another answer. */
  function refresh(upToSeq: number): string[] {
    const changed: string[] = [];
    for (const row of st.allJudged.all()) {
      const asked = JSON.parse(row.asked) as Asked[];
      if (asked.every(([staffId, key, role]) => roleAt(staffId, key) === role)) continue;
      asking = [];
      const next = foldOrder(ctx.readStream(streamOf(ORDER_STREAM, row.id), upToSeq), auth);
      if (next === null) continue;
      const json = JSON.stringify(next);
      if (json === row.state) {
        st.judged.run(row.pos, askedJson(asking));
        continue;
      }
      const stored = JSON.parse(row.state) as OrderState;
      write(row.id, row.pos, next, true, asking, orderSearchKey(orderRowColumns(stored)), stored.caseIds);
      changed.push(row.id);
    }
    // The settings changed (or a rebuild cleared the rows): every order's facts with the settings now.
    const basis = settingsFingerprint?.() ?? null;
    if (basis !== null && basis !== factsBasis) {
      for (const row of st.allOrders.all()) facts.write(row.pos, row.id, JSON.parse(row.state) as OrderState);
      factsBasis = basis;
    }
    return changed;
  }

  return {
    kind: ORDER_STREAM,
    version: ORDER_PROJECTION_VERSION,
    clear: () => {
      s.exec(
        "DELETE FROM orders; DELETE FROM order_judged; DELETE FROM order_case_links; DELETE FROM order_facts; INSERT INTO order_search (order_search) VALUES ('delete-all');",
      );
      factsBasis = null;
    },
    begin(): ProjectionBatch {
      const batch = new Map<string, OrderEntry>();
      return { apply: (e, seq) => apply(batch, e, seq), flush: () => flush(batch) };
    },
    announce: (orderId) => ({ type: 'order.changed', orderId }),
    refresh,
  };
}
