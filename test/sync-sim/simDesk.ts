/**
 * A desk for the sync simulations: a real desk core (electron/desk) in its own
 * folder, driven only through DeskApi `call` and the DeskCore sync hooks, that
 * can crash (close without syncing) and come back from its folder. It records
 * its persisted pull cursor after every change it reports, so the tests can
 * check that the cursor only ever moves forward, across restarts too.
 */
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import type { Result } from '../../shared/contract/result';
import type { CaseState } from '../../shared/domain/cases/state';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
  type StoredEvent,
} from '../../shared/domain/kernel/envelope';
import type { Locale } from '../../shared/domain/kernel/locale';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { openDesk, type DeskCore, type SyncOptions } from '../../electron/desk';
import { SYNC_META } from '../../electron/desk/sync/store';
import { removeDir, tempDir } from '../integration/desk-fixtures';
import { readDeskDb } from '../integration/sync-fixtures';

export interface SimDeskOptions {
  /** Label in messages, e.g. "GZ-01". */
  name: string;
  branch: string;
  branchName: string;
  deviceCode: string;
  /** The desk's wall clock (skews, simulated days). */
  now?: () => number;
  sync?: SyncOptions;
}

/** Sync settings for simulations: runs only when asked, short time limits, log lines kept. */
export function simSyncOptions(log: string[], extra: SyncOptions = {}): SyncOptions {
  return {
    timers: false,
    requestTimeoutMs: 4_000,
    enrollTimeoutMs: 4_000,
    debounceMs: 40,
    intervalMs: 1_000,
    backoffBaseMs: 60,
    backoffMaxMs: 400,
    log: (line) => {
      log.push(line);
      if (log.length > 200) log.splice(0, log.length - 200);
    },
    ...extra,
  };
}

const ADMIN_SECRET = '246810';

export class SimDesk {
  core!: DeskCore;
  session!: Session;
  open = false;
  deviceId = '';
  /** Every persisted cursor value seen, in order (across restarts). */
  readonly cursorSamples: number[] = [];
  /** Every event id this desk ever wrote (collected before each crash and at the end). */
  readonly createdIds = new Set<string>();
  /** The engine's log lines (for failure messages). */
  readonly log: string[] = [];
  restarts = 0;
  readonly dir = tempDir();
  readonly adminLogin: string;
  private readonly syncOptions: SyncOptions;

  private constructor(readonly o: SimDeskOptions) {
    this.adminLogin = `admin.${o.branch.toLowerCase()}${o.deviceCode.toLowerCase()}`;
    this.syncOptions = simSyncOptions(this.log, o.sync);
  }

  get name(): string {
    return this.o.name;
  }
  get branch(): string {
    return this.o.branch;
  }
  get deviceCode(): string {
    return this.o.deviceCode;
  }

  static async create(o: SimDeskOptions): Promise<SimDesk> {
    const d = new SimDesk(o);
    d.openCore();
    const r = await d.core.call(
      'desk.setup',
      {
        branchCode: o.branch,
        branchName: o.branchName,
        deviceCode: o.deviceCode,
        admin: {
          name: `管理员${o.deviceCode}`,
          login: d.adminLogin,
          secretKind: 'pin',
          secret: ADMIN_SECRET,
        },
      },
      { session: null, locale: 'zh-CN' },
    );
    if (!r.ok) throw new Error(`${o.name}: desk.setup failed: ${JSON.stringify(r.error)}`);
    d.session = r.value as Session;
    d.deviceId = readDeskDb(d.dir, (db) => {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as
        { value: string } | undefined;
      return row?.value ?? '';
    });
    return d;
  }

  private openCore(): void {
    this.core = openDesk({
      dataDir: this.dir,
      sync: this.syncOptions,
      ...(this.o.now ? { now: this.o.now } : {}),
    });
    this.open = true;
    this.core.subscribe(() => this.sampleCursor());
  }

  /** Signs the admin in again (after a restart, or when a simulated day passed the session's 12 h). */
  async signIn(): Promise<void> {
    const r = await this.core.call(
      'auth.signIn',
      { login: this.adminLogin, secret: ADMIN_SECRET },
      { session: null, locale: 'zh-CN' },
    );
    if (!r.ok) throw new Error(`${this.name}: sign-in failed: ${JSON.stringify(r.error)}`);
    this.session = r.value as Session;
  }

  /** A crash: the process is gone, whatever was committed stays on disk, nothing else happens. */
  crash(): void {
    if (!this.open) return;
    this.noteCreated();
    this.sampleCursor();
    this.core.close();
    this.open = false;
  }

