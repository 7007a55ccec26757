/**
 * The case search text (shared/domain/cases/searchText): what each contributor
 * adds, in which order, and that the text depends only on the state's content.
 */
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../shared/domain/cases/state';
import { caseRowColumns } from '../../shared/domain/cases/row';
import {
  CASE_TEXT_CONTRIBUTORS,
  caseSearchText,
  intakeTexts,
  type CaseTextContributor,
} from '../../shared/domain/cases/searchText';
import { foldCase } from '../../shared/domain/cases/fold';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-000000000001';
let n = 0;
function ev(type: string, payload: unknown) {
  n += 1;
  const body = {
    id: `0193a1b2-c3d4-7e5f-8a9b-${n.toString(16).padStart(12, '0')}`,
    stream: `case:${CASE_ID}`,
    type,
    schema: 1,
    hlc: formatHlc(1_763_791_200_000 + n * 1000, 0),
    device: '01',
    branch: 'GZ',
    actor: 'staff-1',
    payload,
  };
  return { ...body, hash: eventHash(body) };
}

function state(): CaseState {
  const s = foldCase([
    ev('case.opened', {
      number: 'GZ01-20261122-0001',
      scriptVersion: '1.0',
      customer: { name: 'Ｚhang 伟', phone: '138 0013 8000', gender: 'male', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: '信用卡年费被重复扣收',
      receivedAt: '2026-11-22T06:00:00.000Z',
      owner: 'staff-1',
    }),
    ev('case.step_recorded', {
      step: 2,
      fields: {
        demand: '退还年费',
        account: '年费被重复扣收', // a copy of part of the intake account
        factsWhat: '月费 扣费',
        recordConfirmed: true,
      },
    }),
    ev('case.step_recorded', {
      step: 4,
      fields: { proposal: '三日内退还', promisedAt: '2026-11-25T10:00:00+08:00', customerAnswer: 'accept' },
    }),
    ev('case.note_added', { text: '客户下午再来' }),
    ev('case.closed', { overrideReason: '客户撤诉' }),
    ev('case.reopened', { reason: '客户改口' }),
  ]);
  if (!s) throw new Error('no state');
  return s;
}

describe('caseSearchText', () => {
  it('covers intake, every step text, notes, close and reopen reasons, normalized, in contributor order', () => {
    expect(caseSearchText(state())).toBe(
      [
        'gz01-20261122-0001',
        'zhang 伟',
        '138 0013 8000',
        '13800138000',
        '信用卡年费被重复扣收',
        // step 2, keys sorted; its account is inside the intake account and left out
        '退还年费',
        '月费 扣费',
        // step 4: neither the choice value (an option code) nor the date-time
        '三日内退还',
        '客户下午再来',
        '客户撤诉',
        '客户改口',
      ].join(' '),
    );
  });

  it('does not depend on the order of a step’s field keys (states read back from canonical JSON)', () => {
    const s = state();
    const reordered: CaseState = {
      ...s,
      steps: {
        ...s.steps,
        2: Object.fromEntries(Object.entries(s.steps[2] ?? {}).reverse()),
      },
    };
    expect(caseSearchText(reordered)).toBe(caseSearchText(s));
  });

  it('takes its texts from the contributors, so a feature adds its own', () => {
    const callbacks: CaseTextContributor = () => ['回访:客户已满意'];
    expect(caseSearchText(state(), [intakeTexts, callbacks])).toBe(
      'gz01-20261122-0001 zhang 伟 138 0013 8000 13800138000 信用卡年费被重复扣收 回访:客户已满意',
    );
    expect(CASE_TEXT_CONTRIBUTORS).toContain(intakeTexts);
  });

  it('is the search_text of the shared case row', () => {
    expect(caseRowColumns(state()).search_text).toBe(caseSearchText(state()));
  });
});
