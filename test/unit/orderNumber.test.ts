/** Work-order numbers (shared/domain/orders/number.ts): `WO-` before a case number's form. */
import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../shared/domain/kernel/caseNumber';
import { formatOrderNumber, isOrderNumber, parseOrderNumber } from '../../shared/domain/orders/number';

describe('order numbers', () => {
  it('formats and parses WO-GZ01-20261130-0003', () => {
    expect(formatOrderNumber('GZ', '01', '20261130', 3)).toBe('WO-GZ01-20261130-0003');
    expect(parseOrderNumber('WO-GZ01-20261130-0003')).toEqual({
      branch: 'GZ',
      device: '01',
      date: '20261130',
      seq: 3,
    });
    expect(formatOrderNumber('SHPD', 'A7', '20261130', 12345)).toBe('WO-SHPDA7-20261130-12345');
  });

  it('round-trips every number it writes', () => {
    for (const seq of [1, 9, 10, 999, 9999, 10000, 123456]) {
      const n = formatOrderNumber('BJ', 'Z9', '20280229', seq);
      const p = parseOrderNumber(n);
      expect(p && formatOrderNumber(p.branch, p.device, p.date, p.seq)).toBe(n);
    }
  });

  it('takes the date from a Date in local time, like case numbers', () => {
    const d = new Date(2026, 10, 30, 23, 59);
    expect(formatOrderNumber('GZ', '01', d, 1)).toBe(`WO-${formatCaseNumber('GZ', '01', d, 1)}`);
  });

  it('refuses a case number, a wrong prefix and malformed parts', () => {
    for (const s of [
      'GZ01-20261130-0003',
      'wo-GZ01-20261130-0003',
      'WO-GZ01-20261131-0003',
      'WO-GZ01-20261130-00003',
      'WO-GZ01-20261130-0000',
      'WO-GZ1-20261130-0003',
      'WO--GZ01-20261130-0003',
      'WO-GZ01-20261130-0003 ',
    ]) {
      expect(parseOrderNumber(s), s).toBeNull();
      expect(isOrderNumber(s), s).toBe(false);
    }
    expect(isOrderNumber(42)).toBe(false);
  });

  it('throws naming the bad part', () => {
    expect(() => formatOrderNumber('gz', '01', '20261130', 1)).toThrow(/Branch code/);
    expect(() => formatOrderNumber('GZ', '001', '20261130', 1)).toThrow(/Device code/);
    expect(() => formatOrderNumber('GZ', '01', '20261131', 1)).toThrow(/real day/);
    expect(() => formatOrderNumber('GZ', '01', '20261130', 0)).toThrow(/sequence/);
  });
});
