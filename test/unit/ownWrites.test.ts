/**
 * OwnWrites tells this window's own case writes (whose answers the screens
 * already show) from changes made elsewhere, which must be read.
 */
import { describe, expect, it } from 'vitest';
import { OwnWrites } from '../../renderer/src/stores/ownWrites';

describe('OwnWrites', () => {
  it('drops one echo per write and delivers everything else', () => {
    const delivered: string[] = [];
    const own = new OwnWrites((id) => delivered.push(id));
    const t = own.started('a');
    own.event('a'); // the echo, before the answer: held back
    own.event('b'); // another case: not held back
    expect(delivered).toEqual(['b']);
    own.settled(t, { caseId: 'a', appended: true });
    expect(delivered).toEqual(['b']);
    own.event('a'); // a later change elsewhere
    expect(delivered).toEqual(['b', 'a']);
  });

  it('expects no echo from a write that failed or changed nothing', () => {
    const delivered: string[] = [];
    const own = new OwnWrites((id) => delivered.push(id));
    own.settled(own.started('a'), null);
    own.settled(own.started('a'), { caseId: 'a', appended: false });
    own.event('a');
    expect(delivered).toEqual(['a']);
  });

  it('holds back every case while a create is under way', () => {
    const delivered: string[] = [];
    const own = new OwnWrites((id) => delivered.push(id));
    const t = own.started(null);
    own.event('new');
    own.event('b');
    expect(delivered).toEqual([]);
    own.settled(t, { caseId: 'new', appended: true });
    expect(delivered).toEqual(['b']);
  });

  it('forgets an echo that never came', () => {
    let now = 1_000;
    const delivered: string[] = [];
    const own = new OwnWrites((id) => delivered.push(id), { echoTtlMs: 5_000, now: () => now });
    own.settled(own.started('a'), { caseId: 'a', appended: true });
    now += 6_000;
    own.event('a');
    expect(delivered).toEqual(['a']);
  });
});
