/**
 * The case fold's rule for `case.imported` (issue 13; shared/domain/cases/
 * importFold.ts): the case opens with the log's receipt, status and nature;
 * closed at the log's closing date (or its receipt), never at the event's
 * HLC; FCR as stated (absent stays null) until a reopen; only a supervising
 * role opens a case this way (with an oracle), and a second opening of the
 * stream is ignored. Later desk events apply as on any case.
 */
import { describe, expect, it } from 'vitest';
import { caseJudgementColumns } from '../../shared/domain/caseJudgement';
import { applyCaseEvent, foldCase } from '../../shared/domain/cases/fold';
import { caseRowColumns } from '../../shared/domain/cases/row';
import { caseSearchText } from '../../shared/domain/cases/searchText';
import { stateJson } from '../../shared/domain/cases/state';
import { canonicalJson } from '../../shared/domain/kernel/hash';
import type { Role } from '../../shared/domain/kernel/roles';
import { EMPTY_SETTINGS, settingsAt as settingsOf } from '../../shared/domain/settings/fold';
import { caseWorkColumns } from '../../server/store/caseWork';
import { caseEventMaker } from './case-fold-fixtures';

const CASE = '0185f1c2-0000-7000-8000-0000000000aa';
const T0 = Date.parse('2026-11-30T02:00:00Z');
const DEVICE = '0194f1c2-0000-7000-8000-00000000dd01';
const BOSS = 'boss';
const CLERK = 'clerk';
const roles: Record<string, Role> = { [BOSS]: 'supervisor', [CLERK]: 'counter' };
const roleAt = (actor: string) => roles[actor] ?? null;

function payload(over: Record<string, unknown> = {}) {
  return {
    number: 'GZ-01-20230305-0001',
    customer: { name: '张三', phone: '13800138000', gender: 'male', returning: true },
    channel: 'phone',
    category: 'banking.fees',
    severity: 'general',
    account: '年费未告知',
    receivedAt: '2023-03-05T09:30:00+08:00',
    region: '朝阳',
    result: '已退年费',
    status: 'closed',
    closedAt: '2023-03-08T10:00:00+08:00',
    fcr: true,
    satisfaction: 5,
    nature: 'valid',
    handler: '李经理',
    reference: 'A-001',
    source: { file: '台账.xlsx', sheet: '2023', row: 4, sha256: 'c'.repeat(64) },
    ...over,
  };
}

const settingsAt = (ms: number) => settingsOf(EMPTY_SETTINGS, ms);

describe('case.imported in the fold', () => {
  it('opens the case with the log’s history: receipt, closed at closedAt, nature, stated FCR', () => {
    const ev = caseEventMaker(CASE, T0);
    const s = foldCase([ev('case.imported', payload(), 0, BOSS, DEVICE)], { roleAt });
    expect(s).not.toBeNull();
    expect(s!.receivedAt).toBe('2023-03-05T09:30:00+08:00');
    expect(s!.status).toBe('closed');
    expect(s!.nature?.value).toBe('valid');
    expect(s!.imported?.reference).toBe('A-001');
    const row = caseRowColumns(s!);
    expect(row.closed_at).toBe('2023-03-08T02:00:00.000Z');
    expect(row.opened_at).toBe(new Date(T0).toISOString());
    expect(caseJudgementColumns(s!, settingsAt)).toEqual({ nature: 'valid', fcr: 1 });
    // The log's texts are found by search.
    expect(caseSearchText(s!)).toContain('李经理');
    // Canonical JSON straight from JSON.stringify (keys sorted at every level).
    expect(stateJson(s!)).toBe(canonicalJson(s!));
  });

  it('a closed case without a date closes at its receipt; an absent FCR stays null; an open one is open', () => {
    const ev = caseEventMaker(CASE, T0);
    const closed = foldCase([ev('case.imported', payload({ closedAt: null, fcr: null }), 0, BOSS, DEVICE)])!;
    expect(caseRowColumns(closed).closed_at).toBe('2023-03-05T01:30:00.000Z');
    expect(caseJudgementColumns(closed, settingsAt).fcr).toBeNull();
    const open = foldCase([
      ev('case.imported', payload({ status: 'in_progress', closedAt: null, nature: null }), 0, BOSS, DEVICE),
    ])!;
    expect(open.status).toBe('in_progress');
    expect(open.closedHlc).toBeNull();
    expect(open.nature).toBeNull();
    expect(caseJudgementColumns(open, settingsAt).fcr).toBeNull();
  });

  it('from a counter clerk it opens nothing (with the oracle); without one it counts', () => {
    const ev = caseEventMaker(CASE, T0);
    const forged = ev('case.imported', payload(), 0, CLERK, DEVICE);
    expect(foldCase([forged], { roleAt })).toBeNull();
    expect(applyCaseEvent(null, forged, { roleAt })).toBeNull();
    expect(foldCase([forged])).not.toBeNull();
  });

  it('refuses a payload whose closing date comes with an open status or before the receipt', () => {
    const ev = caseEventMaker(CASE, T0);
    expect(foldCase([ev('case.imported', payload({ status: 'in_progress' }), 0, BOSS, DEVICE)])).toBeNull();
    expect(
      foldCase([ev('case.imported', payload({ closedAt: '2023-03-01T10:00:00+08:00' }), 0, BOSS, DEVICE)]),
    ).toBeNull();
  });

  it('a second opening is ignored; a reopen makes the stated FCR give way to the rule', () => {
    const ev = caseEventMaker(CASE, T0);
    const first = ev('case.imported', payload(), 0, BOSS, DEVICE);
    const second = ev('case.imported', payload({ account: '另一件' }), 10, BOSS, DEVICE);
    const s = foldCase([second, first], { roleAt })!;
    expect(s.account).toBe('年费未告知');
    expect(s.ignored).toBe(1);
    const reopened = applyCaseEvent(s, ev('case.reopened', { reason: '客户再次来电' }, 20, BOSS, DEVICE), {
      roleAt,
    })!;
    expect(reopened.status).toBe('new');
    const closedAgain = applyCaseEvent(
      reopened,
      ev('case.closed', { overrideReason: '主管结案' }, 30, BOSS, DEVICE),
      { roleAt },
    )!;
    expect(caseJudgementColumns(closedAgain, settingsAt).fcr).toBe(0);
  });
});

describe("an imported case's log history is not work (head office's list columns as the desk's rows)", () => {
  it('an open imported case long past due shows no next due time; one reopened and closed here owes its callback', () => {
    const ev = caseEventMaker(CASE, T0);
    const settings = EMPTY_SETTINGS;
    const open = foldCase(
      [
        ev(
          'case.imported',
          payload({ status: 'in_progress', closedAt: null, satisfaction: null }),
          0,
          BOSS,
          DEVICE,
        ),
      ],
      { roleAt },
    )!;
    expect(caseWorkColumns(open, settings)).toMatchObject({ next_due_ms: null, next_due_kind: null });
    const closedAgain = foldCase(
      [
        ev('case.imported', payload(), 0, BOSS, DEVICE),
        ev('case.reopened', { reason: '客户又来电' }, 60_000, BOSS, DEVICE),
        ev('case.closed', { overrideReason: '已再次退费' }, 120_000, BOSS, DEVICE),
      ],
      { roleAt },
    )!;
    expect(caseWorkColumns(closedAgain, settings)).toMatchObject({ next_due_kind: 'callback' });
    expect(caseWorkColumns(closedAgain, settings).next_due_ms).toBeGreaterThan(T0);
  });
});
