/**
 * Writing an import (issue 13 item 2; decision 0035 "Writing"): each case a
 * preview lists becomes one `case.imported` event on its own case stream,
 * with the deterministic ids of shared/domain/import/importIds.ts, in chunks
 * of CHUNK_ROWS, one transaction each. A case whose event the desk already
 * holds (an earlier import of the same rows) is counted as `already` and not
 * written again. Numbers: the receipt's date (the branch's wall date, as the
 * log writes it) with this device's counter for that date; a restored desk
 * that has not synced refuses (NumbersHeldError), as every numbering does.
 *
 * Between chunks the event loop turns (a window's call, Ctrl+C, a cancel is
 * heard); a cancel ends the run between two chunks, so only whole chunks are
 * kept. Imported events are local events: they enter the outbox and the audit
 * chain like any other (the store's append).
 */
import type Database from 'better-sqlite3';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { formatCaseNumber } from '../../../../shared/domain/kernel/caseNumber';
import type { ImportedCase } from '../../../../shared/domain/import/rows';
import type { PayloadOf } from '../../../../shared/domain/events';
import type { Desk } from '../../kernel/desk';
import { highestSeq } from '../../kernel/numbering';
import { caseIdsOf } from './ids';

/** Cases written per transaction. */
export const CHUNK_ROWS = 500;

export interface ImportCounts {
  /** Data rows read. */
  rows: number;
  /** Rows that make cases (no problem, not a duplicate row). */
  cases: number;
  /** Cases written by this run. */
  written: number;
  /** Cases the desk held already (an earlier import of the same rows). */
  already: number;
  /** Rows with a problem (not written). */
  problemRows: number;
}

export interface WriteSource {
  file: string;
  sheet: string;
  sha256: string;
}

/** How many of `cases` the desk holds already (their `case.imported` event is in the log). */
export function countAlready(desk: Desk, cases: readonly ImportedCase[]): number {
  const branch = desk.identity()?.branchCode;
  if (branch === undefined) return 0;
  let n = 0;
  for (let i = 0; i < cases.length; i += CHUNK_ROWS) {
    n += heldEvents(
      desk,
      cases.slice(i, i + CHUNK_ROWS).map((c) => caseIdsOf(branch, c).eventId),
    ).size;
  }
  return n;
}

/** Which of the event ids `ids` the log holds: one lookup for a whole chunk. */
function heldEvents(desk: Desk, ids: readonly string[]): Set<string> {
  const st = desk.d.sqlite.prepare(
    'SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))',
  ) as Database.Statement<[string], string>;
  st.pluck();
  return new Set(st.all(JSON.stringify(ids)));
}

/** The payload of one case from the log. */
function payloadOf(c: ImportedCase, number: string, src: WriteSource): PayloadOf<'case.imported'> {
  return {
    number,
    customer: c.customer,
    channel: c.channel,
    category: c.category,
    severity: c.severity,
    account: c.account,
    receivedAt: c.receivedAt,
    region: c.region,
    result: c.result,
    status: c.status,
    closedAt: c.status === 'closed' ? c.closedAt : null,
    fcr: c.fcr,
    satisfaction: c.satisfaction,
    nature: c.nature,
    handler: c.handler,
    reference: c.reference,
    source: { file: src.file, sheet: src.sheet, row: c.row, sha256: src.sha256 },
    ...(c.customerLevel !== null ? { customerLevel: c.customerLevel } : {}),
    ...(c.sharedCustomer !== null ? { sharedCustomer: c.sharedCustomer } : {}),
  };
}

/** The branch's wall date of a receipt as the log wrote it (`2024-03-05T…+08:00` → `20240305`). */
const dayOf = (receivedAt: string): string => receivedAt.slice(0, 10).replace(/-/g, '');

/** Writes one chunk in one transaction; returns how many were written and how many were there already. */
export function writeChunk(
  desk: Desk,
  cases: readonly ImportedCase[],
  actor: string,
  src: WriteSource,
  /** Days this run has numbered already: their counter is past the log's highest, no need to look. */
  numbered: Set<string> = new Set(),
): { written: number; already: number } {
  const identity = desk.identity();
  if (!identity) throw new Error('desk is not initialized');
  return desk.tx(() => {
    const all = cases.map((c) => ({ c, ...caseIdsOf(identity.branchCode, c) }));
    const held = heldEvents(
      desk,
      all.map((f) => f.eventId),
    );
    const fresh = all.filter((f) => !held.has(f.eventId));
    // Numbers: each receipt day's next numbers on this device, reserved once per day of the chunk.
    const perDay = new Map<string, number>();
    for (const f of fresh) perDay.set(dayOf(f.c.receivedAt), (perDay.get(dayOf(f.c.receivedAt)) ?? 0) + 1);
    const next = new Map<string, number>();
    for (const [day, count] of perDay) {
      const prefix = formatCaseNumber(identity.branchCode, identity.deviceCode, day, 1).slice(0, -4);
      const floor = numbered.has(day) ? 0 : highestSeq(desk.d, 'cases', prefix);
      next.set(day, desk.meta.reserveCaseSeqs(day, floor, count));
      numbered.add(day);
    }
    const events = desk.makeEventsWithIds(
      fresh.map((f) => {
        const day = dayOf(f.c.receivedAt);
        const seq = next.get(day) as number;
        next.set(day, seq + 1);
        const number = formatCaseNumber(identity.branchCode, identity.deviceCode, day, seq);
        return {
          id: f.eventId,
          stream: streamOf('case', f.caseId),
          type: 'case.imported' as const,
          payload: payloadOf(f.c, number, src),
          actor,
        };
      }),
    );
    if (events.length > 0) desk.appendLocal(events);
    return { written: events.length, already: cases.length - fresh.length };
  });
}

/**
 * Writes cases chunk by chunk as they come (the check hands them over while
 * it runs): `add` queues them, `flush` writes every whole chunk queued (and
 * the rest once `final`), turning the event loop between chunks. Counts what
 * it wrote and what the desk held already.
 */
export class CaseWriter {
  written = 0;
  already = 0;
  done = 0;
  private readonly queue: ImportedCase[] = [];
  private readonly numbered = new Set<string>();
  private readonly size: number;

  constructor(
    private readonly desk: Desk,
    private readonly actor: string,
    private readonly src: WriteSource,
    chunk: number = CHUNK_ROWS,
  ) {
    this.size = Math.max(1, chunk);
  }

  add(cases: readonly ImportedCase[]): void {
    for (const c of cases) this.queue.push(c);
  }

  /** True when a whole chunk waits (or, `final`, anything). */
  ready(final: boolean): boolean {
    return this.queue.length >= this.size || (final && this.queue.length > 0);
  }

  /** Writes one chunk (one transaction); returns how many rows it took. */
  writeOne(): number {
    const part = this.queue.splice(0, this.size);
    const r = writeChunk(this.desk, part, this.actor, this.src, this.numbered);
    this.written += r.written;
    this.already += r.already;
    this.done += part.length;
    return part.length;
  }
}
