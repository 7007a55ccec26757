/**
 * A case is filed under a leaf of the taxonomy (银行 / 收费), never under a
 * parent (银行) alone (issue 10): intake and a later category change both
 * refuse a parent on its field, in zh-CN and English, and store nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import { newCaseInput, openTestDesk, readDeskDb, staffSession, type TestDesk } from './desk-fixtures';

let t: TestDesk;
let clerk: Session;

const eventCount = (): number =>
  readDeskDb(t.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);

function fieldsOf(r: Result<unknown>): Record<string, string> | undefined {
  if (r.ok) throw new Error('expected a refusal');
  return r.error.fields;
}

beforeAll(async () => {
  t = await openTestDesk();
  clerk = await staffSession(t, 'counter', 'clerk1', '柜员小陈');
});
afterAll(() => t.close());

describe('case category', () => {
  it('intake refuses a parent category on its field and stores nothing; a leaf is taken', async () => {
    const before = eventCount();
    const zh = await t.call('case.create', newCaseInput({ category: 'banking' }), clerk.token);
    expect(fieldsOf(zh)).toEqual({ category: '请选择具体的小类（例如“银行 / 收费”），不能只选大类。' });
    const en = await t.call('case.create', newCaseInput({ category: 'banking' }), clerk.token, 'en');
    expect(fieldsOf(en)?.category).toMatch(/^Choose a specific subcategory/);
    const unknown = await t.call('case.create', newCaseInput({ category: 'banking.nothing' }), clerk.token);
    expect(fieldsOf(unknown)?.category).toBe('没有这个投诉类别，请从列表中选择。');
    expect(eventCount()).toBe(before);
    const leafless = await t.must<CaseDetail>(
      'case.create',
      newCaseInput({ category: 'other' }),
      clerk.token,
    );
    expect(leafless.category).toBe('other');
  });

  it('a category change refuses a parent too', async () => {
    const c = await t.must<CaseDetail>('case.create', newCaseInput(), clerk.token);
    const before = eventCount();
    const r = await t.call(
      'case.setField',
      { caseId: c.id, field: 'category', value: 'telecom' },
      clerk.token,
    );
    expect(fieldsOf(r)).toEqual({ value: '请选择具体的小类（例如“银行 / 收费”），不能只选大类。' });
    expect(eventCount()).toBe(before);
    const ok = await t.must<CaseDetail>(
      'case.setField',
      { caseId: c.id, field: 'category', value: 'telecom.billing' },
      clerk.token,
    );
    expect(ok.category).toBe('telecom.billing');
  });
});
