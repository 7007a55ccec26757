/**
 * A desk's own events that come back on a pull leave its outbox (they are at
 * head office already, docs/backups.md), but only a copy the desk accepts as
 * the same event. A damaged copy (same id and hash, another payload, from a
 * broken server or a proxy) is refused, and the genuine event must stay
 * queued: it was never acknowledged, and dropping it would lose it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { streamOf } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { newId } from '../../shared/domain/kernel/ids';
import { kernelDeskWithEngine, runCleanup, type CleanupList } from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

function ownEvent(deviceId: string) {
  const body = {
    id: newId(),
    stream: streamOf('case', newId()),
    type: 'future.thing',
    schema: 1,
    hlc: '001796318706139-00000',
    device: deviceId,
    branch: 'GZ',
    actor: newId(),
    payload: { a: 1 },
  };
  return { ...body, hash: eventHash(body) };
}

describe('own events pulled back', () => {
  it('keeps an own event queued when the pulled copy is damaged and refused', () => {
    const { desk, engine } = kernelDeskWithEngine(cleanup);
    const own = ownEvent(desk.identity()!.deviceId);
    desk.tx(() => desk.appendLocal([own]));
    expect(engine.store.pendingCount()).toBe(1);
    const { rejected } = engine.store.applyPullPage(
      [{ ...own, payload: { a: 2 } }],
      1,
      new Date().toISOString(),
    );
    expect(rejected).toBe(1);
    expect(engine.store.pendingCount()).toBe(1);
  });

  it('lets an own event go when the pulled copy is the same event', () => {
    const { desk, engine } = kernelDeskWithEngine(cleanup);
    const own = ownEvent(desk.identity()!.deviceId);
    desk.tx(() => desk.appendLocal([own]));
    const { rejected } = engine.store.applyPullPage([{ ...own }], 1, new Date().toISOString());
    expect(rejected).toBe(0);
    expect(engine.store.pendingCount()).toBe(0);
  });
});
