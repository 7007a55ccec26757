/**
 * Issue 12, "a sync-model test in which one desk flags and another
 * determines offline, converging": two real desks of one branch know the
 * same staff and the same case (the SMS-subscription dispute of DOMAIN.md
 * section 9) and its two evidence files, added on desk A. Their line goes down. On desk A the counter clerk flags the
 * claim as suspected and records the facts established with the customer;
 * on desk B, not knowing, the supervisor determines it malicious with a
 * written offer; and on desk A a tampered client writes a clerk's own
 * "good faith" determination. Both come back and sync until nothing moves.
 *
 * Then head office's projection, the shared fold over what head office hands
 * out, each desk's projection and the fold of each desk's own log (with each
 * one's staff directory) are one state: the suspicion and the facts add, the
 * supervisor's determination stands, the clerk's is flagged `no_authority`
 * with no effect. The sync invariants of harness.ts hold. The desks write
 * through DeskApi (the forged event through the event append path, as a
 * tampered desk would). SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import { foldCase } from '../../shared/domain/cases/fold';
import type { CaseState } from '../../shared/domain/cases/state';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import { branchDesks, hirer, deskLog } from './branchDesks';
import { checkInvariants, quiesce, simEngines } from './harness';
import { SimDesk } from './simDesk';

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
const EVIDENCE = sha(PNG);
const STATEMENT = sha(JPEG);

/** Adds a file to a case on desk `d` as the browser host does (docs/evidence.md). */
async function addEvidence(
  d: SimDesk,
  token: string,
  caseId: string,
  bytes: Buffer,
  name: string,
  kind: string,
) {
  const staged = d.core.evidence.stage();
  fs.writeFileSync(staged.path, bytes);
  await d.must('case.evidence.add', { caseId, upload: staged.id, name, kind, note: '' }, token);
  d.core.evidence.discard(staged.id);
}

/** The shared case fold over a log, judged with the staff directory folded from the same log. */
function foldFrom(events: readonly EventEnvelope[], caseId: string): CaseState | null {
  const dir = foldStaffDirectory(events);
  const mine = events.filter((e) => e.stream === streamOf('case', caseId));
  return foldCase(mine, { roleAt: (id, key) => dir.roleAt(id, key) });
}

for (const engine of simEngines()) {
  describe(`one desk flags a claim, another determines it offline (${engine})`, () => {
    const branch = branchDesks(engine, '广州天河支行');
    const { desk } = branch;

    async function signIn(d: SimDesk, login: string): Promise<Session> {
      const r = await d.core.call(
        'auth.signIn',
        { login, secret: '135790' },
        { session: null, locale: 'zh-CN' },
      );
      if (!r.ok) throw new Error(`${d.name}: sign-in ${login} failed: ${JSON.stringify(r.error)}`);
      return r.value as Session;
    }

    it('keeps the suspicion and facts, the supervisor’s determination, flags the clerk’s, on every replica', async () => {
      const { server } = branch;
      const a = await desk('01');
      const b = await desk('02');
      const hire = hirer(a, '135790');
      const clerk = (await hire('王柜员', 'wang', 'counter')).id;
      await hire('周主管', 'zhou', 'supervisor');
      const label = () => `malice-offline ${engine}`;
      await quiesce(server, [a, b], { label });

      const clerkA = await signIn(a, 'wang');
      const bossB = await signIn(b, 'zhou');
      const c = await a.must<CaseDetail>(
        'case.create',
        {
          customer: { name: '陈先生', phone: '13900001111', gender: 'male', returning: true },
          channel: 'walk_in',
          category: 'banking.fees',
          severity: 'general',
          account: '否认订购每月 7 元短信包，要求书面道歉并索要高额款项。',
        },
        clerkA.token,
      );
      // The clerk adds the evidence on desk A; it reaches desk B before the line goes down
      // (a desk cites only evidence it holds: docs/escalation-and-malice.md).
      await addEvidence(a, clerkA.token, c.id, PNG, '订购记录截图.png', 'photo');
      await addEvidence(a, clerkA.token, c.id, JPEG, '客户签字声明.jpg', 'statement');
      await quiesce(server, [a, b], { label });
      expect((await b.getCase(c.id)).timeline.filter((t) => t.type === 'case.evidence_added')).toHaveLength(
        2,
      );

      // Offline: neither desk syncs.
      await a.must('case.suspectMalice', { caseId: c.id, note: '一年内第 4 次同类投诉' }, clerkA.token);
      await a.must(
        'case.recordMaliceFacts',
        {
          caseId: c.id,
          established: '与客户共同核对：10 月 3 日短信订购，10 月 20 日已退订',
          evidence: [EVIDENCE],
          statementSigned: true,
          statementEvidence: STATEMENT,
        },
        clerkA.token,
      );
      const decided = await b.must<CaseDetail>(
        'case.determineMalice',
        {
          caseId: c.id,
          outcome: 'malicious',
          motives: ['undue_gain'],
          behaviours: ['inventing', 'hints_or_threats'],
          signs: ['repeat_bad_record', 'same_trick_before'],
          evidence: [EVIDENCE],
          offer: '经核实订购与退订记录，按规定退还当月 7 元功能费，并书面说明。',
          reason: '订购与退订记录清楚，客户否认并以曝光相要挟',
        },
        bossB.token,
      );
      expect(decided.malice?.suspicions, 'desk B alone knows no suspicion').toEqual([]);
      const forged = a.forgeOwnEvent(
        streamOf('case', c.id),
        'case.malice_determined',
        {
          outcome: 'good_faith',
          motives: [],
          behaviours: [],
          signs: [],
          evidence: [],
          offer: '',
          reason: '柜员自行认定善意',
        },
        clerk,
      );
      expect(
        foldFrom(deskLog(a), c.id)?.malice?.determination,
        'desk A alone has no determination',
      ).toBeNull();

      await quiesce(server, [a, b], { label });
      await checkInvariants(server, [a, b], label());

      const { events } = await server.branchEvents('GZ');
      const reference = foldFrom(events, c.id) as CaseState;
      expect(reference.malice?.suspicions.map((s) => s.by)).toEqual([clerk]);
      expect(reference.malice?.facts.map((f) => f.evidence)).toEqual([[EVIDENCE]]);
      expect(reference.malice?.determination).toMatchObject({
        outcome: 'malicious',
        by: bossB.staff.id,
        behaviours: ['inventing', 'hints_or_threats'],
      });
      expect(reference.flags).toEqual([
        { act: 'determine_malice', eventId: forged.id, reason: 'no_authority' },
      ]);

      const rows = await server.env.query<{ state: string; malice: string | null }>(
        'SELECT state, malice FROM cases WHERE id = $1',
        [c.id],
      );
      expect(
        rows.map((r) => JSON.parse(r.state) as CaseState),
        'head office projection',
      ).toEqual([reference]);
      expect(rows[0]?.malice).toBe('malicious');
      for (const d of [a, b]) {
        expect(foldFrom(deskLog(d), c.id), `${d.name}: its log`).toEqual(reference);
        expect(d.projectionStates().get(c.id), `${d.name}: its projection`).toEqual(reference);
        const detail = await d.getCase(c.id);
        expect(detail.malice).toMatchObject({ status: 'malicious', noConcession: true });
        expect(detail.maliceStatus).toBe('malicious');
      }
    });
  });
}
