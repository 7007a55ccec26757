/**
 * Issue 12's judgments in the case fold: escalations and their reviews
 * (shared/domain/cases/escalationFold.ts), suspected malicious claims
 * (maliceFold.ts); each rule, the flags of forged, stale and incomplete
 * acts, and the same state for any order of events made on desks offline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import { foldCase } from '../../shared/domain/cases/fold';
import { caseStateColumns } from '../../shared/domain/cases/row';
import { caseSearchText } from '../../shared/domain/cases/searchText';
import { stateJson } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { canonicalJson } from '../../shared/domain/kernel/hash';
import { hlcWallMs } from '../../shared/domain/kernel/hlc';
import type { Role } from '../../shared/domain/kernel/roles';
import { shuffledBy } from '../fixtures/shuffled';
import { caseEventMaker } from './case-fold-fixtures';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-000000000012';
const T0 = Date.parse('2026-11-20T01:00:00.000Z');
const MIN = 60_000;
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

const make = caseEventMaker(CASE_ID, T0, 0x2000);
const ev = (type: string, payload: unknown, ms: number, actor = 'clerk', device = '01'): EventEnvelope =>
  make(type, payload, ms, actor, device);

const opened = () =>
  ev(
    'case.opened',
    {
      number: 'GZ01-20261120-0001',
      scriptVersion: '1.0',
      customer: { name: '王先生', phone: '13800000000', gender: 'male', returning: true },
      channel: 'walk_in',
      category: 'telecom.value_added',
      severity: 'general',
      account: '否认订购 7 元短信包，要求书面道歉和高额赔偿。',
      receivedAt: new Date(T0).toISOString(),
      owner: 'clerk',
    },
    MIN,
  );
const escalated = (ms: number, level: string, actor: string, rootCause = 'policy', device?: string) =>
  ev(
    'case.escalated',
    { level, canEmployeeSolve: false, canSolveOnSite: false, rootCause, reason: `升级到${level}` },
    ms,
    actor,
    device,
  );
const reviewed = (ms: number, escalationId: string, actor = 'boss', justified = true, device?: string) =>
  ev('case.escalation_reviewed', { escalationId, justified, comment: '合理' }, ms, actor, device);
const suspected = (ms: number, actor = 'clerk', device?: string) =>
  ev('case.malice_suspected', { note: '多次投诉同一问题' }, ms, actor, device);
const facts = (ms: number, actor = 'clerk', device?: string) =>
  ev(
    'case.malice_facts_recorded',
    { established: '订购记录与退订记录均在', evidence: [H1], statementSigned: true, statementEvidence: H2 },
    ms,
    actor,
    device,
  );
/** The case's evidence files (their events sort before the acts that cite them, at T0 + 90 s). */
const evidenceAdded = (sha256: string, ms = 1.5 * MIN, device?: string) =>
  ev(
    'case.evidence_added',
    { sha256, size: 68, mime: 'image/png', name: `${sha256.slice(0, 4)}.png`, kind: 'photo', note: '' },
    ms,
    'clerk',
    device,
  );
const determination = {
  outcome: 'malicious',
  motives: ['undue_gain'],
  behaviours: ['inventing'],
  signs: ['repeat_bad_record'],
  evidence: [H1],
  offer: '按规定退还当月 7 元功能费，并书面说明订购记录。',
  reason: '订购记录清楚，客户捏造事实索要高额款项',
};
const determined = (ms: number, actor = 'boss', extra: Record<string, unknown> = {}, device?: string) =>
  ev('case.malice_determined', { ...determination, ...extra }, ms, actor, device);

/** clerk: counter; boss: supervisor; admin: admin; lead: a team lead; promoted: counter until T0 + 10 min, then supervisor. */
const roleAt: RoleOracle = (actor, key) => {
  const ms = hlcWallMs(key.split('|')[0] ?? '');
  const table: Record<string, Role> = { clerk: 'counter', boss: 'supervisor', admin: 'admin', lead: 'lead' };
  if (actor === 'promoted') return ms < T0 + 10 * MIN ? 'counter' : 'supervisor';
  return table[actor] ?? null;
};

