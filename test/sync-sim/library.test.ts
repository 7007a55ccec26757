/**
 * Issue 12 item 6: the case library syncs to every desk of the branch. A
 * supervisor desk writes a standard answer and a library entry; a counter
 * desk of the branch pulls them through head office and shows the same
 * library (search, answers for the category); a retirement on the other
 * supervisor desk reaches both. Real server, real desks, manual sync runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type {
  LibraryForCategory,
  LibraryItemView,
  LibrarySearchPage,
} from '../../shared/contract/methods/library';
import { lineToHeadOffice, enrolledDesk, type Cleanup, type Line } from './lineFixtures';
import { SimDesk } from './simDesk';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const manual = { timers: false } as const;

/** A counter desk of branch GZ, enrolled with a counter code. */
async function counterDesk(line: Line, code: string): Promise<SimDesk> {
  const d = await SimDesk.create({
    name: `GZ-${code}`,
    branch: 'GZ',
    branchName: '广州天河支行',
    deviceCode: code,
    sync: manual,
  });
  cleanup.push(() => d.dispose());
  const url = await line.proxy.lane(d.name);
  await d.must('sync.configure', { serverUrl: url, code: await line.server.code('GZ', 'counter') });
  await d.core.syncIdle();
  return d;
}

const titles = (p: LibrarySearchPage) => p.items.map((i) => i.title);

describe('the case library syncs to every desk of the branch', () => {
  it('written on one supervisor desk, read on a counter desk, retired on another', async () => {
    const line = await lineToHeadOffice(cleanup);
    const a = await enrolledDesk(line, cleanup, '01', manual);
    const b = await enrolledDesk(line, cleanup, '02', manual);
    const counter = await counterDesk(line, '03');
    for (const d of [a, b, counter]) expect((await d.syncNow()).state).toBe('online');

    const answer = await a.must<LibraryItemView>('library.setAnswer', {
      category: 'telecom',
      title: '未订购争议口径',
      text: '给您带来不便非常抱歉，我们先为您核实订购记录。',
    });
    await a.must('library.writeEntry', {
      theme: '短信增值业务被订购',
      background: '客户称从未订购',
      details: '核对短信验证码记录',
      result: '退费并致歉',
      discussion: '',
      category: 'telecom.value_added',
    });
    await a.syncNow();
    for (const d of [b, counter]) await d.syncNow();

    for (const d of [b, counter]) {
      expect(titles(await d.must<LibrarySearchPage>('library.search', {}))).toEqual([
        '短信增值业务被订购',
        '未订购争议口径',
      ]);
      const applies = await d.must<LibraryForCategory>('library.forCategory', {
        category: 'telecom.billing',
      });
      expect(applies.answers.map((i) => i.id)).toEqual([answer.id]);
    }

    // Retired on desk B: gone everywhere after the next runs.
    await b.must('library.retire', { itemId: answer.id });
    await b.syncNow();
    for (const d of [a, counter]) await d.syncNow();
    for (const d of [a, b, counter]) {
      expect(titles(await d.must<LibrarySearchPage>('library.search', {}))).toEqual(['短信增值业务被订购']);
      expect((await d.must<LibraryItemView>('library.get', { itemId: answer.id })).retired).toBe(true);
    }
  });
});
