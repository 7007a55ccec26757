/**
 * A sync run that meets a desk busy with maintenance (a rebuild holds the
 * database, so every write is refused at once with DeskBusyError) waits for it:
 * it is not a failure of the line or of head office, the clerk sees no error,
 * nothing is lost, and the next run stores what the busy one could not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newCaseInput } from './desk-fixtures';
import {
  disposeDesk,
  kernelDeskWithEngine,
  newDesk,
  runCleanup,
  syncNowAndWait,
  TestServer,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

describe('sync while the desk is busy with maintenance', () => {
  it('waits without an error and stores everything on the next run', async () => {
    const kernelDesk = () => kernelDeskWithEngine(cleanup);
    const server = new TestServer('sqlite');
    await server.start();
    cleanup.push(() => server.dispose());

    // Another desk of the branch has three cases at head office.
    const other = await newDesk('01');
    cleanup.push(() => disposeDesk(other));
    await other.must('sync.configure', { serverUrl: server.url, code: await server.code() });
    for (let i = 0; i < 3; i++) await other.must('case.create', newCaseInput({ account: `维护期间 ${i}` }));
    expect(await syncNowAndWait(other)).toMatchObject({ state: 'online', pending: 0 });

    const { desk, engine, logs } = kernelDesk();
    const enrolled = await engine.configure(server.url, await server.code(), 'zh-CN');
    expect(enrolled.ok).toBe(true);
    await engine.whenIdle();
    const cursor = engine.store.cursor();

    // More arrives at head office; then a rebuild holds this desk's database.
    await other.must('case.create', newCaseInput({ account: '维护期间 3' }));
    await syncNowAndWait(other);
    desk.writesHeld = true;
    const during = await engine.runNow('en');
    expect(during.state).not.toBe('error');
    expect(during.lastError).toBeNull();
    expect(engine.store.cursor()).toBe(cursor); // nothing half-stored
    expect(logs.some((l) => l.includes('busy with maintenance'))).toBe(true);

    // The rebuild ends: the next run stores all of it.
    desk.writesHeld = false;
    const after = await engine.runNow('en');
    expect(after).toMatchObject({ state: 'online', lastError: null, pending: 0 });
    const cases = desk.d.sqlite.prepare('SELECT count(*) AS n FROM cases').get() as { n: number };
    expect(cases.n).toBe(4);
  });
});
