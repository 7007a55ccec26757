/**
 * Suspected malicious claims through DeskApi (issue 12 item 3; electron/desk/
 * features/cases/malice.ts): anyone suspects and records facts; only a
 * supervisor or an admin determines, and `malicious` only with a motive, a
 * behaviour, evidence and a written offer without 赔偿; the case then closes
 * with no concession and the offer kept. Every refusal in zh-CN and English,
 * with nothing stored.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import { createCase, RemoteDevice, staffSession, type TestDesk } from './desk-fixtures';
import { caseStateOf, clerkAndBoss, deskPerTest, eventCount, refused } from './case-desk-fixtures';

const openDesk = deskPerTest();

/** The case's evidence: a 1x1 PNG (a photo) and a small JPEG (the signed statement's scan). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(200, 7),
  Buffer.from([0xff, 0xd9]),
]);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const H1 = sha(PNG);
const H2 = sha(JPEG);
/** Well formed, but no file of the case. */
const STRANGER = '3'.repeat(64);

/** Adds a file to the case as the browser host does (docs/evidence.md): staged, then `case.evidence.add`. */
async function addEvidence(
  desk: TestDesk,
  token: string,
  caseId: string,
  bytes: Buffer,
  name: string,
  kind: string,
) {
  const staged = desk.core.evidence.stage();
  fs.writeFileSync(staged.path, bytes);
  const r = await desk.must<{ evidence: { sha256: string } }>(
    'case.evidence.add',
    { caseId, upload: staged.id, name, kind, note: '' },
    token,
  );
  desk.core.evidence.discard(staged.id);
  return r.evidence.sha256;
}

const determination = (caseId: string, extra: Record<string, unknown> = {}) => ({
  caseId,
  outcome: 'malicious',
  motives: ['undue_gain'],
  behaviours: ['inventing', 'refusing_to_negotiate'],
  signs: ['repeat_bad_record'],
  evidence: [H1],
  offer: '经核实订购与退订记录，按规定退还当月 7 元功能费，并书面说明。',
  reason: '订购记录清楚，客户否认订购并索要高额款项',
  ...extra,
});

async function cast(): Promise<{ desk: TestDesk; clerk: Session; boss: Session; caseId: string }> {
  const desk = await openDesk();
  const { clerk, boss } = await clerkAndBoss(desk);
  const c = await createCase(desk, clerk.token, {
    category: 'banking.fees',
    account: '客户否认订购 7 元短信包，要求书面道歉并索要高额款项。',
  });
  expect(await addEvidence(desk, clerk.token, c.id, PNG, '订购记录截图.png', 'photo')).toBe(H1);
  expect(await addEvidence(desk, clerk.token, c.id, JPEG, '客户签字声明.jpg', 'statement')).toBe(H2);
  return { desk, clerk, boss, caseId: c.id };
}

describe('suspecting and recording facts', () => {
  it('anyone signed in may suspect and record facts; the list filters them', async () => {
    const { desk, clerk, caseId } = await cast();
    const s = await desk.must<CaseDetail>(
      'case.suspectMalice',
      { caseId, note: '一年内第 4 次投诉同一问题' },
      clerk.token,
    );
    expect(s.malice?.status).toBe('suspected');
    expect(s.maliceStatus).toBe('suspected');
    const qc = await staffSession(desk, 'qc', 'qian');
    const f = await desk.must<CaseDetail>(
      'case.recordMaliceFacts',
      {
        caseId,
        established: '与客户共同核对：10 月 3 日短信订购，10 月 20 日已退订',
        evidence: [H1, H1],
        statementSigned: true,
        statementEvidence: H2,
      },
      qc.token,
    );
    expect(f.malice?.facts).toEqual([
      expect.objectContaining({
        evidence: [H1],
        statementSigned: true,
        statementEvidence: H2,
        byName: 'qc-qian',
      }),
    ]);
    expect(f.malice?.determination).toBeNull();
    expect((await desk.must<CaseListPage>('case.list', { malice: 'suspected' }, clerk.token)).total).toBe(1);
    expect((await desk.must<CaseListPage>('case.list', { malice: 'malicious' }, clerk.token)).total).toBe(0);
    expect((await desk.must<CaseListPage>('case.list', { text: '共同核对' }, clerk.token)).total).toBe(1);
  });

  it('refuses facts with a malformed evidence reference, storing nothing', async () => {
    const { desk, clerk, caseId } = await cast();
    const e = await refused(
      desk,
      'case.recordMaliceFacts',
      { caseId, established: '核对', evidence: ['not-a-hash'], statementSigned: false },
      clerk.token,
    );
    expect(e.code).toBe('invalid_input');
    expect(Object.keys(e.fields ?? {})).toEqual(['evidence.0']);
  });
});

