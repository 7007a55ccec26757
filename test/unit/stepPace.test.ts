/**
 * The step form's pure rules at the counter's pace (decision 0025): which
 * field takes the focus, what the record button attests, how late prefills
 * fill in, and that a closed case is at no step.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import type { ScriptStep } from '../../shared/domain/cases/script';
import { defaultViewedStep, shownCurrentStep } from '../../renderer/src/features/handling/currentStep';
import { attestations, focusTarget, withPrefills } from '../../renderer/src/features/handling/stepPace';

const { script, taxonomy } = loadScriptResources();
const step = (n: number): ScriptStep => {
  const s = script.steps.find((x) => x.step === n);
  if (!s) throw new Error(`no step ${n}`);
  return s;
};
const ctx = { account: '每月被扣 7 元', resultDeadline: null, meName: '李主管', steps: {} };

describe('focusTarget', () => {
  it('skips attested boxes and filled fields, landing on the first required empty one', () => {
    expect(focusTarget(step(1), {})).toBe('customerMood');
    expect(focusTarget(step(2), { account: '每月被扣 7 元' })).toBe('factsWhat');
    // Step 6: the desk-counted contact number and the optional "thanked" box are passed over.
    expect(focusTarget(step(6), {})).toBe('satisfaction');
  });
  it('falls back to the first field when everything required is there', () => {
    expect(
      focusTarget(step(5), { actions: 'a', actionOwner: 'b', actionDueAt: '2026-12-01T09:00:00Z' }),
    ).toBe('actions');
  });
});

describe('attestations', () => {
  it('names every must-tick box in the clerk’s language', () => {
    expect(attestations(step(1), {}, taxonomy, 'zh-CN')).toEqual([{ key: 'apologyGiven', text: '已致歉' }]);
    expect(attestations(step(6), {}, taxonomy, 'en')).toEqual([
      { key: 'resultTold', text: 'I told the customer the outcome' },
    ]);
  });
  it('names a choice only while it is still at its constant prefill', () => {
    expect(attestations(step(4), { customerAnswer: 'accept' }, taxonomy, 'zh-CN')).toEqual([
      { key: 'customerAnswer', text: '客户答复：接受' },
    ]);
    expect(attestations(step(4), { customerAnswer: 'accept' }, taxonomy, 'en')[0]?.text).toBe(
      "Customer's answer: Accepted",
    );
    expect(attestations(step(4), { customerAnswer: 'reject' }, taxonomy, 'zh-CN')).toEqual([]);
  });
});

describe('withPrefills', () => {
  it('fills a field the clerk has not touched once its source is known, never one they cleared', () => {
    const later = { ...ctx, resultDeadline: '2026-12-03T01:30:00.000Z' };
    expect(withPrefills(step(4), {}, ctx).promisedAt).toBeUndefined();
    expect(withPrefills(step(4), {}, later).promisedAt).toBe('2026-12-03T01:30:00.000Z');
    expect(withPrefills(step(4), { promisedAt: null }, later).promisedAt).toBeNull();
    expect(withPrefills(step(4), {}, later).customerAnswer).toBe('accept');
  });
});

describe('a closed case is at no step', () => {
  const detail = (status: string, currentStep: number | null, recorded: number[]) =>
    ({
      status,
      currentStep,
      steps: Object.fromEntries(recorded.map((n) => [String(n), {}])),
    }) as unknown as CaseDetail;

  it('open: the fold’s next open step; closed early: none, and the view opens on the last recorded', () => {
    expect(shownCurrentStep(detail('in_progress', 4, [1, 2, 3]))).toBe(4);
    expect(shownCurrentStep(detail('closed', 4, [1, 2, 3]))).toBeNull();
    expect(defaultViewedStep(detail('in_progress', 4, [1, 2, 3]))).toBe(4);
    expect(defaultViewedStep(detail('closed', 4, [1, 2, 3]))).toBe(3);
    expect(defaultViewedStep(detail('closed', 1, []))).toBe(1);
    expect(defaultViewedStep(detail('in_progress', null, [1, 2, 3, 4, 5, 6]))).toBe(6);
  });
});
