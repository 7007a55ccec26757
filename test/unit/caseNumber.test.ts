import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCaseNumber, localDateStamp, parseCaseNumber } from '../../shared/domain/kernel/caseNumber';

describe('formatCaseNumber', () => {
  it('joins branch + device, local date and padded sequence', () => {
    expect(formatCaseNumber('GZ', '01', '20261122', 7)).toBe('GZ01-20261122-0007');
    expect(formatCaseNumber('SHPD', 'A7', '20260101', 1234)).toBe('SHPDA7-20260101-1234');
    expect(formatCaseNumber('GZ', '01', '20261122', 12345)).toBe('GZ01-20261122-12345');
  });

  it('uses the local calendar date of a Date', () => {
    // 23:30 local time on 22 Nov 2026 is still the 22nd locally, whatever the UTC date is.
    expect(formatCaseNumber('GZ', '01', new Date(2026, 10, 22, 23, 30), 7)).toBe('GZ01-20261122-0007');
    expect(formatCaseNumber('GZ', '01', new Date(2026, 0, 5, 0, 0), 1)).toBe('GZ01-20260105-0001');
    expect(localDateStamp(new Date(2024, 1, 29, 12))).toBe('20240229');
  });

  it.each([
    ['gz', '01', '20261122', 1, /Branch code/],
    ['G', '01', '20261122', 1, /Branch code/],
    ['GUANGZH', '01', '20261122', 1, /Branch code/],
    ['G1', '01', '20261122', 1, /Branch code/],
    ['GZ', '1', '20261122', 1, /Device code/],
    ['GZ', 'a1', '20261122', 1, /Device code/],
    ['GZ', '012', '20261122', 1, /Device code/],
    ['GZ', '01', '2026112', 1, /yyyymmdd/],
    ['GZ', '01', '2026-11-22', 1, /yyyymmdd/],
    ['GZ', '01', '20261322', 1, /yyyymmdd/],
    ['GZ', '01', '20260230', 1, /yyyymmdd/],
    ['GZ', '01', '20261122', 0, /sequence/],
    ['GZ', '01', '20261122', -3, /sequence/],
    ['GZ', '01', '20261122', 1.5, /sequence/],
    ['GZ', '01', '20261122', Number.NaN, /sequence/],
  ] as const)('rejects (%j, %j, %j, %j)', (branch, device, date, seq, message) => {
    expect(() => formatCaseNumber(branch, device, date, seq)).toThrow(RangeError);
    expect(() => formatCaseNumber(branch, device, date, seq)).toThrow(message);
  });

  it('rejects an invalid Date', () => {
    expect(() => formatCaseNumber('GZ', '01', new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('parseCaseNumber', () => {
  it('splits a number into its parts', () => {
    expect(parseCaseNumber('GZ01-20261122-0007')).toEqual({
      branch: 'GZ',
      device: '01',
      date: '20261122',
      seq: 7,
    });
    // the device code is always the two characters before the first dash
    expect(parseCaseNumber('GZAB-20261122-0007')).toEqual({
      branch: 'GZ',
      device: 'AB',
      date: '20261122',
      seq: 7,
    });
    expect(parseCaseNumber('SHPDA7-20260101-12345')).toEqual({
      branch: 'SHPD',
      device: 'A7',
      date: '20260101',
      seq: 12345,
    });
  });

  it.each([
    '',
    'GZ01-20261122-007',
    'GZ01-20261122-0000',
    'GZ01-20261122-00007',
    'G01-20261122-0007',
    'gz01-20261122-0007',
    'GZ01-20261322-0007',
    'GZ01-2026112-0007',
    'GZ01 20261122 0007',
    'GZ01-20261122-0007x',
    'GUANGZH01-20261122-0007',
  ])('returns null for %j', (s) => {
    expect(parseCaseNumber(s)).toBeNull();
  });

  it('round-trips every valid combination (property)', () => {
    const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    const devChars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...upper), { minLength: 2, maxLength: 6 }).map((a) => a.join('')),
        fc.array(fc.constantFrom(...devChars), { minLength: 2, maxLength: 2 }).map((a) => a.join('')),
        fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }),
        fc.integer({ min: 1, max: 2_000_000 }),
        (branch, device, date, seq) => {
          const n = formatCaseNumber(branch, device, date, seq);
          const p = parseCaseNumber(n);
          expect(p).toEqual({ branch, device, date: localDateStamp(date), seq });
          expect(formatCaseNumber(p!.branch, p!.device, p!.date, p!.seq)).toBe(n);
        },
      ),
      { numRuns: 300 },
    );
  });
});