describe('evidence the case does not hold', () => {
  it('refuses facts and determinations citing it, under `evidence`, in zh-CN and English, storing nothing', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    const before = eventCount(desk);
    const facts = { caseId, established: '核对', evidence: [H1, STRANGER], statementSigned: false };
    const zh = await refused(desk, 'case.recordMaliceFacts', facts, clerk.token);
    expect(zh.code).toBe('invalid_input');
    expect(Object.keys(zh.fields ?? {})).toEqual(['evidence']);
    expect(zh.fields?.evidence).toContain('没有这项证据');
    const en = await refused(desk, 'case.recordMaliceFacts', facts, clerk.token, 'en');
    expect(en.fields?.evidence).toContain('no such evidence');
    const statement = await refused(
      desk,
      'case.recordMaliceFacts',
      { ...facts, evidence: [H1], statementSigned: true, statementEvidence: STRANGER },
      clerk.token,
    );
    expect(Object.keys(statement.fields ?? {})).toEqual(['statementEvidence']);

    const det = await refused(
      desk,
      'case.determineMalice',
      determination(caseId, { evidence: [STRANGER] }),
      boss.token,
    );
    expect(det.code).toBe('invalid_input');
    expect(Object.keys(det.fields ?? {})).toEqual(['evidence']);
    expect(det.fields?.evidence).toContain('不属于这张投诉单');
    const mixed = await refused(
      desk,
      'case.determineMalice',
      determination(caseId, { evidence: [H1, STRANGER] }),
      boss.token,
      'en',
    );
    expect(mixed.fields?.evidence).toContain('belongs to this case');
    const goodFaith = await refused(
      desk,
      'case.determineMalice',
      { caseId, outcome: 'good_faith', evidence: [STRANGER], reason: '客户不知情' },
      boss.token,
    );
    expect(Object.keys(goodFaith.fields ?? {})).toEqual(['evidence']);

    expect(eventCount(desk)).toBe(before);
    expect(caseStateOf(desk, caseId).malice).toBeNull();
    // Evidence of another case is not this one's.
    const other = await createCase(desk, clerk.token, { category: 'banking.fees', account: '另一张单' });
    const h3 = await addEvidence(
      desk,
      clerk.token,
      other.id,
      Buffer.concat([PNG, Buffer.from([1])]),
      'x.png',
      'photo',
    );
    const elsewhere = await refused(
      desk,
      'case.determineMalice',
      determination(caseId, { evidence: [h3] }),
      boss.token,
    );
    expect(Object.keys(elsewhere.fields ?? {})).toEqual(['evidence']);
    expect(caseStateOf(desk, caseId).malice).toBeNull();
  });
});

