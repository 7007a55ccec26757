/**
 * DeskApi methods for backups (docs/backups.md): where the daily backup goes
 * and how many are kept, the last backup's time and result, and a backup
 * started now. All of it is for a supervisor or an administrator (the method
 * table; the desk core enforces it). Restoring is the CLI's `restore`, run
 * while the desk is closed: a running desk cannot swap its own database.
 */
import { z } from 'zod';
import { empty, id, type MethodTable } from './common';
import { JobSummary } from './jobs';

export const BACKUP_LIMITS = {
  keepDaily: { min: 1, max: 90, default: 7 },
  keepWeekly: { min: 0, max: 52, default: 4 },
  folderChars: 1000,
} as const;

/** What a supervisor sets: the folder (null: no scheduled backups) and how many to keep. */
export const BackupSettings = z
  .object({
    folder: z.string().trim().min(1).max(BACKUP_LIMITS.folderChars).nullable(),
    keepDaily: z.number().int().min(BACKUP_LIMITS.keepDaily.min).max(BACKUP_LIMITS.keepDaily.max),
    keepWeekly: z.number().int().min(BACKUP_LIMITS.keepWeekly.min).max(BACKUP_LIMITS.keepWeekly.max),
  })
  .strict();
export type BackupSettings = z.infer<typeof BackupSettings>;

/** One backup run as a supervisor reads it. */
export const BackupRun = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** The file made (full path), when it succeeded. */
  file: z.string().nullable(),
  bytes: z.number().int().nonnegative().nullable(),
  events: z.number().int().nonnegative().nullable(),
  /** True for the daily schedule, false for one started by hand. */
  scheduled: z.boolean(),
  /** Why it failed, in the caller's language (null when it succeeded). */
  message: z.string().nullable(),
});
export type BackupRun = z.infer<typeof BackupRun>;

export const BackupView = z.object({
  settings: BackupSettings,
  last: BackupRun.nullable(),
  lastSuccessAt: z.string().nullable(),
  /** When the schedule makes the next backup (null: no folder set). */
  nextDueAt: z.string().nullable(),
});
export type BackupView = z.infer<typeof BackupView>;

export const backupMethods = {
  'backup.get': { input: empty, output: BackupView, auth: ['supervisor', 'admin'] },
  'backup.configure': { input: BackupSettings, output: BackupView, auth: ['supervisor', 'admin'] },
  /** Backs up to the configured folder now, as a job (progress and cancel through job.*). */
  'backup.start': { input: empty, output: JobSummary, auth: ['supervisor', 'admin'] },
  /** Cancels a backup job (a supervisor may not cancel other jobs); the partial file is removed. */
  'backup.cancel': {
    input: z.object({ jobId: id }).strict(),
    output: JobSummary,
    auth: ['supervisor', 'admin'],
  },
} as const satisfies MethodTable;
