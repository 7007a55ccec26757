/**
 * Follow-up facts for the desk benchmark's corpus (issue 9): a branch where
 * most cases were closed and called back, and a few are still open, some
 * paused, some with contact attempts and outstanding actions, some entered
 * late, spread over ten clerks. Its own seeded PRNG, so the cases' texts are
 * those of the plain corpus (./corpus.ts).
 *
 *   90 %  six steps, closed within two days (with a nature, issue 12); callback: 80 % reached, 6 % reached
 *         after a failed try, 4 % not yet, 10 % three failures (unreachable)
 *    4 %  four steps (handling and result open), a third with a pause still open
 *    3 %  five steps and an outstanding department action, 1-3 unanswered contacts
 *    3 %  six steps, not closed (the reply open)
 *   10 %  of all: one to three pauses that ended; 3 %: entered 5 hours late, with a reason
 */
import { type FollowUpPlanner, prng } from './corpus';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const REASONS = ['customer', 'parts', 'third_party'] as const;
/** Natures of the closed cases, in a cycle of 20: 65 % valid, 15 % to improve, 5 % each of the others. */
const NATURE_CYCLE = [
  ...Array<string>(13).fill('valid'),
  ...Array<string>(3).fill('to_improve'),
  'invalid',
  'help',
  'consulting',
  'venting',
];
const natureOf = (n: number): string => NATURE_CYCLE[n % NATURE_CYCLE.length] ?? 'valid';

export function followUpPlanner(owners: readonly string[], seed = 7): FollowUpPlanner {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const iso = (t: number) => new Date(t).toISOString();
  let actions = 0;
  let closes = 0;
  const actionId = () => `00000000-0000-4000-8000-${(++actions).toString(16).padStart(12, '0')}`;

  return ({ stepsDoneMs }) => {
    const owner = pick(owners);
    const late = rand() < 0.03;
    const later: { type: string; payload: unknown; atMs: number }[] = [];
    let t = stepsDoneMs;
    const at = (gapMs: number) => (t += Math.max(1, Math.floor(gapMs)));

    if (rand() < 0.1) {
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) {
        later.push({
          type: 'case.paused',
          payload: { reason: pick(REASONS), note: '等待' },
          atMs: at(rand() * 4 * HOUR),
        });
        later.push({ type: 'case.resumed', payload: { note: '继续' }, atMs: at(HOUR + rand() * DAY) });
      }
    }

    const kind = rand();
    let steps = 6;
    if (kind < 0.9) {
      const closedMs = at(HOUR + rand() * 2 * DAY);
      // The close writes its nature just before (issue 12); from a fixed cycle, so the PRNG's draws stay as they were.
      later.push({ type: 'case.classified', payload: { nature: natureOf(closes++) }, atMs: closedMs - 1 });
      later.push({ type: 'case.closed', payload: { overrideReason: null }, atMs: closedMs });
      const cb = rand();
      const callback = (outcome: string, gap: number) =>
        later.push({
          type: 'case.callback_recorded',
          payload: {
            at: iso(t + gap),
            outcome,
            reachedWho: outcome === 'reached' ? '本人' : '',
            satisfaction: outcome === 'reached' ? 1 + Math.floor(rand() * 5) : null,
            comment: '',
          },
          atMs: at(gap + 60_000),
        });
      if (cb < 0.8) callback('reached', DAY + rand() * DAY);
      else if (cb < 0.86) {
        callback('no_answer', DAY);
        callback('reached', HOUR * 3);
      } else if (cb < 0.9) {
        // not called back yet
      } else {
        callback('no_answer', DAY);
        callback('busy', HOUR * 4);
        callback('refused', DAY);
      }
    } else if (kind < 0.94) {
      steps = 4;
      if (rand() < 1 / 3) {
        later.push({ type: 'case.paused', payload: { reason: 'parts', note: '等配件' }, atMs: at(HOUR) });
      }
    } else if (kind < 0.97) {
      steps = 5;
      later.push({
        type: 'case.action_added',
        payload: {
          actionId: actionId(),
          what: '后台核查退费',
          owner: { kind: 'department', name: '运营部' },
          dueAt: iso(t + 2 * DAY),
        },
        atMs: at(60_000),
      });
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) {
        later.push({
          type: 'case.contact_attempted',
          payload: { at: iso(t + HOUR), channel: 'phone', outcome: pick(['no_answer', 'busy']), note: '' },
          atMs: at(HOUR + 60_000),
        });
      }
    }
    return {
      owner,
      receivedLagMs: late ? 5 * HOUR : 60_000,
      ...(late ? { lateReason: '系统故障，恢复后补录' } : {}),
      steps,
      later,
    };
  };
}