  /** Starts the desk again from its folder and signs the admin in. */
  async reopen(): Promise<void> {
    this.crash();
    this.openCore();
    this.restarts++;
    this.sampleCursor();
    await this.signIn();
  }

  call(method: string, input: unknown, token: string | null = this.session.token, locale: Locale = 'zh-CN') {
    return this.core.call(method, input, { session: token, locale }) as Promise<Result<unknown>>;
  }

  async must<T>(method: string, input: unknown, token: string | null = this.session.token): Promise<T> {
    const r = await this.call(method, input, token);
    if (!r.ok) throw new Error(`${this.name}: ${method} failed: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }

  /**
   * Writes a raw event as this desk's own (its device and branch), bypassing
   * DeskApi, as a tampered desk would: it goes into the outbox and is pushed.
   * `hlc`: the event's HLC (default: the desk's wall clock now, counter 0).
   */
  forgeOwnEvent(stream: string, type: string, payload: unknown, actor: string, hlc?: string): EventEnvelope {
    const body = {
      id: newId(),
      stream,
      type,
      schema: 1,
      hlc: hlc ?? formatHlc(this.o.now ? this.o.now() : Date.now(), 0),
      device: this.deviceId,
      branch: this.branch,
      actor,
      payload,
    };
    const e = { ...body, hash: eventHash(body) };
    const r = this.core.appendEvents([e]);
    if (r.rejected.length > 0)
      throw new Error(`${this.name}: forged event refused: ${JSON.stringify(r.rejected)}`);
    return e;
  }

  status(): Promise<SyncStatus> {
    return this.must<SyncStatus>('sync.status', {});
  }

  /** One sync run (after any in progress); resolves with the status. */
  async syncNow(): Promise<SyncStatus> {
    const s = await this.core.syncNow();
    this.sampleCursor();
    return s;
  }

  async caseIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await this.must<CaseListPage>('case.list', { limit: 200, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) return ids.sort();
      cursor = page.nextCursor;
    }
    throw new Error(`${this.name}: case.list did not end`);
  }

  async caseSummaries(): Promise<CaseListPage['items']> {
    const out: CaseListPage['items'] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await this.must<CaseListPage>('case.list', { limit: 200, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
    throw new Error(`${this.name}: case.list did not end`);
  }

  getCase(caseId: string): Promise<CaseDetail> {
    return this.must<CaseDetail>('case.get', { caseId });
  }

  /** The pull cursor as stored in the desk's database (meta `sync.cursor`). */
  cursor(): number {
    const raw = this.meta(SYNC_META.cursor);
    return raw === null ? 0 : Number(raw);
  }

  /** The device token, read from the desk's store (there is no API for it, by design). */
  token(): string | null {
    return this.meta(SYNC_META.token);
  }

  meta(key: string): string | null {
    return readDeskDb(this.dir, (db) => {
      const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
        { value: string } | undefined;
      return row?.value ?? null;
    });
  }

  sampleCursor(): void {
    try {
      const c = this.cursor();
      if (this.cursorSamples.at(-1) !== c) this.cursorSamples.push(c);
    } catch {
      // The folder is being removed (disposal): nothing to sample.
    }
  }

  /** The events this desk wrote itself, exactly as stored. */
  ownEvents(): EventEnvelope[] {
    return readDeskDb(this.dir, (db) =>
      (
        db
          .prepare(
            `SELECT ${STORED_EVENT_COLUMNS.join(', ')} FROM events
              WHERE device = (SELECT value FROM meta WHERE key = 'device.id') ORDER BY seq`,
          )
          .all() as StoredEvent[]
      ).map(envelopeFromStored),
    );
  }

  /** Ids of every event in the desk's log (own and pulled). */
  allEventIds(): string[] {
    return readDeskDb(this.dir, (db) =>
      (db.prepare('SELECT id FROM events ORDER BY id').all() as { id: string }[]).map((r) => r.id),
    );
  }

  /** The desk's folded case states, as its projection stores them. */
  projectionStates(): Map<string, CaseState> {
    return readDeskDb(
      this.dir,
      (db) =>
        new Map(
          (db.prepare('SELECT id, state FROM cases').all() as { id: string; state: string }[]).map((r) => [
            r.id,
            JSON.parse(r.state) as CaseState,
          ]),
        ),
    );
  }

  /** Remembers every event id this desk has written so far. */
  noteCreated(): void {
    for (const e of this.ownEvents()) this.createdIds.add(e.id);
  }

  dispose(): void {
    if (this.open) this.core.close();
    this.open = false;
    removeDir(this.dir);
  }
}
