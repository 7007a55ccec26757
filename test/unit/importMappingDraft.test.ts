/**
 * What the import screens send as this run's mapping (renderer/src/features/import/mappingDraft.ts):
 * nothing when nothing changed, only the parts changed, a value or default
 * cleared when the clerk clears it; columns named as the spreadsheet names
 * them; mapped unknown values stay on the screen after a preview drops them.
 */
import { describe, expect, it } from 'vitest';
import type { ImportPreviewView } from '../../shared/contract/methods/import';
import {
  columnName,
  EMPTY_DRAFT,
  mappingUpdate,
  rememberedHeader,
  shownUnknowns,
  unknownKey,
  withDefault,
  withHeader,
  withValue,
  type UnknownValue,
} from '../../renderer/src/features/import/mappingDraft';

const preview = (unknownValues: UnknownValue[]): ImportPreviewView => ({
  file: 'log.csv',
  kind: 'csv',
  encoding: 'gb18030',
  sheets: ['log'],
  sheet: 'log',
  headerRow: 1,
  columns: [],
  duplicates: [],
  missingColumns: [],
  rows: 0,
  cases: 0,
  already: 0,
  problemCount: 0,
  problemRows: 0,
  problems: [],
  unknownValues,
  sample: [],
});

describe('the import mapping draft', () => {
  it('sends nothing until something is changed, then only what was', () => {
    expect(mappingUpdate(EMPTY_DRAFT)).toBeUndefined();
    const d = withValue(withHeader(EMPTY_DRAFT, '来访者', 'customerName'), 'channel', '飞鸽', 'letter');
    expect(mappingUpdate(d)).toEqual({
      headers: { 来访者: 'customerName' },
      values: { channel: { 飞鸽: 'letter' } },
    });
    expect(mappingUpdate(withHeader(EMPTY_DRAFT, '序号', null))).toEqual({ headers: { 序号: null } });
    expect(mappingUpdate(withDefault(EMPTY_DRAFT, 'channel', 'walk_in'))).toEqual({
      defaults: { channel: 'walk_in' },
    });
  });

  it('forgets a value or default the clerk clears', () => {
    const d = withValue(EMPTY_DRAFT, 'channel', '飞鸽', 'letter');
    expect(mappingUpdate(withValue(d, 'channel', '飞鸽', undefined))).toBeUndefined();
    const e = withDefault(EMPTY_DRAFT, 'category', 'banking.fees');
    expect(mappingUpdate(withDefault(e, 'category', undefined))).toBeUndefined();
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('knows a remembered header however it is spaced or marked', () => {
    const remembered = { headers: { 来访者: 'customerName' as const }, values: {}, defaults: {} };
    expect(rememberedHeader(remembered, ' 来访者 *')).toBe(true);
    expect(rememberedHeader(remembered, '来访人')).toBe(false);
    expect(rememberedHeader(null, '来访者')).toBe(false);
  });

  it('keeps a mapped unknown value on the screen once the preview no longer lists it', () => {
    const fei: UnknownValue = { field: 'channel', text: '飞鸽', count: 2, firstRow: 4 };
    const sex: UnknownValue = { field: 'gender', text: '未知', count: 1, firstRow: 9 };
    const seen = new Map([fei, sex].map((u) => [unknownKey(u), u]));
    const mapped = withValue(EMPTY_DRAFT, 'channel', '飞鸽', 'letter');
    expect(shownUnknowns(seen, preview([sex]), mapped)).toEqual([
      { value: fei, resolved: 'letter' },
      { value: sex, resolved: undefined },
    ]);
    // Not mapped and no longer in the file's preview (another sheet): gone.
    expect(shownUnknowns(seen, preview([sex]), EMPTY_DRAFT)).toEqual([{ value: sex, resolved: undefined }]);
  });
});
