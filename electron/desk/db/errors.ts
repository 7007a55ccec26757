import type { Locale } from '../../../shared/domain/kernel/locale';
import { msgAll } from '../kernel/messages';

/**
 * The database was written by a newer Loopdesk (its PRAGMA user_version is
 * above the newest migration this version knows). Opening it could corrupt
 * data the newer version relies on, so the desk refuses to start.
 */
export class DatabaseTooNewError extends Error {
  readonly code = 'database_too_new' as const;
  /** The message in every locale, for the shell to show in the user's language. */
  readonly localized: Record<Locale, string>;

  constructor(
    readonly schemaVersion: number,
    readonly knownVersion: number,
  ) {
    const localized = msgAll('databaseTooNew', { version: schemaVersion, known: knownVersion });
    super(`${localized['zh-CN']} / ${localized.en}`);
    this.name = 'DatabaseTooNewError';
    this.localized = localized;
  }
}

/** A migration failed; the transaction was rolled back and the database is unchanged. */
export class MigrationError extends Error {
  readonly code = 'migration_failed' as const;
  readonly localized: Record<Locale, string>;

  constructor(
    readonly version: number,
    readonly reason: unknown,
  ) {
    const text = reason instanceof Error ? reason.message : String(reason);
    const localized = msgAll('migrationFailed', { version, reason: text });
    super(`${localized['zh-CN']} / ${localized.en}`, { cause: reason });
    this.name = 'MigrationError';
    this.localized = localized;
  }
}
