/**
 * Background fetching of the branch's evidence files (issue 12): after new
 * evidence events arrive (a pull announces `case.changed`), the fetcher reads
 * the log's `case.evidence_added` events past its watermark (meta
 * `evidence.scanSeq`; a range of the events' primary key, so each event is
 * read once), notes the files this desk has not got (`evidence_fetch`), and
 * fetches those added in the last 30 days, newest first, at most
 * `perPass` a pass. A pass stops at the first sign that head office is out of
 * reach and is cancelled when the desk closes. Older evidence is fetched when
 * a clerk opens it. A file head office answered `not_found` for (not uploaded
 * yet) is asked for again after a minute, doubling up to an hour.
 */
import { CaseEvidenceAddedPayload } from '../../../../shared/domain/cases/payloads';
import { hlcWallMs } from '../../../../shared/domain/kernel/hlc';
import type { Desk } from '../../kernel/desk';
import type { Service } from '../../kernel/services';
import { DeskBusyError } from '../../kernel/writeHold';
import type { EvidenceFiles } from './service';

const SCAN_META = 'evidence.scanSeq';
const DAY_MS = 24 * 60 * 60 * 1000;
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 60 * 60 * 1000;

export interface FetcherOptions {
  /** Schedule passes after changes (false in tests: passes run through `sweep`). */
  timers?: boolean;
  windowDays?: number;
  perPass?: number;
  debounceMs?: number;
}

export class EvidenceFetcher implements Service {
  readonly name = 'evidence';
  private readonly o: Required<FetcherOptions>;
  private abort = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Files not to ask head office for before this time (ms), after a miss; and how often missed. */
  private readonly notBefore = new Map<string, number>();
  private readonly tries = new Map<string, number>();

  constructor(
    private readonly desk: Desk,
    private readonly svc: EvidenceFiles,
    opts: FetcherOptions = {},
  ) {
    this.o = { timers: true, windowDays: 30, perPass: 20, debounceMs: 2000, ...opts };
  }

  start(): void {
    if (!this.o.timers) return;
    this.unsubscribe = this.desk.subscribe((e) => {
      if (e.type === 'case.changed') this.schedule();
    });
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  sweep(): Promise<void> {
    return this.pass();
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pass();
    }, this.o.debounceMs);
    this.timer.unref?.();
  }

  /** One pass (a pass asked for while one runs waits for it and runs again). */
  async pass(): Promise<void> {
    while (this.running) await this.running;
    if (this.stopped) return;
    this.running = this.fetchMissing()
      .catch((e: unknown) => {
        // A rebuild holding the database, or the desk closing under a pass: the next pass catches up.
        if (!(e instanceof DeskBusyError) && !this.stopped) {
          console.warn(`[evidence] background fetch failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Notes evidence files of events past the watermark that are not on this desk. */
  scan(): void {
    const sqlite = this.desk.d.sqlite;
    const read = sqlite.prepare<[number], { seq: number; hlc: string; payload: string }>(
      `SELECT seq, hlc, payload FROM events WHERE seq > ? AND type = 'case.evidence_added' ORDER BY seq LIMIT 2000`,
    );
    const note = sqlite.prepare(
      'INSERT OR IGNORE INTO evidence_fetch (sha256, size, added_ms) VALUES (?, ?, ?)',
    );
    const last = sqlite.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM events');
    this.desk.tx(() => {
      let from = Number(this.desk.meta.get(SCAN_META) ?? '0');
      for (;;) {
        const rows = read.all(from);
        for (const r of rows) {
          const p = CaseEvidenceAddedPayload.safeParse(JSON.parse(r.payload));
          if (p.success && !this.svc.files.has(p.data.sha256)) {
            note.run(p.data.sha256, p.data.size, hlcWallMs(r.hlc));
          }
          from = r.seq;
        }
        if (rows.length < 2000) break;
      }
      from = Math.max(from, last.get()?.seq ?? 0);
      this.desk.meta.set(SCAN_META, String(from));
    });
  }

  private async fetchMissing(): Promise<void> {
    this.scan();
    const sqlite = this.desk.d.sqlite;
    const since = this.desk.now() - this.o.windowDays * DAY_MS;
    const wanted = sqlite
      .prepare<[number, number], { sha256: string }>(
        'SELECT sha256 FROM evidence_fetch WHERE added_ms >= ? ORDER BY added_ms DESC LIMIT ?',
      )
      .all(since, this.o.perPass);
    const done = sqlite.prepare('DELETE FROM evidence_fetch WHERE sha256 = ?');
    const failed = sqlite.prepare(
      'UPDATE evidence_fetch SET attempts = attempts + 1, last_error = ? WHERE sha256 = ?',
    );
    const now = this.desk.now();
    for (const { sha256 } of wanted) {
      if (this.stopped) return;
      // A file head office does not have yet (or refused) is asked for again later, not on every change.
      if ((this.notBefore.get(sha256) ?? 0) > now) continue;
      const got = this.svc.files.has(sha256)
        ? 'stored'
        : await this.svc.sync.fetch(sha256, this.abort.signal);
      if (this.stopped) return;
      if (got === 'stored') {
        done.run(sha256);
        this.notBefore.delete(sha256);
      } else if (got === 'offline' || got === 'unconfigured') {
        return;
      } else {
        failed.run(got, sha256);
        const tries = (this.tries.get(sha256) ?? 0) + 1;
        this.tries.set(sha256, tries);
        this.notBefore.set(sha256, now + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (tries - 1)));
      }
    }
  }
}
