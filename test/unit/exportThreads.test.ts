/**
 * An export page's threads (electron/desk/features/exports/threads.ts): one
 * query for the page's cases and their events, each case's events in fold
 * order (hlc, device, id) even when they were stored in another order (an
 * event from another device arriving late, equal hlcs); and the time column
 * written by hand (context.ts) as "YYYY-MM-DD HH:mm" in the branch's zone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/desk/db/open';
import { msFormatter } from '../../electron/desk/features/exports/context';
import { hlcWall } from '../../electron/desk/features/exports/rows';
import { inFoldOrder, readPageThreads } from '../../electron/desk/features/exports/threads';

const d = openDatabase(':memory:');
afterAll(() => d.close());

function addCase(pos: number, id: string): void {
  d.sqlite
    .prepare(
      `INSERT INTO cases (pos, id, number, status, customer_name, customer_phone, channel, category,
         severity, owner, received_at, opened_at, updated_at, last_key, search_text, state)
       VALUES (?, ?, ?, 'new', '', '', 'counter', 'x', 'normal', 's', '', '', '', '', '', '{}')`,
    )
    .run(pos, id, `N-${id}`);
}

function addEvent(seq: number, caseId: string, hlc: string, device: string, id: string): void {
  d.sqlite
    .prepare(
      `INSERT INTO events (seq, id, stream, type, schema, hlc, device, branch, actor, payload, hash, known)
       VALUES (?, ?, ?, 'case.note_added', 1, ?, ?, 'GZ', 's', ?, '', 1)`,
    )
    .run(seq, id, `case:${caseId}`, hlc, device, JSON.stringify({ text: id }));
}

const hlc = (ms: number, counter = 0) =>
  `${String(ms).padStart(15, '0')}-${String(counter).padStart(5, '0')}`;
const ids = (rows: readonly (readonly unknown[])[]) => rows.map((r) => JSON.parse(r[6] as string).text);

describe('an export page’s threads', () => {
  // Case a (pos 1): stored in fold order. Case b (pos 2): an event from device B
  // with an earlier hlc stored last, and two events with the same hlc whose
  // devices decide. Case c (pos 3) has no events. Case z is not on the page.
  addCase(1, 'a');
  addCase(2, 'b');
  addCase(3, 'c');
  addCase(4, 'z');
  addEvent(1, 'a', hlc(1000), 'A', 'a1');
  addEvent(2, 'b', hlc(2000), 'A', 'b1');
  addEvent(3, 'a', hlc(3000), 'A', 'a2');
  addEvent(4, 'b', hlc(5000), 'B', 'b4');
  addEvent(5, 'b', hlc(5000), 'A', 'b3');
  addEvent(6, 'z', hlc(6000), 'A', 'z1');
  addEvent(7, 'b', hlc(1500), 'B', 'b0');
  addEvent(8, 'a', hlc(4000), 'A', 'a3');

  it('reads each case’s events, in fold order whatever order they were stored in', () => {
    const page = readPageThreads(d, [3, 2, 1]);
    expect(ids(page.of(1))).toEqual(['a1', 'a2', 'a3']);
    expect(ids(page.of(2))).toEqual(['b0', 'b1', 'b3', 'b4']);
    expect(page.of(3)).toEqual([]);
    expect(page.of(4)).toEqual([]); // not on the page
    expect(ids(readPageThreads(d, [4]).of(4))).toEqual(['z1']);
    expect(readPageThreads(d, []).of(1)).toEqual([]);
  });

  it('takes stored order as fold order only when the hlcs rise strictly', () => {
    const row = (h: string) =>
      [1, 1, 't', 1, h, 's', '{}'] as [number, number, string, number, string, string, string];
    expect(inFoldOrder([row(hlc(1)), row(hlc(2))])).toBe(true);
    expect(inFoldOrder([row(hlc(2)), row(hlc(1))])).toBe(false);
    expect(inFoldOrder([row(hlc(2)), row(hlc(2))])).toBe(false);
  });
});

describe('export times', () => {
  it('reads the hlc’s wall time, canonical or not', () => {
    expect(hlcWall('001768572866495-00000')).toBe(1768572866495);
    expect(hlcWall('garbage')).toBeNaN();
  });

  it('formats instants in the branch’s zone as Intl does, across days and an offset change', () => {
    const shanghai = msFormatter('Asia/Shanghai');
    expect(shanghai(Date.UTC(2026, 10, 30, 15, 59, 59))).toBe('2026-11-30 23:59');
    expect(shanghai(Date.UTC(2026, 10, 30, 16, 0, 0))).toBe('2026-12-01 00:00');
    expect(shanghai(Number.NaN)).toBe('');
    const berlin = msFormatter('Europe/Berlin');
    const intl = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    // Every 7 minutes over the spring change (2026-03-29 01:00 UTC) and a day either side.
    for (let t = Date.UTC(2026, 2, 28, 0, 0); t < Date.UTC(2026, 2, 30, 12, 0); t += 7 * 60_000 + 13_000) {
      expect(berlin(t)).toBe(intl.format(t));
    }
  });
});
