/**
 * Branch settings at head office (issue 9; docs/protocol.md §3.3): every
 * branch shares the one settings stream id, so the fold, its row and its
 * lock are per branch; the fold judges authority with the branch's staff
 * directory as the desks do (a late staff event re-judges), and a counter
 * desk may not push settings events at all. SQLite always, PostgreSQL when
 * LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import {
  DEFAULT_BRANCH_CALENDAR,
  foldSettings,
  settingsAt,
  type SettingsState,
} from '../../shared/domain/settings/fold';
import { SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import type { SyncServer } from '../../server/app';
import { settingsSignature, settingsStateFromJson } from '../../server/store/settings';
import { fakeCredential } from '../fixtures/credentials';
import {
  TestEnv,
  caseOpened,
  engines,
  enrollDevice,
  makeEvent,
  pullAll,
  pushOk,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

function rulesSet(dev: TestDevice, entryWorkingMinutes: number, o: { hlc?: string; actor?: string } = {}) {
  return makeEvent(dev, {
    stream: SETTINGS_STREAM_NAME,
    type: 'settings.rules_set',
    payload: { rules: { ...DEFAULT_DEADLINE_RULES, entryWorkingMinutes } },
    ...o,
  });
}

function calendarSet(dev: TestDevice, closed: string): EventEnvelope {
  return makeEvent(dev, {
    stream: SETTINGS_STREAM_NAME,
    type: 'settings.calendar_set',
    payload: { calendar: { ...DEFAULT_BRANCH_CALENDAR, closures: [{ date: closed, reason: '装修' }] } },
  });
}

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `branch settings at head office on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start();
      });

      afterAll(async () => {
        await env?.dispose();
      });

      /** The stored settings fold of a branch, or null when it has no row. */
      async function stored(branch: string): Promise<SettingsState | null> {
        const rows = await env.query<{ state: string }>(
          'SELECT state FROM branch_settings WHERE branch = $1',
          [branch],
        );
        return rows[0] ? settingsStateFromJson(rows[0].state) : null;
      }

      /** What a desk of the branch folds from what it pulls: the settings fold with its staff directory. */
      async function deskFold(dev: TestDevice): Promise<SettingsState> {
        const { events } = await pullAll(server, dev);
        const dir = foldStaffDirectory(events);
        return foldSettings(events, { roleAt: (id, key) => dir.roleAt(id, key) });
      }

      const accepted = (acks: { status: string }[]) =>
        expect(acks.map((a) => a.status)).toEqual(acks.map(() => 'accepted'));

      it('folds each branch’s settings from its own events only, though both share the stream id', async () => {
        const a = await enrollDevice(server, 'STA', { role: 'supervisor' });
        const b = await enrollDevice(server, 'STB', { role: 'supervisor' });
        accepted(await pushOk(server, a, [staffCreated(a, '甲行管理员')]));
        accepted(await pushOk(server, b, [staffCreated(b, '乙行管理员')]));
        accepted(await pushOk(server, a, [rulesSet(a, 60)]));
        accepted(await pushOk(server, b, [rulesSet(b, 240), calendarSet(b, '2026-12-01')]));

        const now = env.clock.t + 60_000;
        const sa = (await stored('STA')) as SettingsState;
        const sb = (await stored('STB')) as SettingsState;
        expect(settingsAt(sa, now).rules.entryWorkingMinutes).toBe(60);
        expect(settingsAt(sb, now).rules.entryWorkingMinutes).toBe(240);
        expect(sa.calendars).toEqual([]);
        expect(sb.calendars.map((v) => v.value.closures)).toEqual([[{ date: '2026-12-01', reason: '装修' }]]);
        expect(sa.rules.map((v) => v.actor)).toEqual([a.staffId]);
        expect(sa.flags).toEqual([]);
        expect(sb.flags).toEqual([]);
        // Each branch's desk pulls its own settings events only, and folds what head office stored.
        expect(settingsSignature(await deskFold(a))).toBe(settingsSignature(sa));
        expect(settingsSignature(await deskFold(b))).toBe(settingsSignature(sb));
        expect(await env.count('events', 'stream = $1', [SETTINGS_STREAM_NAME])).toBe(3);

        // A rebuild (after an upgrade) folds the same per branch.
        await server.close();
        await env.exec("DELETE FROM meta WHERE key = 'projection.fold'");
        server = await env.start();
        expect(settingsSignature((await stored('STA')) as SettingsState)).toBe(settingsSignature(sa));
        expect(settingsSignature((await stored('STB')) as SettingsState)).toBe(settingsSignature(sb));
      });

      it('counts a settings event only for an administrator, and re-judges it when a staff event comes late', async () => {
        const sup = await enrollDevice(server, 'STC', { role: 'supervisor' });
        const other = await enrollDevice(server, 'STC', { role: 'supervisor' });
        const clerkId = newId();
        const base = env.clock.t - 60_000;
        const at = (s: number) => formatHlc(base + s * 1000, 0);
        const founding = makeEvent(sup, {
          stream: streamOf('staff', sup.staffId),
          type: 'staff.created',
          payload: { name: '管理员', login: 'admin', role: 'admin', credential: fakeCredential() },
          hlc: at(1),
        });
        const clerk = makeEvent(sup, {
          stream: streamOf('staff', clerkId),
          type: 'staff.created',
          payload: { name: '王柜员', login: 'wang', role: 'counter', credential: fakeCredential() },
          hlc: at(2),
        });
        const promotion = makeEvent(sup, {
          stream: streamOf('staff', clerkId),
          type: 'staff.roleChanged',
          payload: { role: 'admin' },
          hlc: at(3),
        });
        const byClerk = rulesSet(other, 30, { hlc: at(4), actor: clerkId });

        accepted(await pushOk(server, sup, [founding, clerk]));
        accepted(await pushOk(server, other, [byClerk]));
        // Before the promotion arrives the clerk is no administrator: kept, flagged, no effect.
        let s = (await stored('STC')) as SettingsState;
        expect(s.rules).toEqual([]);
        expect(s.flags.map((f) => [f.eventId, f.reason])).toEqual([[byClerk.id, 'no_authority']]);
        expect(settingsAt(s, env.clock.t).rules).toEqual(DEFAULT_DEADLINE_RULES);

        // The promotion, dated before the change, arrives late: the change counts now, as on a desk.
        accepted(await pushOk(server, sup, [promotion]));
        s = (await stored('STC')) as SettingsState;
        expect(s.flags).toEqual([]);
        expect(s.rules.map((v) => v.eventId)).toEqual([byClerk.id]);
        expect(settingsAt(s, env.clock.t).rules.entryWorkingMinutes).toBe(30);
        expect(settingsSignature(await deskFold(sup))).toBe(settingsSignature(s));
      });

      it('refuses settings events from a counter desk, per event; the rest of the batch goes in', async () => {
        const counter = await enrollDevice(server, 'STD', { role: 'counter' });
        const opened = caseOpened(counter);
        const future = makeEvent(counter, {
          stream: SETTINGS_STREAM_NAME,
          type: 'settings.something_new',
          schema: 2,
          payload: {},
        });
        const acks = await pushOk(server, counter, [rulesSet(counter, 30), opened, future]);
        expect(acks.map((a) => a.status)).toEqual(['rejected', 'accepted', 'rejected']);
        expect(acks[0]?.reason).toMatch(/^settings_forbidden: /);
        expect(acks[2]?.reason).toMatch(/^settings_forbidden: /);
        expect(await env.count('events', 'branch = $1 AND stream = $2', ['STD', SETTINGS_STREAM_NAME])).toBe(
          0,
        );
        expect(await env.count('events', 'id = $1', [opened.id])).toBe(1);
        expect(await stored('STD')).toBeNull();

        // A supervisor desk of the branch may push them (whether they count is the fold's call).
        const sup = await enrollDevice(server, 'STD', { role: 'supervisor' });
        accepted(await pushOk(server, sup, [staffCreated(sup, '管理员'), rulesSet(sup, 30)]));
        expect(
          settingsAt((await stored('STD')) as SettingsState, env.clock.t + 60_000).rules.entryWorkingMinutes,
        ).toBe(30);
      });
    },
  );
}
