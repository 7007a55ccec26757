/**
 * Head office's copy of the audit chain (docs/audit-trail.md): a desk sends
 * its chain and signed checkpoints after each push (POST /v1/audit), head
 * office refuses a break, and `verify` at head office (store and CLI) names
 * the first edited, rehashed, deleted, inserted or reordered event, and an
 * edit whose hashes and chain were all recomputed (the device's signed
 * checkpoint no longer matches). SQLite always; PostgreSQL with
 * LOOPDESK_TEST_PG_URL.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { GENESIS_LINK, nextLink } from '../../shared/domain/kernel/chain';
import { envelopeFromStored, type StoredEvent } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { newId } from '../../shared/domain/kernel/ids';
import { ServerStore } from '../../server/store';
import { sha256Hex } from '../../server/store/audit';
import { newCaseInput } from './desk-fixtures';
import {
  deskMeta,
  disposeDesk,
  engines,
  newDesk,
  runCleanup,
  syncNowAndWait,
  TestServer,
  waitFor,
  type CleanupList,
  type SyncDesk,
} from './sync-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const SERVER_MAIN = path.join(root, 'server', 'main.ts');

type Q = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** SQL on the stopped server's database, `?` placeholders on either engine. */
function sqlOn(server: TestServer): { q: Q; close: () => Promise<void> } {
  if (server.storeUrl === '') {
    const db = new Database(path.join(server.dataDir, 'server.db'));
    return {
      q: (sql, params = []) => {
        const st = db.prepare(sql);
        return Promise.resolve(
          st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []),
        );
      },
      close: () => {
        db.close();
        return Promise.resolve();
      },
    };
  }
  const client = new pg.Client({ connectionString: server.storeUrl });
  const ready = client.connect();
  return {
    q: async (sql, params = []) => {
      await ready;
      let n = 0;
      const res = await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return res.rows as Record<string, unknown>[];
    },
    close: async () => {
      await ready;
      await client.end();
    },
  };
}

