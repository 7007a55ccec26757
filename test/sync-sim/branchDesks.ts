/**
 * Shared setup of the two-desk simulations of issues 11 and 12 (orders,
 * case-order links, malicious claims offline): one sync server per describe,
 * desks of branch GZ enrolled straight to it (no fault proxy: see
 * lineFixtures.ts for that), disposed after each test; staff hired on a desk;
 * a desk's whole log.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { StaffSummary } from '../../shared/contract/methods/staff';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
  type StoredEvent,
} from '../../shared/domain/kernel/envelope';
import type { EngineName } from '../integration/server-fixtures';
import { readDeskDb } from '../integration/sync-fixtures';
import { SimServer } from './harness';
import { SimDesk } from './simDesk';

export interface BranchDesks {
  /** The describe's server (started in beforeAll). */
  readonly server: SimServer;
  /** A new desk of branch GZ, enrolled with the server (disposed after the test). */
  desk(code: string): Promise<SimDesk>;
}

/** Registers the describe's hooks: a server on `engine` for all its tests, the desks made in a test gone after it. */
export function branchDesks(engine: EngineName, branchName: string): BranchDesks {
  let server: SimServer | undefined;
  const desks: SimDesk[] = [];
  const started = (): SimServer => {
    if (!server) throw new Error('branchDesks: the server starts in beforeAll');
    return server;
  };

  beforeAll(async () => {
    server = await SimServer.create(engine);
    await server.start();
  });

  afterEach(() => {
    for (const d of desks.splice(0)) d.dispose();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  return {
    get server() {
      return started();
    },
    async desk(code: string): Promise<SimDesk> {
      const s = started();
      const d = await SimDesk.create({ name: `GZ-${code}`, branch: 'GZ', branchName, deviceCode: code });
      desks.push(d);
      await d.must('sync.configure', { serverUrl: s.url, code: await s.code('GZ') });
      return d;
    },
  };
}

/** Hires staff on desk `d`, each with the PIN `secret`. */
export function hirer(d: SimDesk, secret: string) {
  return (name: string, login: string, role: string): Promise<StaffSummary> =>
    d.must<StaffSummary>('staff.create', { name, login, role, secretKind: 'pin', secret });
}

/** Every event in a desk's log (own and pulled). */
export function deskLog(d: SimDesk): EventEnvelope[] {
  return readDeskDb(d.dir, (db) =>
    (db.prepare(`SELECT ${STORED_EVENT_COLUMNS.join(', ')} FROM events`).all() as StoredEvent[]).map(
      envelopeFromStored,
    ),
  );
}
