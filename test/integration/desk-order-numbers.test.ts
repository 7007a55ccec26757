/**
 * The desk's work-order number sequence (issue 11, part O2): `meta.nextOrderSeq(day)`
 * counts per device and local day like the case sequence, with a counter of
 * its own, kept in `meta` so it survives a restart and a rebuild (which
 * folds projections only). No DeskApi method opens orders yet, so the test
 * reads the counter on the desk's own database between openings of the desk.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { formatCaseNumber } from '../../shared/domain/kernel/caseNumber';
import { openDatabase } from '../../electron/desk/db/open';
import { DB_FILE_NAME, openDesk } from '../../electron/desk';
import { Meta } from '../../electron/desk/kernel/meta';
import { localYmd } from '../../electron/desk/time';
import { createCase, openTestDesk, removeDir, type TestDesk } from './desk-fixtures';

let dir: string | null = null;
afterEach(() => {
  if (dir) removeDir(dir);
  dir = null;
});

/** Runs `fn` on the desk's meta in one write transaction, with the desk closed. */
function withMeta<T>(dataDir: string, fn: (meta: Meta) => T): T {
  const d = openDatabase(path.join(dataDir, DB_FILE_NAME));
  try {
    return d.sqlite.transaction(() => fn(new Meta(d))).immediate();
  } finally {
    d.close();
  }
}

describe('work-order numbers: the desk sequence', () => {
  it('counts per day from 1, apart from case numbers, and survives a restart and a rebuild', async () => {
    const clock = { now: Date.parse('2026-11-30T10:00:00+08:00') };
    const t: TestDesk = await openTestDesk({ now: () => clock.now, sync: false });
    dir = t.dir;
    const today = localYmd(clock.now);
    const tomorrow = localYmd(clock.now + 24 * 3600_000);
    const first = await createCase(t, t.admin.token);
    const second = await createCase(t, t.admin.token);
    expect([first.number, second.number]).toEqual([
      formatCaseNumber('GZ', '01', today, 1),
      formatCaseNumber('GZ', '01', today, 2),
    ]);
    t.core.close();

    // Orders start at 1 whatever the cases did, and go up one at a time; another day starts again at 1.
    expect(
      withMeta(t.dir, (m) => [m.nextOrderSeq(today), m.nextOrderSeq(today), m.nextOrderSeq(today)]),
    ).toEqual([1, 2, 3]);
    expect(withMeta(t.dir, (m) => [m.nextOrderSeq(tomorrow), m.nextOrderSeq(tomorrow)])).toEqual([1, 2]);

    // Restart: the case sequence did not move for the orders, and the order sequence goes on.
    const core = openDesk({ dataDir: t.dir, now: () => clock.now, sync: false });
    const session = await core.call(
      'auth.signIn',
      { login: 'admin', secret: '246810' },
      { session: null, locale: 'en' },
    );
    if (!session.ok) throw new Error(JSON.stringify(session.error));
    const token = (session.value as { token: string }).token;
    const third = await core.call(
      'case.create',
      {
        customer: { name: '周先生', phone: '13900139000', gender: 'male', returning: false },
        channel: 'walk_in',
        category: 'banking.fees',
        severity: 'general',
        account: '客户反映年费重复扣收。',
      },
      { session: token, locale: 'en' },
    );
    if (!third.ok) throw new Error(JSON.stringify(third.error));
    expect((third.value as CaseDetail).number).toBe(formatCaseNumber('GZ', '01', today, 3));

    // A rebuild folds the projections again from the log; the counters stay as they were.
    core.rebuild();
    core.close();
    expect(withMeta(t.dir, (m) => m.nextOrderSeq(today))).toBe(4);
    expect(withMeta(t.dir, (m) => m.nextCaseSeq(today))).toBe(4);
    expect(withMeta(t.dir, (m) => m.nextOrderSeq(tomorrow))).toBe(3);
  });

  it('gives the number back when the write that took it rolls back', async () => {
    const t = await openTestDesk({ sync: false });
    dir = t.dir;
    t.core.close();
    const day = '20261130';
    expect(withMeta(t.dir, (m) => m.nextOrderSeq(day))).toBe(1);
    const d = openDatabase(path.join(t.dir, DB_FILE_NAME));
    try {
      expect(() =>
        d.sqlite
          .transaction(() => {
            expect(new Meta(d).nextOrderSeq(day)).toBe(2);
            throw new Error('the order was refused');
          })
          .immediate(),
      ).toThrow('the order was refused');
    } finally {
      d.close();
    }
    expect(withMeta(t.dir, (m) => m.nextOrderSeq(day))).toBe(2);
  });
});
