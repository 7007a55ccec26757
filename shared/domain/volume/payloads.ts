/**
 * The business-volume feature's event payloads (issue 14 item 2; decision
 * 0039), schema version 1: a branch's business volume of one month in one
 * unit, recorded by a supervisor or an administrator (or imported from a
 * sheet), so the analysis can give complaints per unit of business.
 * Runtime-neutral.
 *
 * One stream per branch with a fixed id (`volume:<VOLUME_STREAM_ID>`), as the
 * settings and library streams: branches are told apart by the envelope's
 * `branch`, and a desk holds only its own branch's events. Who may record is
 * the volume fold's call (./fold.ts), so a forged event from a counter's desk
 * is kept, flagged and has no effect.
 */
import { z } from 'zod';

/** The stream kind of business volume: `volume:<VOLUME_STREAM_ID>`. */
export const VOLUME_STREAM = 'volume';
export const VOLUME_STREAM_ID = '00000000-0000-4000-8000-00000000000d';
/** The one volume stream of a branch. */
export const VOLUME_STREAM_NAME = `${VOLUME_STREAM}:${VOLUME_STREAM_ID}`;

/**
 * The units a volume is recorded in: premium income and revenue in units of
 * 10,000 yuan (万元), and counts of transactions, repair work orders and
 * customer accounts. In this order a tie between units is broken (./total.ts).
 */
export const VOLUME_UNITS = [
  'premium_10k_yuan',
  'revenue_10k_yuan',
  'transactions',
  'work_orders',
  'accounts',
] as const;
export const VolumeUnit = z.enum(VOLUME_UNITS);
export type VolumeUnit = z.infer<typeof VolumeUnit>;

/** Units of money (万元): any value with up to 4 decimals; the others count things (whole numbers). */
export function isMoneyUnit(unit: VolumeUnit): boolean {
  return unit.endsWith('_yuan');
}

/** The largest value recorded (a trillion: far beyond any branch's month). */
export const VOLUME_MAX = 1e12;

/** A month, `YYYY-MM`, 2000-01 to 2099-12. */
export const VolumePeriod = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/);

/** Why a value is refused, or null: negative, too large, not finite, a fraction of a count, over 4 decimals. */
export function volumeValueProblem(
  unit: VolumeUnit,
  value: number,
): 'negative' | 'too_large' | 'not_whole' | 'too_precise' | null {
  if (!Number.isFinite(value)) return 'too_large';
  if (value < 0) return 'negative';
  if (value > VOLUME_MAX) return 'too_large';
  if (!isMoneyUnit(unit)) return Number.isInteger(value) ? null : 'not_whole';
  return Math.abs(Math.round(value * 10_000) - value * 10_000) < 1e-6 ? null : 'too_precise';
}

/**
 * A month's volume in one unit; `value` null takes the month's figure in that
 * unit back (recorded in the wrong unit, say). The latest by fold order wins.
 */
export const VolumeRecordedPayload = z
  .object({ period: VolumePeriod, unit: VolumeUnit, value: z.number().nullable() })
  .strict()
  .superRefine((p, ctx) => {
    if (p.value === null) return;
    const problem = volumeValueProblem(p.unit, p.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

/** Volume event type -> payload schema. */
export const VOLUME_PAYLOADS = {
  'volume.recorded': VolumeRecordedPayload,
} as const;

export type VolumeEventType = keyof typeof VOLUME_PAYLOADS;
