/**
 * An administrator's import of one year's official schedule: our JSON, the
 * chinese-days JSON shape and iCalendar, and hostile or broken files, which
 * give errors with a code and a line and never a partial year.
 */
import { describe, expect, it } from 'vitest';
import {
  classifySummary,
  IMPORT_MAX_CHARS,
  parseYearIcs,
  parseYearJson,
  type ImportResult,
} from '../../shared/domain/deadlines/importYear';
import { CN_2025, CN_2026 } from './deadlines-fixtures';

const codes = (r: ImportResult) => ('errors' in r ? r.errors.map((e) => e.code) : ['ok']);

describe('parseYearJson', () => {
  it('reads our PublicYear JSON, sorted and de-duplicated', () => {
    const text = JSON.stringify({ ...CN_2026, daysOff: [...CN_2026.daysOff].reverse() }, null, 2);
    const r = parseYearJson(text);
    expect(r).toEqual({ ok: { ...CN_2026, daysOff: [...CN_2026.daysOff].sort() } });
  });

  it("reads chinese-days' { holidays, workdays } shape", () => {
    const holidays = Object.fromEntries(CN_2025.daysOff.map((d) => [d, "New Year's Day,元旦,1"]));
    const workdays = Object.fromEntries(CN_2025.makeUpWorkdays.map((d) => [d, 'Spring Festival,春节,4']));
    const r = parseYearJson(JSON.stringify({ holidays, workdays, inLieuDays: {} }));
    if (!('ok' in r)) throw new Error(JSON.stringify(r));
    expect(r.ok.year).toBe(2025);
    expect(r.ok.daysOff).toEqual([...CN_2025.daysOff].sort());
    expect(r.ok.makeUpWorkdays).toEqual(CN_2025.makeUpWorkdays);
    expect(r.ok.source).toBe('chinese-days JSON');
  });

  it('refuses malformed JSON and other shapes', () => {
    expect(codes(parseYearJson('{"year": 2027, "daysOff": ['))).toEqual(['malformed_json']);
    expect(codes(parseYearJson('[1,2,3]'))).toEqual(['unknown_shape']);
    expect(codes(parseYearJson('{"hello": "world"}'))).toEqual(['unknown_shape']);
    expect(codes(parseYearJson(JSON.stringify({ ...CN_2026, year: '2026' })))).toEqual(['unknown_shape']);
    expect(codes(parseYearJson(JSON.stringify({ ...CN_2026, daysOff: [20260101] })))).toEqual([
      'unknown_shape',
    ]);
    expect(codes(parseYearJson(JSON.stringify({ ...CN_2026, admin: true })))).toEqual(['unknown_shape']);
  });

  it('refuses a mix of years, naming them', () => {
    const r = parseYearJson(JSON.stringify({ ...CN_2026, daysOff: [...CN_2026.daysOff, '2027-01-01'] }));
    expect('errors' in r && r.errors[0]).toMatchObject({ code: 'mixed_years', detail: '2026, 2027' });
    // The declared year counts too.
    expect(codes(parseYearJson(JSON.stringify({ ...CN_2025, year: 2026 })))).toEqual(['mixed_years']);
  });

  it('refuses impossible dates with their line', () => {
    const text = JSON.stringify({ ...CN_2025, makeUpWorkdays: ['2025-02-29', '2025-13-01'] }, null, 2);
    const r = parseYearJson(text);
    if (!('errors' in r)) throw new Error('accepted');
    expect(r.errors.map((e) => [e.code, e.detail])).toEqual([
      ['impossible_date', '2025-02-29'],
      ['impossible_date', '2025-13-01'],
    ]);
    const line = text.split('\n').findIndex((l) => l.includes('2025-02-29')) + 1;
    expect(r.errors[0]!.line).toBe(line);
    expect(codes(parseYearJson(JSON.stringify({ ...CN_2025, daysOff: ['1 May 2025'] })))).toEqual([
      'impossible_date',
    ]);
  });

  it('refuses a date both off and a working day, and an empty year', () => {
    const r = parseYearJson(JSON.stringify({ ...CN_2025, makeUpWorkdays: ['2025-01-01'] }));
    expect('errors' in r && r.errors[0]).toMatchObject({ code: 'off_and_workday', detail: '2025-01-01' });
    expect(codes(parseYearJson(JSON.stringify({ ...CN_2025, daysOff: [], makeUpWorkdays: [] })))).toEqual([
      'no_dates',
    ]);
    const old = { year: 1900, source: 'x', daysOff: ['1900-01-01'], makeUpWorkdays: [] };
    expect(
      'errors' in parseYearJson(JSON.stringify(old)) && parseYearJson(JSON.stringify(old)),
    ).toMatchObject({
      errors: [{ code: 'invalid_year', detail: 'year' }],
    });
    // No source given: the import says what it was.
    const unnamed = parseYearJson(JSON.stringify({ ...CN_2025, source: ' ' }));
    expect('ok' in unnamed && unnamed.ok.source).toBe('import 2025');
  });

  it('refuses control characters and huge input before parsing', () => {
    const r = parseYearJson(`{"year": 2025,\n"source": "x\u0000"}`);
    expect('errors' in r && r.errors[0]).toMatchObject({
      code: 'control_character',
      line: 2,
      detail: 'U+0000',
    });
    expect(codes(parseYearJson(`{"source": "\u009b31m"}`))).toEqual(['control_character']);
    const huge = JSON.stringify({ ...CN_2025, source: 'x'.repeat(IMPORT_MAX_CHARS) });
    expect(codes(parseYearJson(huge))).toEqual(['too_large']);
    // A byte-order mark and CRLF line ends are a file's own.
    expect(codes(parseYearJson(`\ufeff${JSON.stringify(CN_2025, null, 2).replace(/\n/g, '\r\n')}`))).toEqual([
      'ok',
    ]);
  });
});