describe('escalation in the fold', () => {
  it('starts at the counter; a counter clerk escalates to the supervisor, a supervisor on to head office', () => {
    const o = opened();
    expect(foldCase([o], { roleAt })?.escalation).toBeNull();
    const e1 = escalated(2 * MIN, 'supervisor', 'clerk');
    const e2 = escalated(3 * MIN, 'head_office', 'boss', 'process');
    const s = foldCase([o, e1, e2], { roleAt });
    expect(s?.escalation).toMatchObject({ level: 'head_office', since: e2.hlc, by: 'boss' });
    expect(s?.escalation?.steps.map((x) => [x.from, x.level, x.rootCause])).toEqual([
      ['counter', 'supervisor', 'policy'],
      ['supervisor', 'head_office', 'process'],
    ]);
    expect(s?.owner).toBe('clerk'); // the first-contact owner stays accountable
    expect(s?.flags).toEqual([]);
    expect(s && caseStateColumns(s)).toMatchObject({ escalation_level: 'head_office', unreviewed: 2 });
  });

  it('flags a counter clerk escalating past the supervisor, and a team lead escalating at all', () => {
    const o = opened();
    const past = escalated(2 * MIN, 'region', 'clerk');
    const lead = escalated(3 * MIN, 'supervisor', 'lead');
    const s = foldCase([o, past, lead], { roleAt });
    expect(s?.escalation).toBeNull();
    expect(s?.flags).toEqual([
      { act: 'escalate', eventId: past.id, reason: 'no_authority' },
      { act: 'escalate', eventId: lead.id, reason: 'no_authority' },
    ]);
    // Without an oracle (a test's fold) the acts count.
    expect(foldCase([o, past])?.escalation?.level).toBe('region');
  });

  it('levels only go up; a pure skill problem is not escalated', () => {
    const o = opened();
    const up = escalated(2 * MIN, 'region', 'boss');
    const same = escalated(3 * MIN, 'region', 'admin');
    const down = escalated(4 * MIN, 'supervisor', 'boss');
    const skill = escalated(5 * MIN, 'head_office', 'boss', 'skill');
    const s = foldCase([o, up, same, down, skill], { roleAt });
    expect(s?.escalation?.level).toBe('region');
    expect(s?.flags.map((f) => [f.eventId, f.reason])).toEqual([
      [same.id, 'level_not_above'],
      [down.id, 'level_not_above'],
      [skill.id, 'skill_not_escalated'],
    ]);
  });

  it('judges the role at the event’s HLC: a clerk promoted later cannot reach back', () => {
    const o = opened();
    const early = escalated(5 * MIN, 'region', 'promoted');
    const late = escalated(20 * MIN, 'region', 'promoted');
    expect(foldCase([o, early], { roleAt })?.flags[0]?.reason).toBe('no_authority');
    expect(foldCase([o, late], { roleAt })?.escalation?.level).toBe('region');
  });

  it('reviews each escalation once, by a supervisor or an admin', () => {
    const o = opened();
    const e1 = escalated(2 * MIN, 'supervisor', 'clerk');
    const byClerk = reviewed(3 * MIN, e1.id, 'clerk');
    const ok = reviewed(4 * MIN, e1.id, 'boss', false);
    const again = reviewed(5 * MIN, e1.id, 'admin');
    const unknown = reviewed(6 * MIN, '0193a1b2-c3d4-7e5f-8a9b-00000000ffff', 'boss');
    const s = foldCase([o, e1, byClerk, ok, again, unknown], { roleAt });
    expect(s?.escalation?.reviews).toEqual([
      { by: 'boss', comment: '合理', escalationId: e1.id, eventId: ok.id, hlc: ok.hlc, justified: false },
    ]);
    expect(s?.flags.map((f) => [f.act, f.eventId, f.reason])).toEqual([
      ['review_escalation', byClerk.id, 'no_authority'],
      ['review_escalation', again.id, 'already_reviewed'],
      ['review_escalation', unknown.id, 'unknown_escalation'],
    ]);
    expect(s && caseStateColumns(s).unreviewed).toBe(0);
    // A review that sorts before its escalation (a skewed clock) names nothing yet.
    const early = reviewed(MIN + 1, e1.id, 'boss');
    expect(foldCase([o, e1, early], { roleAt })?.flags[0]?.reason).toBe('unknown_escalation');
  });

  // Issue 12 review #8.
  it('flags a supervisor reviewing their own escalation; another supervisor or an admin may review it', () => {
    const o = opened();
    const e1 = escalated(2 * MIN, 'region', 'boss');
    const own = reviewed(3 * MIN, e1.id, 'boss');
    const s = foldCase([o, e1, own], { roleAt });
    expect(s?.escalation?.reviews).toEqual([]);
    expect(s?.flags).toEqual([{ act: 'review_escalation', eventId: own.id, reason: 'own_escalation' }]);
    expect(s && caseStateColumns(s).unreviewed).toBe(1);
    const other = reviewed(4 * MIN, e1.id, 'boss2');
    const roles: RoleOracle = (actor, key) => (actor === 'boss2' ? 'supervisor' : roleAt(actor, key));
    expect(foldCase([o, e1, own, other], { roleAt: roles })?.escalation?.reviews.map((r) => r.by)).toEqual([
      'boss2',
    ]);
    const e2 = escalated(2 * MIN, 'region', 'admin');
    const byAdmin = reviewed(3 * MIN, e2.id, 'admin');
    const a = foldCase([o, e2, byAdmin], { roleAt });
    expect(a?.flags).toEqual([]);
    expect(a?.escalation?.reviews.map((r) => r.by)).toEqual(['admin']);
  });
});

