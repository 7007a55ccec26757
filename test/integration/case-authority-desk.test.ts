/**
 * The desk's case projection judges restricted acts (shared/domain/cases/
 * authority.ts) by the staff fold's role history of every staff event known
 * (electron/desk/projection.ts): a restricted act forged on another desk by a
 * counter clerk has no effect and is flagged; a supervisor created and acting
 * in one pulled batch counts; a rebuild gives the same rows.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { newId } from '../../shared/domain/kernel/ids';
import { hashSecret } from '../../electron/desk/features/staff/credentials';
import { createCase, RemoteDevice, staffSession } from './desk-fixtures';
import { caseStateOf, deskPerTest } from './case-desk-fixtures';

const openDesk = deskPerTest();

describe('restricted case acts arriving from other desks', () => {
  it('gives a counter clerk’s forged severity drop no effect, flags it, and a rebuild agrees', async () => {
    const desk = await openDesk();
    const clerk = await staffSession(desk, 'counter', 'li');
    const c = await createCase(desk, clerk.token, { severity: 'major' });
    // The clerk's other desk skips the check its own core would make.
    const evil = new RemoteDevice('dev-evil', Date.now(), 'GZ', clerk.staff.id);
    const forged = evil.event(`case:${c.id}`, 'case.field_set', { field: 'severity', value: 'general' });
    expect(desk.core.appendEvents([forged]).accepted).toBe(1);

    const d = await desk.must<CaseDetail>('case.get', { caseId: c.id }, desk.admin.token);
    expect(d.severity).toBe('major');
    expect(d.timeline.map((e) => e.eventId)).toContain(forged.id); // kept in the log
    const flagged = caseStateOf(desk, c.id);
    expect(flagged.flags).toEqual([{ act: 'lower_severity', eventId: forged.id, reason: 'no_authority' }]);
    desk.core.rebuild();
    expect(caseStateOf(desk, c.id)).toEqual(flagged);
  });

  it('lets a supervisor created and acting in the same batch lower severity, and a rebuild agrees', async () => {
    const desk = await openDesk();
    const c = await createCase(desk, desk.admin.token, { severity: 'major' });
    // The admin's other desk creates a supervisor, who lowers severity there; both arrive in one page.
    const other = new RemoteDevice('dev-other', Date.now(), 'GZ', desk.admin.staff.id);
    const bossId = newId();
    const created = other.event(`staff:${bossId}`, 'staff.created', {
      name: '周主管',
      login: 'zhou',
      role: 'supervisor',
      credential: await hashSecret('pin', '482913', null),
    });
    const boss = new RemoteDevice('dev-other', Date.now() + 5_000, 'GZ', bossId);
    const lowered = boss.event(`case:${c.id}`, 'case.field_set', {
      field: 'severity',
      value: 'general',
      reason: '核实后不属重大',
    });
    expect(desk.core.appendEvents([created, lowered]).accepted).toBe(2);

    const d = await desk.must<CaseDetail>('case.get', { caseId: c.id }, desk.admin.token);
    expect(d.severity).toBe('general');
    const state = caseStateOf(desk, c.id);
    expect(state.flags).toEqual([]);
    desk.core.rebuild();
    expect(caseStateOf(desk, c.id)).toEqual(state);
  });
});
