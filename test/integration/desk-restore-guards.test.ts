/**
 * What a restore must not do (electron/desk/features/backup/restore.ts,
 * docs/backups.md): swap the database while a desk has it open (the desk
 * would go on writing into the file set aside), and let a desk that was
 * connected to head office write at once because the backup itself was made
 * before the desk was connected (head office holds this device's later
 * records and their places in its audit chain).
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { backupMessages, dbFile, restoreDesk } from '../../electron/desk';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { newCaseInput, removeDir, tempDir } from './desk-fixtures';
import {
  backupInto,
  disposeDesk,
  newDesk,
  readDeskDb,
  reopenDesk,
  runCleanup,
  serverEvents,
  syncNowAndWait,
  TestServer,
  type CleanupList,
  type SyncDesk,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

async function newCase(d: SyncDesk): Promise<string> {
  return (await d.must<CaseDetail>('case.create', newCaseInput())).number;
}

function caseNumbers(dir: string): string[] {
  return readDeskDb(dir, (db) =>
    (db.prepare('SELECT number FROM cases ORDER BY number').all() as { number: string }[]).map(
      (r) => r.number,
    ),
  ) as string[];
}

describe('restore and an open desk', () => {
  it('refuses to swap when a desk was opened while the backup was being checked, and loses no record', async () => {
    let a = await newDesk('01');
    const folder = tempDir();
    cleanup.push(
      () => disposeDesk(a),
      () => removeDir(folder),
    );
    const first = await newCase(a);
    const file = await backupInto(a, folder);
    a.closeKeepData();

    // The restore's first "is the desk closed?" probe runs before it hashes and checks the backup;
    // the desk is started (a clerk double-clicks) while that check runs.
    const pending = restoreDesk({ dataDir: a.dir, dbFile: dbFile(a.dir), file, now: Date.now });
    a = await reopenDesk(a);
    const during = await newCase(a);
    const out = await pending;
    expect(out.ok ? 'restored' : out.refusal.key).toBe('restoreDeskOpen');
    if (!out.ok) {
      expect(backupMessages.msg('en', out.refusal.key, out.refusal.params)).toMatch(/close Loopdesk/);
      expect(backupMessages.msg('zh-CN', out.refusal.key, out.refusal.params)).toMatch(/请先关闭 Loopdesk/);
    }
    const after = await newCase(a);
    a.closeKeepData();
    // Nothing was put in place or set aside: every record the open desk wrote is in its database.
    expect(fs.readdirSync(a.dir).filter((f) => f.includes('restore'))).toEqual([]);
    expect(caseNumbers(a.dir)).toEqual([first, during, after]);
  }, 60_000);
});

describe('restoring a backup made before the desk was connected', () => {
  it('keeps the connection and holds new records until a sync with head office', async () => {
    const server = new TestServer('sqlite');
    await server.start();
    cleanup.push(() => server.dispose());
    let a = await newDesk('01');
    const folder = tempDir();
    cleanup.push(
      () => disposeDesk(a),
      () => removeDir(folder),
    );
    const numbers = [await newCase(a)];
    const file = await backupInto(a, folder); // not yet connected to head office

    await a.must<SyncStatus>('sync.configure', {
      serverUrl: server.url,
      code: await server.code('GZ', 'supervisor'),
    });
    numbers.push(await newCase(a));
    expect((await syncNowAndWait(a)).pending).toBe(0); // head office holds case 2 and its chain place
    a.closeKeepData();

    const out = await restoreDesk({ dataDir: a.dir, dbFile: dbFile(a.dir), file, now: Date.now });
    expect(out.ok ? out.awaitingSync : out.refusal).toBe(true);

    a = await reopenDesk(a);
    const status = await a.status();
    expect(status.state).not.toBe('unconfigured');
    expect(status.serverUrl).toBe(server.url);
    const held = await a.call('case.create', newCaseInput(), a.admin.token, 'en');
    expect(held.ok ? held.value : held.error).toMatchObject({ code: 'busy' });
    expect(held.ok ? '' : held.error.message).toMatch(/restored from a backup/);

    const synced = await syncNowAndWait(a);
    expect(synced.lastError ?? synced.state).toBe('online');
    expect(synced.pending).toBe(0);
    numbers.push(await newCase(a));
    const after = await syncNowAndWait(a);
    expect(after.state).toBe('online'); // head office took the chain: not chain_broken
    expect(after.pending).toBe(0);
    expect(numbers.map((n) => n.slice(-4))).toEqual(['0001', '0002', '0003']);
    const opened = (await serverEvents(server)).filter((e) => e.type === 'case.opened');
    expect(opened.map((e) => (e.payload as { number: string }).number).sort()).toEqual(numbers);
  }, 120_000);
});