/** An iCalendar file as chinese-days ships it: CRLF line ends, a folded long line. */
function ics(events: string[], eol = '\r\n'): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//CN',
    'X-WR-CALNAME:中国节假日',
    ...events,
    'END:VCALENDAR',
    '',
  ].join(eol);
}

function vevent(from: string, to: string | null, summary: string): string {
  return [
    'BEGIN:VEVENT',
    'UID:9599b695-e648-4b30-8d82-32774230d721',
    `DTSTART;VALUE=DATE:${from}`,
    ...(to ? [`DTEND;VALUE=DATE:${to}`] : []),
    // Folded (RFC 5545 3.1): the summary continues on the next line after one space.
    `SUMMARY:${summary.slice(0, 2)}\r\n ${summary.slice(2)}`,
    'X-APPLE-UNIVERSAL-ID:106c0bb279504ef98528d3d51f434960f5cf2f22c521a2b94f8b6\r\n f0bf4ed5841',
    'END:VEVENT',
  ].join('\r\n');
}

const ICS_2025 = ics([
  vevent('20250101', '20250102', '元旦(休)'),
  vevent('20250128', '20250205', '春节(休)'),
  vevent('20250404', '20250407', '清明(休)'),
  vevent('20250501', '20250506', '劳动节(休)'),
  vevent('20250531', '20250603', '端午(休)'),
  vevent('20251001', '20251006', '国庆节(休)'),
  vevent('20251007', '20251009', '国庆节(休)'),
  vevent('20251006', null, '中秋(休)'),
  vevent('20250126', '20250127', '春节(班)'),
  vevent('20250208', '20250209', '春节(补班)'),
  vevent('20250427', '20250428', 'Labour Day(Workday)'),
  vevent('20250928', '20250929', '国庆节(班)'),
  vevent('20251011', '20251012', '国庆节(班)'),
]);