describe('suspected malicious claims in the fold', () => {
  it('anyone suspects and records facts; a supervisor determines; the texts are searchable', () => {
    const o = opened();
    const proof = [evidenceAdded(H1), evidenceAdded(H2)];
    const s = foldCase([o, ...proof, suspected(2 * MIN), facts(3 * MIN), determined(4 * MIN)], { roleAt });
    expect(s?.malice?.suspicions).toHaveLength(1);
    expect(s?.malice?.facts[0]).toMatchObject({
      evidence: [H1],
      statementEvidence: H2,
      statementSigned: true,
    });
    expect(s?.malice?.determination).toMatchObject({
      outcome: 'malicious',
      by: 'boss',
      offer: determination.offer,
    });
    expect(s && caseStateColumns(s).malice).toBe('malicious');
    expect(s && caseSearchText(s)).toContain('订购记录与退订记录均在');
    expect(foldCase([o, suspected(2 * MIN)], { roleAt })?.malice?.determination).toBeNull();
    expect(foldCase([o], { roleAt })?.malice).toBeNull();
  });

  it('flags a clerk’s determination (forged), and a malicious one lacking its parts', () => {
    const o = opened();
    const forged = determined(2 * MIN, 'clerk');
    const noMotive = determined(3 * MIN, 'boss', { motives: [], behaviours: [] });
    const indemnity = determined(4 * MIN, 'admin', { offer: '同意赔偿 7 元' });
    const noEvidence = determined(5 * MIN, 'boss', { evidence: [] });
    const s = foldCase([o, evidenceAdded(H1), forged, noMotive, indemnity, noEvidence], { roleAt });
    expect(s?.malice).toBeNull();
    expect(s?.flags.map((f) => [f.act, f.reason])).toEqual([
      ['determine_malice', 'no_authority'],
      ['determine_malice', 'determination_incomplete'],
      ['determine_malice', 'determination_incomplete'],
      ['determine_malice', 'determination_incomplete'],
    ]);
  });

  it('good faith needs only a reason; the latest valid determination wins', () => {
    const o = opened();
    const good = determined(2 * MIN, 'boss', {
      outcome: 'good_faith',
      motives: [],
      behaviours: [],
      evidence: [],
      offer: '',
    });
    const bad = determined(3 * MIN, 'boss');
    const proof = evidenceAdded(H1);
    expect(foldCase([o, good], { roleAt })?.malice?.determination?.outcome).toBe('good_faith');
    expect(foldCase([o, proof, bad, good].reverse(), { roleAt })?.malice?.determination?.outcome).toBe(
      'malicious',
    );
  });

  it('flags facts and determinations citing evidence the case does not hold (yet, in fold order), with no effect', () => {
    const o = opened();
    const h1 = evidenceAdded(H1);
    // H2 is never added; H1 is, but only after the first determination in fold order.
    const stranger = determined(2 * MIN, 'boss', { evidence: [H2] });
    const beforeItsEvidence = determined(2 * MIN + 1, 'boss');
    const h1Late = evidenceAdded(H1, 3 * MIN);
    const badFacts = facts(4 * MIN); // its statement, H2, is not the case's
    const goodFaithStranger = determined(5 * MIN, 'admin', { outcome: 'good_faith', evidence: [H2] });
    const s = foldCase([o, stranger, beforeItsEvidence, h1Late, badFacts, goodFaithStranger], { roleAt });
    expect(s?.malice).toBeNull();
    expect(s?.flags.map((f) => [f.act, f.eventId, f.reason])).toEqual([
      ['determine_malice', stranger.id, 'determination_incomplete'],
      ['determine_malice', beforeItsEvidence.id, 'determination_incomplete'],
      ['record_malice_facts', badFacts.id, 'evidence_unknown'],
      ['determine_malice', goodFaithStranger.id, 'determination_incomplete'],
    ]);
    // With its evidence first, the same determination stands.
    expect(foldCase([o, h1, determined(2 * MIN, 'boss')], { roleAt })?.malice?.determination?.outcome).toBe(
      'malicious',
    );
  });
});