describe('case.determineMalice', () => {
  it('refuses a counter clerk (forbidden), storing nothing', async () => {
    const { desk, clerk, caseId } = await cast();
    const zh = await refused(desk, 'case.determineMalice', determination(caseId), clerk.token);
    expect(zh.code).toBe('forbidden');
    expect(zh.message).toContain('无权');
    const en = await refused(desk, 'case.determineMalice', determination(caseId), clerk.token, 'en');
    expect(en.message).toContain('may not');
    expect(caseStateOf(desk, caseId).malice).toBeNull();
  });

  it('refuses a malicious determination without motive and behaviour, naming what is missing', async () => {
    const { desk, boss, caseId } = await cast();
    const input = determination(caseId, { motives: [], behaviours: [] });
    const zh = await refused(desk, 'case.determineMalice', input, boss.token);
    expect(zh.code).toBe('invalid_input');
    expect(zh.message).toContain('恶意动机');
    expect(zh.message).toContain('恶意行为');
    expect(Object.keys(zh.fields ?? {}).sort()).toEqual(['behaviours', 'motives']);
    const en = await refused(desk, 'case.determineMalice', input, boss.token, 'en');
    expect(en.message).toContain('malicious motive');
    expect(en.message).toContain('malicious behaviour');
  });

  it('refuses one without evidence, without an offer, or whose offer says 赔偿', async () => {
    const { desk, boss, caseId } = await cast();
    const none = await refused(
      desk,
      'case.determineMalice',
      determination(caseId, { evidence: [], offer: '' }),
      boss.token,
    );
    expect(Object.keys(none.fields ?? {}).sort()).toEqual(['evidence', 'offer']);
    const word = await refused(
      desk,
      'case.determineMalice',
      determination(caseId, { offer: '同意赔偿 7 元' }),
      boss.token,
      'en',
    );
    expect(word.fields?.offer).toContain('赔偿');
    // 补偿 (goodwill compensation) is fine.
    const ok = await desk.must<CaseDetail>(
      'case.determineMalice',
      determination(caseId, { offer: '按规定给予 7 元补偿' }),
      boss.token,
    );
    expect(ok.malice?.status).toBe('malicious');
  });

  it('presumes good faith with a reason alone', async () => {
    const { desk, boss, caseId } = await cast();
    const d = await desk.must<CaseDetail>(
      'case.determineMalice',
      { caseId, outcome: 'good_faith', reason: '客户确实不知情，记录有误' },
      boss.token,
    );
    expect(d.malice).toMatchObject({ status: 'good_faith', noConcession: false });
    expect(
      (await refused(desk, 'case.determineMalice', { caseId, outcome: 'good_faith', reason: '' }, boss.token))
        .fields?.reason,
    ).toBeDefined();
  });

  it('the SMS subscription: facts, motive and behaviour by the supervisor; the case closes with no concession, the offer kept', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    await desk.must('case.suspectMalice', { caseId, note: '客户曾多次以同样理由投诉' }, clerk.token);
    await desk.must(
      'case.recordMaliceFacts',
      {
        caseId,
        established: '订购与退订记录齐全，客户签字确认核对结果',
        evidence: [H1],
        statementSigned: true,
        statementEvidence: H2,
      },
      boss.token,
    );
    const d = await desk.must<CaseDetail>('case.determineMalice', determination(caseId), boss.token);
    expect(d.malice?.determination).toMatchObject({
      outcome: 'malicious',
      motives: ['undue_gain'],
      behaviours: ['inventing', 'refusing_to_negotiate'],
      byName: 'supervisor-zhou',
    });
    const closed = await desk.must<CaseDetail>(
      'case.close',
      { caseId, nature: 'invalid', overrideReason: '认定恶意投诉，书面答复后结案' },
      boss.token,
    );
    expect(closed.status).toBe('closed');
    expect(closed.malice).toMatchObject({ status: 'malicious', noConcession: true });
    expect(closed.malice?.determination?.offer).toContain('书面说明');
    // A closed case takes no further judgment until it is reopened.
    expect((await refused(desk, 'case.suspectMalice', { caseId }, clerk.token)).code).toBe('invalid_state');
  });
});

describe('determinations arriving from other desks', () => {
  it('gives a counter clerk’s forged determination no effect, flags it, and a rebuild agrees', async () => {
    const { desk, clerk, caseId } = await cast();
    const evil = new RemoteDevice('dev-evil', Date.now(), 'GZ', clerk.staff.id);
    const { caseId: _id, ...payload } = determination(caseId);
    const forged = evil.event(`case:${caseId}`, 'case.malice_determined', payload);
    expect(desk.core.appendEvents([forged]).accepted).toBe(1);
    const d = await desk.must<CaseDetail>('case.get', { caseId }, clerk.token);
    expect(d.malice).toBeNull();
    const flagged = caseStateOf(desk, caseId);
    expect(flagged.flags).toEqual([{ act: 'determine_malice', eventId: forged.id, reason: 'no_authority' }]);
    desk.core.rebuild();
    expect(caseStateOf(desk, caseId)).toEqual(flagged);
  });
});
