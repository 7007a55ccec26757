/**
 * Issue 8: the server takes staff events dated before a desk's enrolment only
 * when the desk declared them as it enrolled. A real desk set up (founding
 * admin created) two days before it is enrolled declares that staff.created
 * (electron/desk/sync/enrol.ts), so the admin reaches head office; a forged
 * back-dated staff event it did not declare would not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  deskMeta,
  disposeDesk,
  engines,
  newDesk,
  reopenDesk,
  runCleanup,
  serverEvents,
  syncNowAndWait,
  TestServer,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

const DAY = 24 * 60 * 60 * 1000;

describe.each(engines())('enrolment declares the desk’s own staff events (%s)', (engine) => {
  it('a desk set up two days before it enrols gets its founding admin to head office', async () => {
    const server = new TestServer(engine);
    await server.start();
    cleanup.push(() => server.dispose());
    let offset = -2 * DAY;
    const now = () => Date.now() + offset;
    const first = await newDesk('31', { now });
    first.closeKeepData();
    // Two days later (a fresh sign-in: the first session has long expired).
    offset = 0;
    const d = await reopenDesk(first, { now });
    cleanup.push(() => disposeDesk(d));
    const deviceId = deskMeta(d.dir, 'device.id');

    await d.must('sync.configure', { serverUrl: server.url, code: await server.code('GZ', 'supervisor') });
    const s = await syncNowAndWait(d);
    expect(s).toMatchObject({ state: 'online', pending: 0 });
    const admins = (await serverEvents(server)).filter(
      (e) => e.type === 'staff.created' && e.device === deviceId,
    );
    expect(admins).toHaveLength(1);
    // It was dated before the enrolment: the declaration is what let it in.
    expect(Number(admins[0]!.hlc.slice(0, 15))).toBeLessThan(Date.now() - DAY);
  });
});
