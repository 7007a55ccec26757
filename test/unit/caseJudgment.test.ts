/**
 * Issue 12's pure rules: the escalation ladder and who may climb it
 * (shared/domain/cases/escalation.ts), the determination's parts and the
 * 赔偿 rule (shared/domain/cases/malice.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  LEVEL_LADDER,
  currentLevel,
  escalationProblem,
  isAbove,
  levelOwnerRole,
  mayEscalateTo,
  nextLevels,
} from '../../shared/domain/cases/escalation';
import {
  INDEMNITY_WORD,
  canDetermine,
  findIndemnity,
  maliceStatus,
  noConcession,
} from '../../shared/domain/cases/malice';
import { CASE_PAYLOADS } from '../../shared/domain/cases/payloads';

describe('the escalation ladder', () => {
  it('goes counter -> supervisor -> region -> head office, only up', () => {
    expect(LEVEL_LADDER).toEqual(['counter', 'supervisor', 'region', 'head_office']);
    expect(currentLevel({ escalation: null })).toBe('counter');
    expect(isAbove('supervisor', 'counter')).toBe(true);
    expect(isAbove('supervisor', 'supervisor')).toBe(false);
    expect(isAbove('supervisor', 'region')).toBe(false);
    expect(isAbove('moon', 'counter')).toBe(false);
  });

  it('lets a counter clerk reach the supervisor only, supervisors and admins any level, nobody else any', () => {
    expect(nextLevels('counter', 'counter')).toEqual(['supervisor']);
    expect(nextLevels('supervisor', 'counter')).toEqual([]);
    expect(nextLevels('counter', 'supervisor')).toEqual(['supervisor', 'region', 'head_office']);
    expect(nextLevels('region', 'admin')).toEqual(['head_office']);
    expect(nextLevels('head_office', 'admin')).toEqual([]);
    expect(nextLevels('counter', 'lead')).toEqual([]);
    expect(nextLevels('counter', 'qc')).toEqual([]);
    expect(nextLevels('counter', null)).toEqual([]);
    expect(mayEscalateTo('counter', 'region')).toBe(false);
  });

  it('names who owns a case at each level', () => {
    expect(levelOwnerRole('counter')).toBe('counter');
    expect(levelOwnerRole('supervisor')).toBe('supervisor');
    expect(levelOwnerRole('region')).toBeNull();
    expect(levelOwnerRole('head_office')).toBeNull();
  });

  it('refuses a pure skill problem before anything else', () => {
    expect(escalationProblem({ escalation: null }, { level: 'supervisor', rootCause: 'skill' })).toBe(
      'skill_not_escalated',
    );
    expect(escalationProblem({ escalation: null }, { level: 'supervisor', rootCause: 'process' })).toBeNull();
  });

  it('the payload insists on the decision path: both answers no', () => {
    const base = { level: 'supervisor', rootCause: 'process', reason: '超出柜面权限' };
    expect(
      CASE_PAYLOADS['case.escalated'].safeParse({ ...base, canEmployeeSolve: false, canSolveOnSite: false })
        .success,
    ).toBe(true);
    expect(
      CASE_PAYLOADS['case.escalated'].safeParse({ ...base, canEmployeeSolve: true, canSolveOnSite: false })
        .success,
    ).toBe(false);
    expect(
      CASE_PAYLOADS['case.escalated'].safeParse({
        ...base,
        level: 'moon',
        canEmployeeSolve: false,
        canSolveOnSite: false,
      }).success,
    ).toBe(false);
  });
});

describe('canDetermine', () => {
  const full = {
    outcome: 'malicious' as const,
    motives: ['undue_gain' as const],
    behaviours: ['inventing' as const],
    evidence: ['a'.repeat(64)],
    offer: '按规定退还 7 元',
  };

  it('lets a complete malicious determination through, and good faith with nothing', () => {
    expect(canDetermine(full)).toEqual([]);
    expect(
      canDetermine({ outcome: 'good_faith', motives: [], behaviours: [], evidence: [], offer: '' }),
    ).toEqual([]);
  });

  it('names every missing part', () => {
    expect(canDetermine({ ...full, motives: [], behaviours: [], evidence: [], offer: '  ' })).toEqual([
      'motive_missing',
      'behaviour_missing',
      'evidence_missing',
      'offer_missing',
    ]);
    expect(canDetermine({ ...full, offer: '给予赔偿' })).toEqual(['offer_says_indemnity']);
  });

  it('checks the evidence against the case’s items when they are known', () => {
    const known = new Set(['a'.repeat(64)]);
    expect(canDetermine(full, known)).toEqual([]);
    expect(canDetermine({ ...full, evidence: ['b'.repeat(64)] }, known)).toEqual([
      'evidence_missing',
      'evidence_unknown',
    ]);
    expect(canDetermine({ ...full, evidence: ['a'.repeat(64), 'b'.repeat(64)] }, known)).toEqual([
      'evidence_unknown',
    ]);
  });
});

describe('findIndemnity', () => {
  it('finds every 赔偿 and nothing in 补偿', () => {
    expect(INDEMNITY_WORD).toBe('赔偿');
    expect(findIndemnity('我们愿意给予补偿')).toEqual([]);
    expect(findIndemnity('赔偿')).toEqual([0]);
    expect(findIndemnity('不赔偿，也不会赔偿')).toEqual([1, 7]);
    expect(findIndemnity('')).toEqual([]);
  });
});

describe('malice status', () => {
  it('is null, suspected, or the determination’s outcome; malicious means no concession', () => {
    expect(maliceStatus(null)).toBeNull();
    const m = { determination: null, facts: [], suspicions: [] };
    expect(maliceStatus(m)).toBe('suspected');
    expect(noConcession(m)).toBe(false);
    const d = {
      behaviours: [],
      by: 'x',
      eventId: 'e',
      evidence: [],
      hlc: 'h',
      motives: [],
      offer: '',
      outcome: 'malicious' as const,
      reason: 'r',
      signs: [],
    };
    expect(maliceStatus({ ...m, determination: d })).toBe('malicious');
    expect(noConcession({ ...m, determination: d })).toBe(true);
    expect(noConcession({ ...m, determination: { ...d, outcome: 'good_faith' } })).toBe(false);
  });
});
