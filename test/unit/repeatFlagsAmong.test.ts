/**
 * The case projector judges repeat flags from one read of the customer's
 * index rows around a case (electron/desk/features/cases/repeats.ts
 * `flagsAmong`), walking back from the case's receipt. It must say what the
 * shared rule says (shared/domain/cases/repeat.ts `judgeRepeat`) for any set
 * of cases: equal receipts, equal categories, windows of different sizes,
 * rows outside the window on both sides.
 */
import { describe, expect, it } from 'vitest';
import { flagsAmong, type IndexRow } from '../../electron/desk/features/cases/repeats';
import { DAY_MS, judgeRepeat } from '../../shared/domain/cases/repeat';

/** A small deterministic generator (tests must not depend on Math.random's seed). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function rowsOf(rand: () => number, n: number): IndexRow[] {
  const base = Date.UTC(2026, 0, 1);
  const rows: IndexRow[] = [];
  for (let i = 0; i < n; i++) {
    // Receipts bunched on a few days (equal instants happen), windows from 1 to 366 days.
    const day = Math.floor(rand() * 400) - 200;
    const same = rand() < 0.2 && rows.length > 0;
    rows.push({
      case_pos: i + 1,
      case_id: `c${Math.floor(rand() * 1e6)
        .toString(36)
        .padStart(4, '0')}${i}`,
      phone_norm: '13800000000',
      name_norm: '',
      received_ms: same
        ? rows[rows.length - 1]!.received_ms
        : base + day * DAY_MS + Math.floor(rand() * 3) * 3_600_000,
      window_days: [1, 7, 30, 90, 366][Math.floor(rand() * 5)]!,
      category: ['fees', 'card', 'queue'][Math.floor(rand() * 3)]!,
    });
  }
  return rows.sort((a, b) => a.received_ms - b.received_ms);
}

describe('flagsAmong', () => {
  it('agrees with the shared repeat rule on 300 random customers', () => {
    const rand = lcg(20261201);
    let repeats = 0;
    let same = 0;
    for (let t = 0; t < 300; t++) {
      const rows = rowsOf(rand, 1 + Math.floor(rand() * 12));
      const cases = rows.map((r) => ({ id: r.case_id, receivedMs: r.received_ms, category: r.category }));
      for (const r of rows) {
        const want = judgeRepeat(
          { id: r.case_id, receivedMs: r.received_ms, category: r.category },
          cases,
          r.window_days,
        );
        const got = flagsAmong(r, rows);
        expect(got, `case ${r.case_id} of ${JSON.stringify(rows)}`).toEqual({
          repeat: want.repeat ? 1 : 0,
          same: want.sameCategory ? 1 : 0,
        });
        repeats += got.repeat;
        same += got.same;
      }
    }
    // The generator reaches every outcome (the comparison above is not vacuous).
    expect(repeats).toBeGreaterThan(100);
    expect(same).toBeGreaterThan(30);
  });

  it('leaves the case itself out, and takes an equal receipt as earlier only with the smaller id', () => {
    const at = Date.UTC(2026, 5, 1);
    const row = (pos: number, id: string, category = 'fees'): IndexRow => ({
      case_pos: pos,
      case_id: id,
      phone_norm: '13800000000',
      name_norm: '',
      received_ms: at,
      window_days: 30,
      category,
    });
    const a = row(1, 'a');
    const b = row(2, 'b', 'card');
    expect(flagsAmong(a, [a])).toEqual({ repeat: 0, same: 0 });
    expect(flagsAmong(a, [a, b])).toEqual({ repeat: 0, same: 0 });
    expect(flagsAmong(b, [a, b])).toEqual({ repeat: 1, same: 0 });
    expect(flagsAmong(row(2, 'b'), [a, row(2, 'b')])).toEqual({ repeat: 1, same: 1 });
  });
});
