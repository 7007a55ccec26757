import { describe, expect, it } from 'vitest';
import { fromDateText, fromExcelSerial, readDateCell, wallToIso } from '../../shared/domain/import/dates';
import { offsetAt } from '../../shared/domain/deadlines/zone';

const wall = (r: ReturnType<typeof fromDateText>) => (r.ok ? r.value : r.problem);
const shanghai = (t: number) => offsetAt('Asia/Shanghai', t);

describe('Excel serial dates', () => {
  it('reads the 1900 system around the phantom 29 February 1900', () => {
    expect(wall(fromExcelSerial(1, false))).toMatchObject({ y: 1900, mo: 1, d: 1 });
    expect(wall(fromExcelSerial(59, false))).toMatchObject({ y: 1900, mo: 2, d: 28 });
    expect(wall(fromExcelSerial(60, false))).toBe('phantom_leap_day');
    expect(wall(fromExcelSerial(61, false))).toMatchObject({ y: 1900, mo: 3, d: 1 });
    expect(wall(fromExcelSerial(45356, false))).toMatchObject({ y: 2024, mo: 3, d: 5, h: 0 });
  });
  it('reads the time of day to the second (14:30 is stored a hair short)', () => {
    expect(wall(fromExcelSerial(45356 + 14.5 / 24 - 1e-9, false))).toEqual({
      y: 2024,
      mo: 3,
      d: 5,
      h: 14,
      mi: 30,
      s: 0,
    });
  });
  it('reads the 1904 system', () => {
    expect(wall(fromExcelSerial(0, true))).toMatchObject({ y: 1904, mo: 1, d: 1 });
    expect(wall(fromExcelSerial(45356 - 1462, true))).toMatchObject({ y: 2024, mo: 3, d: 5 });
  });
  it('refuses serials outside Excel', () => {
    expect(wall(fromExcelSerial(0, false))).toBe('serial_out_of_range');
    expect(wall(fromExcelSerial(3e6, false))).toBe('serial_out_of_range');
    expect(wall(fromExcelSerial(Number.NaN, false))).toBe('serial_out_of_range');
  });
});

