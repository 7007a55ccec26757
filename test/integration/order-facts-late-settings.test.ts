/**
 * An order's facts (its receipt day, the follow-up call's due time) follow
 * the branch settings in force at its receipt. A settings event that syncs in
 * after the order, dated before its receipt, changes them at once, as a
 * rebuild would: the order projection depends on the settings as the case
 * projection does. Before, the order kept its old facts until a rebuild.
 */
import { describe, expect, it } from 'vitest';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import { readDeskDb } from './desk-fixtures';
import { clockedShop, openCarOrder } from './desk-orders-fixtures';

const at = (local: string) => Date.parse(`${local}:00+08:00`);

describe('order facts and settings that arrive late', () => {
  it('take the settings in force at receipt as soon as they arrive, the same rows as a rebuild', async () => {
    const c = await clockedShop(at('2026-03-02T01:00'));
    const { s } = c;
    try {
      await c.set(at('2026-03-02T03:00'), [s.clerk]);
      const o = await openCarOrder(s, {
        receivedAt: new Date(at('2026-03-02T03:00')).toISOString(),
        promisedAt: new Date(at('2026-03-04T18:00')).toISOString(),
      });
      const cal = await s.t.must<{ calendar: Record<string, unknown> }>(
        'settings.calendar.get',
        {},
        s.t.admin.token,
      );
      const { branch } = readDeskDb(
        s.t.dir,
        (db) => db.prepare('SELECT branch FROM events LIMIT 1').get() as { branch: string },
      );
      // Another desk of the branch moved the calendar to Los Angeles an hour before the order came in.
      const body = {
        id: newId(),
        stream: SETTINGS_STREAM_NAME,
        type: 'settings.calendar_set',
        schema: 1,
        hlc: formatHlc(at('2026-03-02T02:00'), 0),
        device: newId(),
        branch,
        actor: s.t.admin.staff.id,
        payload: { calendar: { ...cal.calendar, timeZone: 'America/Los_Angeles' } },
      };
      expect(s.t.core.appendEvents([{ ...body, hash: eventHash(body as never) } as never]).accepted).toBe(1);
      const facts = () =>
        readDeskDb(s.t.dir, (db) =>
          db.prepare('SELECT received_day FROM order_facts WHERE order_id = ?').get(o.id),
        );
      const incremental = facts();
      expect(incremental).toEqual({ received_day: '2026-03-01' });
      s.t.core.rebuild();
      expect(facts()).toEqual(incremental);
    } finally {
      s.t.close();
    }
  });
});
