/**
 * The rule for using head office's time in this desk's HLC (issue 7 item 10,
 * docs/decisions/0017-hlc-corrected-by-head-office-time.md):
 *
 * Every answer from head office carries its time; the client measures
 * skew = desk wall clock - server time (midpoint of the request). When
 * |skew| <= MAX_DRIFT_MS the desk's HLC reads `wall - skew` from then on, so
 * desks that have talked to head office stamp edits in (nearly) head-office
 * time, and the edit made later in real time wins a last-writer-wins field.
 * A larger skew is not applied: a clock that far off (or a server clock that
 * far off) needs a person to fix it, and the status says so. The last
 * measurement is kept in meta and applied again at the next start.
 * The HLC never goes backwards: HlcClock takes max(last, wall) (see
 * shared/domain/hlc.ts), so after a fast clock is corrected, new HLCs stay
 * at the last issued millisecond (counter rising) until real time passes it.
 */
import { MAX_DRIFT_MS } from '../../../shared/domain/kernel/hlc';

/** A new measurement is written to meta when it differs from the stored one by at least this (ms). */
export const SKEW_PERSIST_STEP_MS = 1_000;

/** The offset the HLC applies for a measured skew: the skew itself when within MAX_DRIFT_MS, else 0. */
export function appliedClockOffset(skewMs: number | null): number {
  if (skewMs === null || !Number.isFinite(skewMs)) return 0;
  return Math.abs(skewMs) <= MAX_DRIFT_MS ? Math.round(skewMs) : 0;
}

/**
 * The last measured skew: read back at start, kept in meta across restarts
 * (when it is SKEW_PERSIST_STEP_MS or more from what meta holds, so a slow
 * drift is saved too), and applied to the HLC
 * every time head office's time is read.
 */
export class MeasuredSkew {
  private value: number | null;
  /** What the store holds: a drift of less than a step a contact still adds up to a save. */
  private saved: number | null;

  constructor(
    private readonly stored: { clockSkew(): number | null; setClockSkew(ms: number): void },
    private readonly setClockOffset: (offsetMs: number) => void,
    private readonly log: (line: string) => void,
  ) {
    this.value = stored.clockSkew();
    this.saved = this.value;
    setClockOffset(appliedClockOffset(this.value));
  }

  /** This desk's wall clock minus head office's (ms), as last measured; null when never. */
  get ms(): number | null {
    return this.value;
  }

  /** Head office's time was read: keep the skew and correct the HLC. */
  measured(skewMs: number): void {
    this.value = skewMs;
    if (this.saved === null || Math.abs(this.saved - skewMs) >= SKEW_PERSIST_STEP_MS) {
      try {
        this.stored.setClockSkew(skewMs);
        this.saved = skewMs;
      } catch (e) {
        this.log(`[sync] clock skew not saved: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.setClockOffset(appliedClockOffset(skewMs));
  }
}