describe('dates written as text', () => {
  it.each([
    ['2024/3/5', [2024, 3, 5, 0, 0]],
    ['2024-03-05 14:30', [2024, 3, 5, 14, 30]],
    ['2024-03-05T14:30:15', [2024, 3, 5, 14, 30]],
    ['2024.3.5', [2024, 3, 5, 0, 0]],
    ['2024年3月5日', [2024, 3, 5, 0, 0]],
    ['2024年3月5日 14时30分', [2024, 3, 5, 14, 30]],
    ['２０２４／３／５', [2024, 3, 5, 0, 0]],
    ['20240305', [2024, 3, 5, 0, 0]],
    ['3/5/2024', [2024, 3, 5, 0, 0]],
    ['3/5/24 9:05', [2024, 3, 5, 9, 5]],
    ['25/3/2024', [2024, 3, 25, 0, 0]],
    ['2024/3/5 下午 2:30', [2024, 3, 5, 14, 30]],
    ['2024/3/5 上午 12:10', [2024, 3, 5, 0, 10]],
    ['2024年3月5日星期二', [2024, 3, 5, 0, 0]],
    ['2024-03-05（周二） 9:00', [2024, 3, 5, 9, 0]],
    ['5-Mar-24', [2024, 3, 5, 0, 0]],
    ['05 Mar 2024 2:30 PM', [2024, 3, 5, 14, 30]],
    ['Tuesday, March 5, 2024', [2024, 3, 5, 0, 0]],
    ['Mar 5, 2024 12:00 pm', [2024, 3, 5, 12, 0]],
    ['2024年3月5日 下午3点', [2024, 3, 5, 15, 0]],
    ['2024年3月5日14时', [2024, 3, 5, 14, 0]],
    ['3/5/2024 2:30 p.m.', [2024, 3, 5, 14, 30]],
    ['3/5/2024 9:05 a.m.', [2024, 3, 5, 9, 5]],
  ])('%s', (text, [y, mo, d, h, mi]) => {
    expect(wall(fromDateText(text))).toMatchObject({ y, mo, d, h, mi });
  });
  it('refuses a two-digit year it cannot place rather than read another date (24.03.05 is not 2005-03-24)', () => {
    // Year first, as Chinese logs write it, or day first, as a European sheet does: no guess.
    for (const text of ['24.03.05', '24/03/05', '05.03.24', '13/3/24', '24.03.05 14:30']) {
      expect(wall(fromDateText(text)), text).toBe('ambiguous_year');
    }
    // Excel's own m/d/yy (a CSV saved in an English Excel) stays what it was.
    expect(wall(fromDateText('3/5/24'))).toMatchObject({ y: 2024, mo: 3, d: 5 });
  });

  it('refuses days not on the calendar and texts that are no date', () => {
    expect(wall(fromDateText('2023-02-29'))).toBe('no_such_date');
    expect(wall(fromDateText('2024-13-01'))).toBe('no_such_date');
    expect(wall(fromDateText('2024-03-05 25:00'))).toBe('no_such_date');
    expect(wall(fromDateText('上周三'))).toBe('not_a_date');
    expect(wall(fromDateText('2024'))).toBe('not_a_date');
    expect(wall(fromDateText('5-Foo-24'))).toBe('not_a_date');
    expect(wall(fromDateText('2024/3/5 下午 14:30'))).toBe('no_such_date');
  });
  it('reads 中午 12:30 as half past noon (中午 11:30 and 中午 1:15 around it)', () => {
    expect(wall(fromDateText('2024/3/5 中午 12:30'))).toMatchObject({ h: 12, mi: 30 });
    expect(wall(fromDateText('2024/3/5 中午12:00'))).toMatchObject({ h: 12, mi: 0 });
    expect(wall(fromDateText('2024/3/5 中午 11:30'))).toMatchObject({ h: 11, mi: 30 });
    expect(wall(fromDateText('2024/3/5 中午 1:15'))).toMatchObject({ h: 13, mi: 15 });
  });
  it('reads 2024年3月5日14时30分, the time written without a space after 日', () => {
    expect(wall(fromDateText('2024年3月5日14时30分'))).toMatchObject({ y: 2024, mo: 3, d: 5, h: 14, mi: 30 });
    expect(wall(fromDateText('2024年3月5日9时5分'))).toMatchObject({ y: 2024, mo: 3, d: 5, h: 9, mi: 5 });
    // Without 日 a day and an hour cannot be told apart: still refused.
    expect(wall(fromDateText('2024/3/514:30'))).toBe('not_a_date');
  });
  it('says whether a date has a time of day', () => {
    const dateOnly = (v: string | number) => {
      const r = readDateCell(v, false);
      return r.ok ? r.dateOnly : r.problem;
    };
    expect(dateOnly('2024/3/5')).toBe(true);
    expect(dateOnly('20240305')).toBe(true);
    expect(dateOnly(45356)).toBe(true);
    expect(dateOnly('2024/3/5 14:30')).toBe(false);
    expect(dateOnly('2024/3/5 0:00')).toBe(false);
    expect(dateOnly(45356.6041666667)).toBe(false);
  });
  it('reads a serial that a CSV carried as text', () => {
    expect(wall(readDateCell('45356', false))).toMatchObject({ y: 2024, mo: 3, d: 5 });
  });
  it('reads a date typed as 20240305, which Excel keeps as a number, as its text reads', () => {
    expect(wall(readDateCell(20240305, false))).toMatchObject({ y: 2024, mo: 3, d: 5, h: 0 });
    expect(wall(readDateCell(20240305, true))).toMatchObject({ y: 2024, mo: 3, d: 5 });
    expect(wall(readDateCell(20230229, false))).toBe('no_such_date');
    // Not eight whole digits: still a serial (out of Excel's range here).
    expect(wall(readDateCell(20240305.5, false))).toBe('serial_out_of_range');
  });
});

describe('wall time to an instant', () => {
  it('writes the branch offset', () => {
    expect(wallToIso({ y: 2024, mo: 3, d: 5, h: 14, mi: 30, s: 0 }, shanghai)).toBe(
      '2024-03-05T14:30:00+08:00',
    );
    expect(wallToIso({ y: 2024, mo: 7, d: 1, h: 9, mi: 0, s: 0 }, (t) => offsetAt('Europe/Berlin', t))).toBe(
      '2024-07-01T09:00:00+02:00',
    );
  });
});
