/**
 * The backup feature's entry (issue 13, docs/backups.md): online backups as
 * a job, the daily schedule with rotation, and the checked restore the CLI runs.
 */
export { backupHandlers as handlers } from './handlers';
export { BackupService, type BackupServiceOptions } from './service';
export { restoreDesk, checkBackupFile, type RestoreOutcome, type RestoreRefusal } from './restore';
export { messages as backupMessages } from './messages';
