/**
 * Refusing writes while a maintenance job holds the database. SQLite lets one
 * writer in at a time; a rebuild on its own thread holds the write lock for
 * its whole transaction. Rather than block the desk's thread on the lock for
 * up to the busy timeout and then fail with an internal error, the desk's
 * write path throws DeskBusyError at once and DeskApi answers `busy` with a
 * message the clerk can act on ("try again when it has finished").
 */
export class DeskBusyError extends Error {
  constructor() {
    super('the desk is busy: a maintenance job holds the database');
    this.name = 'DeskBusyError';
  }
}