describe('any order of the same events', () => {
  it('folds to the same state (escalations, reviews, suspicions, facts, determinations on three desks)', () => {
    const o = opened();
    const e1 = escalated(2 * MIN, 'supervisor', 'clerk', 'policy', '02');
    const e2 = escalated(2 * MIN, 'region', 'boss', 'process', '03'); // same ms, another desk
    const pool = [
      e1,
      e2,
      escalated(4 * MIN, 'head_office', 'admin', 'policy', '03'),
      escalated(5 * MIN, 'region', 'clerk', 'policy', '02'),
      reviewed(6 * MIN, e1.id, 'boss', true, '03'),
      reviewed(6 * MIN, e1.id, 'admin', false, '02'),
      reviewed(7 * MIN, e2.id, 'clerk', true, '02'),
      suspected(3 * MIN, 'clerk', '02'),
      suspected(3 * MIN, 'lead', '03'),
      facts(4 * MIN, 'clerk', '02'),
      determined(5 * MIN, 'boss', {}, '03'),
      determined(5 * MIN, 'clerk', {}, '02'),
      determined(8 * MIN, 'admin', { outcome: 'good_faith', motives: [] }, '02'),
      determined(9 * MIN, 'boss', { offer: '赔偿' }, '03'),
    ];
    const events = [o, evidenceAdded(H1, 1.5 * MIN, '02'), evidenceAdded(H2, 1.5 * MIN, '03'), ...pool];
    const reference = foldCase(events, { roleAt });
    expect(reference?.escalation?.level).toBe('head_office');
    expect(reference?.malice?.determination?.outcome).toBe('good_faith');
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        const s = foldCase(shuffled, { roleAt });
        expect(s).toEqual(reference);
        expect(s && stateJson(s)).toBe(s && canonicalJson(s));
      }),
      { numRuns: 200 },
    );
  });

  it('any subset folds the same in any order (property)', () => {
    const o = opened();
    const e1 = escalated(2 * MIN, 'supervisor', 'clerk');
    const pool = [
      e1,
      escalated(3 * MIN, 'region', 'boss'),
      reviewed(4 * MIN, e1.id, 'boss'),
      reviewed(4 * MIN, e1.id, 'admin', false, '02'),
      suspected(2 * MIN),
      facts(3 * MIN, 'lead'),
      determined(5 * MIN),
      determined(5 * MIN, 'admin', { outcome: 'good_faith' }, '02'),
    ];
    fc.assert(
      fc.property(fc.subarray(pool), fc.infiniteStream(fc.nat()), (picked, rnd) => {
        const events = [o, evidenceAdded(H1), evidenceAdded(H2), ...picked];
        const reference = foldCase(events, { roleAt });
        expect(foldCase(shuffledBy(events, rnd), { roleAt })).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });
});
