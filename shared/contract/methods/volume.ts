/**
 * DeskApi methods of the business-volume feature (issue 14 item 2; decision
 * 0039): a supervisor or administrator records the branch's volume of a
 * month in a unit, lists what is recorded, and imports pasted lines
 * `period,unit,value` (every line checked; any error stores nothing).
 * Handlers in electron/desk/features/volume/.
 */
import { z } from 'zod';
import { VOLUME_TEXT_MAX } from '../../domain/volume/lines';
import { VOLUME_UNITS, VolumePeriod, VolumeUnit } from '../../domain/volume/payloads';
import { empty, type MethodTable } from './common';

export const VolumeFigureView = z.object({
  period: z.string(),
  unit: VolumeUnit,
  value: z.number(),
  /** Who recorded it and when (ISO instant of the event's HLC). */
  recordedBy: z.object({ staffId: z.string(), name: z.string().nullable() }),
  at: z.string(),
});
export type VolumeFigureView = z.infer<typeof VolumeFigureView>;

export const VolumeList = z.object({
  /** Every recorded figure of the branch, newest month first, then in unit order. */
  figures: z.array(VolumeFigureView),
  units: z.array(VolumeUnit),
  /** Volume events kept without effect (their actor was no supervisor or administrator). */
  flags: z.number().int().min(0),
});
export type VolumeList = z.infer<typeof VolumeList>;

export const VolumeImportResult = z.object({
  lines: z.array(
    z.object({ line: z.number().int(), period: z.string(), unit: VolumeUnit, value: z.number() }),
  ),
  /** Lines whose figure differs from the one recorded (a new month or a changed value). */
  changes: z.number().int(),
  applied: z.boolean(),
});
export type VolumeImportResult = z.infer<typeof VolumeImportResult>;

export const volumeMethods = {
  'volume.list': { input: empty, output: VolumeList, auth: ['supervisor', 'admin'] },
  'volume.record': {
    input: z
      .object({
        period: VolumePeriod,
        unit: z.enum(VOLUME_UNITS),
        /** Checked by the handler (non-negative, bounded, whole for counts), so the clerk reads why; null takes it back. */
        value: z.number().nullable(),
      })
      .strict(),
    output: VolumeList,
    auth: ['supervisor', 'admin'],
  },
  'volume.import': {
    input: z
      .object({
        text: z.string().min(1).max(VOLUME_TEXT_MAX),
        /** false: check and preview only; true: record every line (all or none). */
        apply: z.boolean(),
      })
      .strict(),
    output: VolumeImportResult,
    auth: ['supervisor', 'admin'],
  },
} as const satisfies MethodTable;
