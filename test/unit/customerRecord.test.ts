/**
 * Issue 12 items 3 and 4 in the renderer, pure parts: what the intake looks a
 * customer up by (phone, else the name when no phone is typed), and the
 * supporting signs a customer's record suggests to the malicious-claim
 * determination (renderer/src/features/judgment/customerRecord.ts).
 */
import { describe, expect, it } from 'vitest';
import type { CustomerHistory } from '../../shared/contract/methods/customers';
import { lookupOf } from '../../renderer/src/features/intake/customerLookup';
import {
  recordBasis,
  suggestedSigns,
  withSuggested,
} from '../../renderer/src/features/judgment/customerRecord';

describe('the intake lookup', () => {
  it('asks by phone from 7 digits, by name only while no digit is typed', () => {
    expect(lookupOf('+86 138 0013 8000', '李秀英')).toEqual({ by: 'phone', value: '13800138000' });
    expect(lookupOf('', ' 张 三 ')).toEqual({ by: 'name', value: '张三' });
    expect(lookupOf('无', 'ＺＨＡＮＧ San')).toEqual({ by: 'name', value: 'zhangsan' });
    expect(lookupOf('138 001', '李秀英')).toBeNull(); // a phone being typed
    expect(lookupOf('', '  ')).toBeNull();
  });
});

function record(over: Partial<CustomerHistory['counts']>, categories: string[] = []): CustomerHistory {
  return {
    key: { kind: 'phone', value: '13900001111' },
    windowDays: 30,
    items: [],
    counts: { total: 3, open: 1, withinWindow: 0, maliciousDetermined: 0, capped: false, ...over },
    maliciousCategories: categories,
  };
}

describe('the signs a customer record suggests', () => {
  it('suggests nothing for a record with no complaint in the window and nothing malicious', () => {
    expect(suggestedSigns(record({}), 'telecom.value_added')).toEqual([]);
  });

  it('suggests repeat_bad_record for earlier complaints in the window', () => {
    expect(suggestedSigns(record({ withinWindow: 2 }), 'telecom.value_added')).toEqual(['repeat_bad_record']);
  });

  it('suggests repeat_bad_record for an earlier malicious determination, and same_trick_before in the same category', () => {
    const h = record({ maliciousDetermined: 1 }, ['banking.fees']);
    expect(suggestedSigns(h, 'telecom.value_added')).toEqual(['repeat_bad_record']);
    expect(suggestedSigns(h, 'banking.fees')).toEqual(['repeat_bad_record', 'same_trick_before']);
    expect(recordBasis(h, 'banking.fees')).toEqual({ inWindow: 0, malicious: 1, sameCategory: true });
  });

  it('adds suggestions to what is ticked, each once, in the form order', () => {
    expect(withSuggested(['same_trick_before'], ['repeat_bad_record'])).toEqual([
      'repeat_bad_record',
      'same_trick_before',
    ]);
    expect(withSuggested(['repeat_bad_record'], ['repeat_bad_record'])).toEqual(['repeat_bad_record']);
  });
});
