/**
 * Writes this desk's audit chain (shared/domain/kernel/chain.ts, migration
 * 0017) as the event store inserts events: every event stored with this
 * desk's own device id, whichever path stored it (a handler, an import, its
 * own events coming back from head office after a restore), gets the next
 * `dseq` and link, in the same transaction as the event. Events of other
 * devices are chained by their own desks.
 *
 * Cost on the bulk path: one meta look-up and one chain-head look-up per
 * append call (not per event), then per own event one sha256 of 128 bytes
 * and one insert.
 */
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { GENESIS_LINK } from '../../../shared/domain/kernel/chain';

export class AuditChainWriter {
  private readonly st: {
    device: Database.Statement<[], { value: string }>;
    head: Database.Statement<[], { dseq: number; link: string }>;
    insert: Database.Statement<[number, number, string, string]>;
  };
  /** This desk's device id once known (it never changes after setup). */
  private device: string | null = null;
  /** The chain head within the current append call; undefined until first needed. */
  private head: { dseq: number; link: string } | undefined;

  constructor(sqlite: Database.Database) {
    this.st = {
      device: sqlite.prepare("SELECT value FROM meta WHERE key = 'device.id'"),
      head: sqlite.prepare('SELECT dseq, link FROM audit_chain ORDER BY dseq DESC LIMIT 1'),
      insert: sqlite.prepare('INSERT INTO audit_chain (dseq, seq, event_id, link) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Call at the start of each append (inside its transaction): the head is read again. */
  begin(): void {
    this.head = undefined;
    this.device ??= this.st.device.get()?.value ?? null;
  }

  /** Chains one just-inserted event when it is this desk's own. */
  add(device: string, eventId: string, eventHash: string, seq: number): void {
    if (this.device === null || device !== this.device) return;
    this.head ??= this.st.head.get() ?? { dseq: 0, link: GENESIS_LINK };
    const link = hash('sha256', this.head.link + eventHash, 'hex');
    const dseq = this.head.dseq + 1;
    this.st.insert.run(dseq, seq, eventId, link);
    this.head = { dseq, link };
  }
}
