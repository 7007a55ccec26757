import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HLC_MAX_COUNTER,
  HLC_ZERO,
  HlcClock,
  MAX_DRIFT_MS,
  formatHlc,
  hlcWallMs,
  isTooFarAhead,
  isValidHlc,
  parseHlc,
} from '../../shared/domain/kernel/hlc';

/** A wall clock the test drives by hand. */
function manualClock(start: number) {
  let t = start;
  return {
    read: () => t,
    set: (v: number) => {
      t = v;
    },
  };
}

const T0 = 1_763_791_200_000; // 2025-11-22T06:00:00Z

describe('HLC text form', () => {
  it('pads ms to 15 and counter to 5 digits', () => {
    expect(formatHlc(T0, 7)).toBe('001763791200000-00007');
    expect(HLC_ZERO).toBe('000000000000000-00000');
    expect(parseHlc('001763791200000-00007')).toEqual({ ms: T0, counter: 7 });
    expect(hlcWallMs('001763791200000-00007')).toBe(T0);
  });

  it('string order equals numeric (ms, counter) order', () => {
    const part = fc.record({
      ms: fc.integer({ min: 0, max: 999_999_999_999_999 }),
      counter: fc.integer({ min: 0, max: HLC_MAX_COUNTER }),
    });
    fc.assert(
      fc.property(part, part, (a, b) => {
        const numeric = a.ms - b.ms || a.counter - b.counter;
        const sa = formatHlc(a.ms, a.counter);
        const sb = formatHlc(b.ms, b.counter);
        const text = sa < sb ? -1 : sa > sb ? 1 : 0;
        expect(text).toBe(Math.sign(numeric));
        expect(parseHlc(sa)).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    '',
    '1763791200000-00000',
    '001763791200000-0000',
    '001763791200000_00000',
    '001763791200000-00000 ',
    '00176379120000a-00000',
    '-01763791200000-00000',
    '001763791200000-00000-1',
  ])('parseHlc rejects %j with a clear error', (bad) => {
    expect(() => parseHlc(bad)).toThrow(/Malformed HLC .*15 digits/);
    expect(isValidHlc(bad)).toBe(false);
  });

  it('isValidHlc accepts the canonical form and rejects non-strings', () => {
    expect(isValidHlc('001763791200000-00000')).toBe(true);
    expect(isValidHlc(42)).toBe(false);
    expect(isValidHlc(null)).toBe(false);
  });

  it('formatHlc refuses parts that do not fit', () => {
    expect(() => formatHlc(-1, 0)).toThrow(RangeError);
    expect(() => formatHlc(1e15, 0)).toThrow(RangeError);
    expect(() => formatHlc(0, 100_000)).toThrow(RangeError);
    expect(() => formatHlc(1.5, 0)).toThrow(RangeError);
  });
});

describe('HlcClock.now', () => {
  it('uses the wall clock when it advances and a counter when it does not', () => {
    const wall = manualClock(T0);
    const c = new HlcClock(undefined, wall.read);
    expect(c.last()).toBe(HLC_ZERO);
    expect(c.now()).toBe(formatHlc(T0, 0));
    expect(c.now()).toBe(formatHlc(T0, 1));
    wall.set(T0 + 5);
    expect(c.now()).toBe(formatHlc(T0 + 5, 0));
    expect(c.last()).toBe(formatHlc(T0 + 5, 0));
  });

  it('stays strictly monotonic when the wall clock goes backwards', () => {
    const wall = manualClock(T0);
    const c = new HlcClock(undefined, wall.read);
    const a = c.now();
    wall.set(T0 - 60_000); // clock set back a minute
    const b = c.now();
    const d = c.now();
    expect(b > a).toBe(true);
    expect(d > b).toBe(true);
    expect(parseHlc(d)).toEqual({ ms: T0, counter: 2 });
  });

  it('is strictly increasing under any sequence of wall readings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: T0 - 1000, max: T0 + 1000 }), { minLength: 1, maxLength: 200 }),
        (reads) => {
          let i = 0;
          const c = new HlcClock(undefined, () => reads[i++ % reads.length] ?? T0);
          let prev = c.last();
          for (let k = 0; k < reads.length; k++) {
            const next = c.now();
            expect(next > prev).toBe(true);
            prev = next;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('resumes after the initial value', () => {
    const start = formatHlc(T0 + 10_000, 3);
    const c = new HlcClock(start, () => T0);
    expect(c.last()).toBe(start);
    expect(c.now()).toBe(formatHlc(T0 + 10_000, 4));
    expect(() => new HlcClock('nonsense', () => T0)).toThrow(/Malformed HLC/);
  });

  it('advances the millisecond when the counter overflows', () => {
    const c = new HlcClock(formatHlc(T0, HLC_MAX_COUNTER - 1), () => T0);
    expect(c.now()).toBe(formatHlc(T0, HLC_MAX_COUNTER));
    expect(c.now()).toBe(formatHlc(T0 + 1, 0));
    expect(c.now()).toBe(formatHlc(T0 + 1, 1));
  });

  it('treats a broken wall clock reading as 0 instead of failing', () => {
    const c = new HlcClock(formatHlc(T0, 0), () => Number.NaN);
    expect(c.now()).toBe(formatHlc(T0, 1));
  });
});

describe('HlcClock.receive', () => {
  it('jumps to a remote clock that is far ahead and stays after it', () => {
    const wall = manualClock(T0);
    const c = new HlcClock(undefined, wall.read);
    c.now();
    const remote = formatHlc(T0 + 3_600_000, 9);
    const merged = c.receive(remote);
    expect(merged).toBe(formatHlc(T0 + 3_600_000, 10));
    const after = c.now();
    expect(after > remote).toBe(true);
    expect(after).toBe(formatHlc(T0 + 3_600_000, 11));
    // the wall clock catches up: back to wall time with counter 0
    wall.set(T0 + 3_600_001);
    expect(c.now()).toBe(formatHlc(T0 + 3_600_001, 0));
  });

  it('keeps local time when the remote is behind', () => {
    const c = new HlcClock(undefined, () => T0);
    expect(c.receive(formatHlc(T0 - 5_000, 42))).toBe(formatHlc(T0, 0));
    expect(c.receive(formatHlc(T0 - 5_000, 42))).toBe(formatHlc(T0, 1));
  });

  it('takes the larger counter when local and remote share the millisecond', () => {
    const c = new HlcClock(formatHlc(T0, 3), () => T0 - 1);
    expect(c.receive(formatHlc(T0, 8))).toBe(formatHlc(T0, 9));
    const d = new HlcClock(formatHlc(T0, 8), () => T0 - 1);
    expect(d.receive(formatHlc(T0, 3))).toBe(formatHlc(T0, 9));
  });

  it('uses the wall clock when it is ahead of both', () => {
    const c = new HlcClock(formatHlc(T0, 3), () => T0 + 1);
    expect(c.receive(formatHlc(T0, 8))).toBe(formatHlc(T0 + 1, 0));
  });

  it('overflows a remote counter into the next millisecond', () => {
    const c = new HlcClock(undefined, () => T0);
    expect(c.receive(formatHlc(T0, HLC_MAX_COUNTER))).toBe(formatHlc(T0 + 1, 0));
  });

  it('always returns a value greater than both inputs (property)', () => {
    const hlc = fc
      .record({
        ms: fc.integer({ min: T0 - 100, max: T0 + 100 }),
        counter: fc.integer({ min: 0, max: HLC_MAX_COUNTER }),
      })
      .map(({ ms, counter }) => formatHlc(ms, counter));
    fc.assert(
      fc.property(hlc, hlc, fc.integer({ min: T0 - 100, max: T0 + 100 }), (local, remote, wall) => {
        const c = new HlcClock(local, () => wall);
        const r = c.receive(remote);
        expect(r > local).toBe(true);
        expect(r > remote).toBe(true);
        expect(c.last()).toBe(r);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects malformed remote clocks without changing state', () => {
    const c = new HlcClock(formatHlc(T0, 1), () => T0);
    expect(() => c.receive('999')).toThrow(/Malformed HLC/);
    expect(c.last()).toBe(formatHlc(T0, 1));
  });
});

describe('isTooFarAhead', () => {
  it('flags clocks more than the allowed drift ahead of wall time', () => {
    expect(MAX_DRIFT_MS).toBe(300_000);
    expect(isTooFarAhead(formatHlc(T0 + MAX_DRIFT_MS, 99), T0)).toBe(false);
    expect(isTooFarAhead(formatHlc(T0 + MAX_DRIFT_MS + 1, 0), T0)).toBe(true);
    expect(isTooFarAhead(formatHlc(T0 - 86_400_000, 0), T0)).toBe(false);
    expect(isTooFarAhead(formatHlc(T0 + 1001, 0), T0, 1000)).toBe(true);
  });
});