describe('parseYearIcs', () => {
  it('reads all-day VEVENTs with CRLF folding, DTEND exclusive, into the official 2025 schedule', () => {
    const r = parseYearIcs(ICS_2025);
    if (!('ok' in r)) throw new Error(JSON.stringify(r));
    expect(r.ok.year).toBe(2025);
    expect(r.ok.daysOff).toEqual([...CN_2025.daysOff].sort());
    expect(r.ok.makeUpWorkdays).toEqual(CN_2025.makeUpWorkdays);
    expect(r.ok.source).toBe('iCalendar: 中国节假日');
  });

  it('reads LF-only files alike (what a browser hands over)', () => {
    expect(parseYearIcs(ICS_2025.replace(/\r\n/g, '\n'))).toEqual(parseYearIcs(ICS_2025));
  });

  it('tells a make-up working day from a day off by its summary', () => {
    expect(classifySummary('春节(班)')).toBe('workday');
    expect(classifySummary('调休上班')).toBe('workday');
    expect(classifySummary('Spring Festival(Workday)')).toBe('workday');
    expect(classifySummary('国庆节(休)')).toBe('off');
    expect(classifySummary('国庆假期')).toBe('off');
    expect(classifySummary('National Day (Holiday)')).toBe('off');
    expect(classifySummary('Team lunch')).toBeNull();
  });

  it('refuses a file that is not iCalendar, events without dates or kind, and broken nesting', () => {
    expect(codes(parseYearIcs('hello\nworld'))).toEqual(['malformed_ics']);
    expect(codes(parseYearIcs('BEGIN:VEVENT\nEND:VEVENT'))).toEqual(['malformed_ics']);
    expect(codes(parseYearIcs(ics([vevent('20250101', '20250102', 'Team lunch')])))).toEqual([
      'unclassified_event',
    ]);
    const unclosed = ics(['BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20250101', 'SUMMARY:元旦(休)']);
    expect(codes(parseYearIcs(unclosed))).toEqual(['malformed_ics']);
    const nested = ics(['BEGIN:VEVENT', 'BEGIN:VEVENT', 'END:VEVENT', 'END:VEVENT']);
    expect(codes(parseYearIcs(nested))).toEqual(['malformed_ics']);
    expect(codes(parseYearIcs(ics(['BEGIN:VEVENT', 'SUMMARY:元旦(休)', 'END:VEVENT'])))).toEqual([
      'malformed_ics',
    ]);
  });

  it('refuses impossible dates and spans, with the line', () => {
    const r = parseYearIcs(ics([vevent('20250230', '20250231', '元旦(休)')]));
    expect('errors' in r && r.errors[0]).toMatchObject({
      code: 'impossible_date',
      line: 7,
      detail: '20250230',
    });
    expect(codes(parseYearIcs(ics([vevent('20250105', '20250101', '元旦(休)')])))).toEqual([
      'impossible_date',
    ]);
    expect(codes(parseYearIcs(ics([vevent('20250101', '20251231', '全年(休)')])))).toEqual([
      'impossible_date',
    ]);
  });

  it('refuses a mix of years and a day both off and worked', () => {
    const mixed = ics([vevent('20241231', '20250102', '元旦(休)')]);
    expect('errors' in parseYearIcs(mixed) && parseYearIcs(mixed)).toMatchObject({
      errors: [{ code: 'mixed_years', detail: '2024, 2025' }],
    });
    const both = ics([
      vevent('20250101', '20250102', '元旦(休)'),
      vevent('20250101', '20250102', '元旦(班)'),
    ]);
    expect(codes(parseYearIcs(both))).toEqual(['off_and_workday']);
  });

  it('refuses control characters and huge input', () => {
    expect(codes(parseYearIcs(ics([vevent('20250101', '20250102', '元旦\u001b[31m(休)')])))).toEqual([
      'control_character',
    ]);
    expect(codes(parseYearIcs(ICS_2025 + ' '.repeat(IMPORT_MAX_CHARS)))).toEqual(['too_large']);
  });
});