for (const engine of engines()) {
  describe(`audit chain at head office (${engine})`, () => {
    const cleanup: CleanupList = [];
    let server: TestServer;
    let desk: SyncDesk;
    let device = '';

    async function verify() {
      const store = await ServerStore.open({ dataDir: server.dataDir, databaseUrl: server.storeUrl });
      try {
        return await store.verifyAudit();
      } finally {
        await store.close();
      }
    }

    beforeAll(async () => {
      server = new TestServer(engine);
      await server.start();
      cleanup.push(() => server.dispose());
      desk = await newDesk('01');
      cleanup.push(() => disposeDesk(desk));
      await desk.must<SyncStatus>('sync.configure', {
        serverUrl: server.url,
        code: await server.code('GZ', 'supervisor'),
      });
      await waitFor(async () => ((await desk.status()).state === 'online' ? true : undefined));
      for (let i = 0; i < 5; i++) await desk.must('case.create', newCaseInput());
      const s = await syncNowAndWait(desk);
      expect(s.state).toBe('online');
      device = deskMeta(desk.dir, 'device.id') ?? '';
      await server.stop();
    }, 60_000);
    afterAll(() => runCleanup(cleanup));

    it('holds the desk chain and its acknowledged checkpoint, and verifies clean', async () => {
      const { q, close } = sqlOn(server);
      const chain = await q('SELECT dseq, event_id, state FROM audit_chain WHERE device = ? ORDER BY dseq', [
        device,
      ]);
      await close();
      const deskDb = new Database(path.join(desk.dir, 'loopdesk.db'), { readonly: true });
      const own = deskDb.prepare('SELECT id FROM events WHERE device = ? ORDER BY seq').all(device) as {
        id: string;
      }[];
      const acked = deskDb
        .prepare('SELECT dseq, ack_link, link FROM audit_checkpoints WHERE acked_at IS NOT NULL')
        .all() as {
        dseq: number;
        ack_link: string;
        link: string;
      }[];
      deskDb.close();
      expect(chain.map((r) => r.event_id)).toEqual(own.map((r) => r.id));
      expect(chain.every((r) => r.state === 'stored')).toBe(true);
      expect(acked.some((a) => Number(a.dseq) === own.length && a.ack_link === a.link)).toBe(true);
      expect(deskMeta(desk.dir, 'audit.settledDseq')).toBe(String(own.length));
      const r = await verify();
      expect(r).toMatchObject({ bad: 0, devices: 1, chained: own.length });
    });

    async function ownRows(q: Q): Promise<(StoredEvent & { server_seq: number; received_at: number })[]> {
      return (await q('SELECT * FROM events WHERE device = ? ORDER BY server_seq', [device])) as never;
    }

    /** Applies `tamper`, verifies, then puts the data back as it was. */
    async function tampered(tamper: (q: Q) => Promise<() => Promise<void>>) {
      const { q, close } = sqlOn(server);
      let undo: () => Promise<void> = () => Promise.resolve();
      try {
        undo = await tamper(q);
        return await verify();
      } finally {
        await undo();
        await close();
      }
    }

    const edited = (r: StoredEvent): StoredEvent => {
      const payload = JSON.parse(r.payload) as Record<string, unknown>;
      payload.tampered = '篡改';
      return { ...r, payload: JSON.stringify(payload) };
    };

    it('detects an edited event', async () => {
      let id = '';
      const r = await tampered(async (q) => {
        const e = (await ownRows(q))[2]!;
        id = e.id;
        await q('UPDATE events SET payload = ? WHERE id = ?', [edited(e).payload, e.id]);
        return async () => void (await q('UPDATE events SET payload = ? WHERE id = ?', [e.payload, e.id]));
      });
      expect(r.findings[0]).toMatchObject({ problem: 'edited', eventId: id, device });
    });

    it('detects an edit with a recomputed hash, naming its dseq', async () => {
      let id = '';
      const r = await tampered(async (q) => {
        const e = (await ownRows(q))[2]!;
        id = e.id;
        const x = edited(e);
        await q('UPDATE events SET payload = ?, hash = ? WHERE id = ?', [
          x.payload,
          eventHash(envelopeFromStored(x), sha256Hex),
          e.id,
        ]);
        return async () =>
          void (await q('UPDATE events SET payload = ?, hash = ? WHERE id = ?', [e.payload, e.hash, e.id]));
      });
      expect(r.findings[0]).toMatchObject({ problem: 'rehashed', eventId: id, dseq: 3 });
    });

    it('detects a deleted event', async () => {
      let id = '';
      const r = await tampered(async (q) => {
        const e = (await ownRows(q))[1]!;
        id = e.id;
        await q('DELETE FROM events WHERE id = ?', [e.id]);
        return async () =>
          void (await q(
            'INSERT INTO events (id, stream, type, schema, hlc, device, branch, actor, payload, hash, server_seq, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
              e.id,
              e.stream,
              e.type,
              e.schema,
              e.hlc,
              e.device,
              e.branch,
              e.actor,
              e.payload,
              e.hash,
              e.server_seq,
              e.received_at,
            ],
          ));
      });
      expect(r.findings[0]).toMatchObject({ problem: 'deleted', eventId: id, dseq: 2 });
    });

    it('detects an inserted event with a valid hash', async () => {
      const id = newId();
      const r = await tampered(async (q) => {
        const e = (await ownRows(q))[1]!;
        const forged = { ...envelopeFromStored(e), id };
        await q(
          'INSERT INTO events (id, stream, type, schema, hlc, device, branch, actor, payload, hash, server_seq, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            id,
            e.stream,
            e.type,
            e.schema,
            e.hlc,
            e.device,
            e.branch,
            e.actor,
            e.payload,
            eventHash(forged, sha256Hex),
            1_000_000,
            e.received_at,
          ],
        );
        return async () => void (await q('DELETE FROM events WHERE id = ?', [id]));
      });
      expect(r.bad).toBe(1);
      expect(r.findings[0]).toMatchObject({ problem: 'inserted', eventId: id });
    });

    it('detects two events swapped in the chain', async () => {
      const r = await tampered(async (q) => {
        const rows = await q(
          'SELECT dseq, event_id, hash FROM audit_chain WHERE device = ? AND dseq IN (3, 4) ORDER BY dseq',
          [device],
        );
        const [a, b] = rows as { dseq: number; event_id: string; hash: string }[];
        const put = (dseq: number, x: { event_id: string; hash: string }) =>
          q('UPDATE audit_chain SET event_id = ?, hash = ? WHERE device = ? AND dseq = ?', [
            x.event_id,
            x.hash,
            device,
            dseq,
          ]);
        await put(3, b!);
        await put(4, a!);
        return async () => {
          await put(3, a!);
          await put(4, b!);
        };
      });
      expect(r.findings[0]).toMatchObject({ problem: 'reordered', dseq: 3 });
    });

    it('detects an edit with hash and chain recomputed through the signed checkpoint', async () => {
      const r = await tampered(async (q) => {
        const before = await q('SELECT dseq, hash, link FROM audit_chain WHERE device = ? ORDER BY dseq', [
          device,
        ]);
        const e = (await ownRows(q))[2]!;
        const x = edited(e);
        const h = eventHash(envelopeFromStored(x), sha256Hex);
        await q('UPDATE events SET payload = ?, hash = ? WHERE id = ?', [x.payload, h, e.id]);
        await q('UPDATE audit_chain SET hash = ? WHERE device = ? AND event_id = ?', [h, device, e.id]);
        let link = GENESIS_LINK;
        for (const row of await q('SELECT dseq, hash FROM audit_chain WHERE device = ? ORDER BY dseq', [
          device,
        ])) {
          link = nextLink(link, String(row.hash), sha256Hex);
          await q('UPDATE audit_chain SET link = ? WHERE device = ? AND dseq = ?', [link, device, row.dseq]);
        }
        return async () => {
          await q('UPDATE events SET payload = ?, hash = ? WHERE id = ?', [e.payload, e.hash, e.id]);
          for (const row of before) {
            await q('UPDATE audit_chain SET hash = ?, link = ? WHERE device = ? AND dseq = ?', [
              row.hash,
              row.link,
              device,
              row.dseq,
            ]);
          }
        };
      });
      expect(r.bad).toBeGreaterThan(0);
      expect(r.findings.map((f) => f.problem)).toEqual(['rewritten']);
    });

    it('refuses a chain that does not continue the one it holds, storing nothing', async () => {
      const store = await ServerStore.open({ dataDir: server.dataDir, databaseUrl: server.storeUrl });
      try {
        const { q, close } = sqlOn(server);
        const [head] = await q(
          'SELECT dseq, link FROM audit_chain WHERE device = ? ORDER BY dseq DESC LIMIT 1',
          [device],
        );
        const [key] = await q('SELECT public_key FROM audit_keys WHERE device = ?', [device]);
        await close();
        const row = {
          dseq: Number(head!.dseq) + 1,
          id: newId(),
          hash: 'a'.repeat(64),
          link: 'b'.repeat(64),
          state: 'pending' as const,
        };
        await expect(
          store.receiveAudit(
            device,
            { publicKey: String(key!.public_key), rows: [row], checkpoints: [] },
            Date.now(),
          ),
        ).rejects.toMatchObject({ code: 'chain_broken', message: expect.stringMatching(/breaks at dseq/) });
        const gap = { ...row, dseq: row.dseq + 1 };
        await expect(
          store.receiveAudit(
            device,
            { publicKey: String(key!.public_key), rows: [gap], checkpoints: [] },
            Date.now(),
          ),
        ).rejects.toMatchObject({ code: 'chain_broken' });
        await expect(
          store.receiveAudit(device, { publicKey: 'AAAA', rows: [], checkpoints: [] }, Date.now()),
        ).rejects.toMatchObject({ code: 'chain_broken' });
      } finally {
        await store.close();
      }
      const { q, close } = sqlOn(server);
      const [n] = await q('SELECT count(*) AS n FROM audit_chain WHERE device = ?', [device]);
      await close();
      expect(Number(n!.n)).toBe(Number(deskMeta(desk.dir, 'audit.settledDseq')));
    });

    if (engine === 'sqlite') {
      it('npm run server -- verify exits 0 when intact, 1 naming the first bad event, 2 on bad usage', async () => {
        const run = (args: string[]) =>
          spawnSync(process.execPath, [tsxCli, SERVER_MAIN, ...args], {
            cwd: root,
            encoding: 'utf8',
            timeout: 60_000,
            env: { ...process.env, DATABASE_URL: '' },
          });
        const ok = run(['verify', '--data', server.dataDir, '--lang', 'en']);
        expect(ok.status).toBe(0);
        expect(ok.stdout).toMatch(/all intact/);
        const { q, close } = sqlOn(server);
        const e = (await ownRows(q))[3]!;
        await q('UPDATE events SET payload = ? WHERE id = ?', [edited(e).payload, e.id]);
        const bad = run(['verify', '--data', server.dataDir]);
        await q('UPDATE events SET payload = ? WHERE id = ?', [e.payload, e.id]);
        await close();
        expect(bad.status).toBe(1);
        expect(bad.stdout).toContain(e.id);
        expect(bad.stdout).toMatch(/记录内容被改动/);
        expect(run(['verify', '--bogus']).status).toBe(2);
        const help = run(['verify', '--help', '--lang', 'en']);
        expect(help.status).toBe(0);
        expect(help.stdout).toMatch(/verify \[--data DIR\]/);
      }, 60_000);
    }
  });
}
