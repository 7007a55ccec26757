/**
 * The measured clock skew kept across restarts (electron/desk/sync/clockOffset.ts):
 * saved whenever it is a step or more from what the store holds, so a clock
 * drifting a little between contacts is still saved, and a restart starts from
 * a skew near the last one measured.
 */
import { describe, expect, it } from 'vitest';
import { MeasuredSkew, SKEW_PERSIST_STEP_MS } from '../../electron/desk/sync/clockOffset';

function store(initial: number | null) {
  let held = initial;
  let writes = 0;
  return {
    clockSkew: () => held,
    setClockSkew: (ms: number) => {
      held = ms;
      writes++;
    },
    get held() {
      return held;
    },
    get writes() {
      return writes;
    },
  };
}

describe('the measured clock skew', () => {
  it('saves a slow drift once it adds up to a step, not only a jump between two contacts', () => {
    const s = store(-7);
    const skew = new MeasuredSkew(
      s,
      () => {},
      () => {},
    );
    let ms = -7;
    for (let i = 0; i < 100; i++) {
      ms += 900; // less than a step each time
      skew.measured(ms);
      expect(Math.abs((s.held ?? 0) - ms)).toBeLessThan(SKEW_PERSIST_STEP_MS);
    }
    expect(s.writes).toBeGreaterThanOrEqual(45);
    expect(s.writes).toBeLessThan(100); // not every contact
  });

  it('applies the stored skew at start, and each new one', () => {
    const offsets: number[] = [];
    const skew = new MeasuredSkew(
      store(1500),
      (o) => offsets.push(o),
      () => {},
    );
    skew.measured(1600);
    expect(offsets).toEqual([1500, 1600]);
    expect(skew.ms).toBe(1600);
  });
});
