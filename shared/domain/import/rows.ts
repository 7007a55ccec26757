/**
 * A log's rows read into the facts of historical cases (issue 13 items 2 and
 * 5): every cell checked against its field, every problem listed with the
 * row (as Excel numbers it), the field and what to do, and nothing assumed
 * silently. Runtime-neutral and pure: the desk reads the file
 * (electron/desk/features/import/) and writes the cases.
 */
import { canonicalJson } from '../kernel/hash';
import { LIMITS } from '../kernel/limits';
import { describeCodePoint, findTextProblem, textProblem } from '../kernel/text';
import {
  EARLIEST_YEAR,
  readDateCell,
  wallAt,
  wallToIso,
  zonedInstant,
  type DateProblem,
  type DateRead,
} from './dates';
import { REQUIRED_FIELDS, type ColumnMapping, type ImportField } from './fields';
import {
  indexTaxonomy,
  readGender,
  readListCode,
  readNature,
  readReturning,
  readSatisfaction,
  readStatus,
  readTaxonomy,
  readYesNo,
  valueKey,
  type GenderValue,
  type ImportTaxonomy,
  type ListEntry,
  type NatureValue,
  type StatusValue,
  type TaxonomyField,
  type ValueResolutions,
} from './values';

/** A cell as the reader hands it over: a value, or why it has none. */
export type RawCell =
  | string
  | number
  | boolean
  | null
  | { problem: 'formula_without_value'; formula: string }
  | { problem: 'error_value'; text: string };

/**
 * Whether a row holds nothing in any column the mapping reads: a row a clerk
 * numbered ahead (序号 only) or a formula dragged past the last entry (its
 * cached value an empty text). Such a row is skipped as an empty one is, not
 * listed as a row missing every required field. With no column mapped,
 * nothing is blank.
 */
export function blankForMapping(mapping: ColumnMapping, cells: readonly RawCell[]): boolean {
  const columns = Object.values(mapping);
  return (
    columns.length > 0 &&
    columns.every((c) => {
      const v = cells[c];
      return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
    })
  );
}

export interface RawRow {
  /** The row's number as the spreadsheet shows it (1-based, the header row included). */
  row: number;
  cells: RawCell[];
}

export type RowProblemCode =
  | 'required'
  | 'bad_date'
  | 'early_date'
  | 'future_date'
  | 'closed_before_received'
  | 'unknown_value'
  | 'too_long'
  | 'bad_phone'
  | 'bad_text'
  | 'formula_without_value'
  | 'error_value'
  | 'duplicate_row';

export interface RowProblem {
  row: number;
  field: ImportField | null;
  code: RowProblemCode;
  /** The cell's text where it helps, a date problem, a limit, the row duplicated. */
  params: Record<string, string | number>;
}

/** One historical case's facts as the log states them. */
export interface ImportedCase {
  row: number;
  receivedAt: string;
  customer: { name: string; phone: string; gender: GenderValue; returning: boolean };
  region: string;
  /** Issue 14: the log's customer level as a code of the organisation's list; null when it gives none. */
  customerLevel: string | null;
  /** Issue 14: a customer of another business line too; null when the log does not say. */
  sharedCustomer: boolean | null;
  channel: string;
  category: string;
  severity: string;
  account: string;
  result: string;
  status: StatusValue;
  closedAt: string | null;
  fcr: boolean | null;
  satisfaction: 1 | 2 | 3 | 4 | 5 | null;
  nature: NatureValue | null;
  handler: string;
  reference: string;
}

export interface UnknownValue {
  field: ImportField;
  text: string;
  /** How many rows carry it, and the first of them. */
  count: number;
  firstRow: number;
}

export interface RowReadOptions {
  mapping: ColumnMapping;
  taxonomy: ImportTaxonomy;
  resolutions?: ValueResolutions;
  /** Used when a row leaves the field empty (e.g. the branch's usual channel). */
  defaults?: Partial<Record<TaxonomyField, string>>;
  /** The branch zone's offset (ms east of UTC) at a UTC instant. */
  offsetAt: (utcMs: number) => number;
  /** The sheet counts dates from 1904 (old Mac Excel). */
  date1904: boolean;
  /** Now (ms): a date after it is refused. */
  now: number;
  /** Issue 14: the organisation's customer levels a level cell is matched to (its code or a name). */
  customerLevels?: readonly ListEntry[];
}

export interface RowReader {
  read(row: RawRow): { value: ImportedCase | null; problems: RowProblem[] };
  /** Values no word or resolution matched, for the mapping screen. */
  unknownValues(): UnknownValue[];
}

const TEXT_LIMITS: Partial<Record<ImportField, number>> = {
  customerName: LIMITS.shortText,
  region: LIMITS.shortText,
  handler: LIMITS.shortText,
  reference: LIMITS.shortText,
  account: LIMITS.longText,
  result: LIMITS.longText,
};
const MEMO_LIMIT = 100_000;
const PHONE = /^[0-9+()\-\s转#*]{3,}$/;

/**
 * A cell's text: numbers as Excel shows integers (a phone kept as a number
 * stays whole); CR, CRLF and the vertical tab Word writes for a manual line
 * break (Shift+Enter, pasted into Excel) are line breaks.
 */
function cellText(c: string | number | boolean): string {
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  if (typeof c === 'number') return Number.isInteger(c) ? c.toFixed(0) : String(c);
  return c.replace(/\r\n?|\v/g, '\n').trim();
}

/** The character of a text cell the clean-text rule (kernel/text.ts) refuses once the cell is read, or null. */
function refusedChar(c: string): RowProblem['params'] | null {
  if (textProblem(c) === null) return null;
  const p = findTextProblem(cellText(c));
  return p === null ? null : { char: describeCodePoint(p.codePoint), position: p.position };
}

export function rowReader(o: RowReadOptions): RowReader {
  const index = indexTaxonomy(o.taxonomy);
  const unknown = new Map<string, UnknownValue>();
  const seen = new Map<string, number>();
  const memo = new Map<string, { ok: true; value: unknown } | { ok: false }>();
  const cols = Object.entries(o.mapping) as [ImportField, number][];

  function noteUnknown(field: ImportField, text: string, row: number): void {
    const k = `${field}\u0000${valueKey(text)}`;
    const u = unknown.get(k);
    if (u) u.count++;
    else unknown.set(k, { field, text, count: 1, firstRow: row });
  }

  function read(raw: RawRow): { value: ImportedCase | null; problems: RowProblem[] } {
    const problems: RowProblem[] = [];
    const bad = (
      field: ImportField | null,
      code: RowProblemCode,
      params: RowProblem['params'] = {},
    ): void => {
      problems.push({ row: raw.row, field, code, params });
    };
    const cell: Partial<Record<ImportField, string | number | boolean>> = {};
    for (const [field, col] of cols) {
      const c = raw.cells[col] ?? null;
      if (c === null) continue;
      if (typeof c === 'object') {
        if (c.problem === 'formula_without_value') bad(field, 'formula_without_value', { text: c.formula });
        else bad(field, 'error_value', { text: c.text });
        continue;
      }
      if (typeof c === 'string') {
        if (c.trim() === '') continue;
        // Head office refuses an event with such a character (invalid_text): the case could never sync.
        const refused = refusedChar(c);
        if (refused !== null) {
          bad(field, 'bad_text', refused);
          continue;
        }
      }
      cell[field] = c;
    }
    const text = (f: ImportField): string => {
      const c = cell[f];
      if (c === undefined) return '';
      const t = cellText(c);
      const max = TEXT_LIMITS[f];
      if (max !== undefined && t.length > max) bad(f, 'too_long', { max });
      return t;
    };
    for (const f of REQUIRED_FIELDS)
      if (cell[f] === undefined && !problems.some((p) => p.field === f)) bad(f, 'required');

    const date = (f: 'receivedAt' | 'closedAt'): { iso: string; dateOnly: boolean } | null => {
      const c = cell[f];
      if (c === undefined || typeof c === 'boolean') {
        if (typeof c === 'boolean') bad(f, 'bad_date', { text: cellText(c), problem: 'not_a_date' });
        return null;
      }
      const zoned = typeof c === 'string' ? zonedInstant(c) : null;
      const r: DateRead =
        zoned === null
          ? readDateCell(c, o.date1904)
          : zoned === 'no_such_date'
            ? { ok: false, problem: zoned }
            : { ok: true, value: wallAt(zoned, o.offsetAt), dateOnly: false };
      if (!r.ok) {
        bad(f, 'bad_date', { text: cellText(c), problem: r.problem satisfies DateProblem });
        return null;
      }
      const iso = wallToIso(r.value, o.offsetAt);
      if (r.value.y < EARLIEST_YEAR) {
        bad(f, 'early_date', { text: cellText(c), date: iso.slice(0, 10), min: `${EARLIEST_YEAR}-01-01` });
        return null;
      }
      if (Date.parse(iso) > o.now) {
        bad(f, 'future_date', { text: cellText(c) });
        return null;
      }
      return { iso, dateOnly: r.dateOnly };
    };
    const receivedAt = date('receivedAt')?.iso ?? null;
    const closed = date('closedAt');
    let closedAt = closed?.iso ?? null;
    if (receivedAt !== null && closed !== null && Date.parse(closed.iso) < Date.parse(receivedAt)) {
      // A closing day without a time, the day of receipt (closed on the spot): closed at the receipt.
      if (closed.dateOnly && closed.iso.slice(0, 10) === receivedAt.slice(0, 10)) closedAt = receivedAt;
      else bad('closedAt', 'closed_before_received');
    }

    const word = <T>(
      f: ImportField,
      reader: (t: string) => { ok: true; value: T } | { ok: false },
      dflt: T,
    ): T => {
      const t = text(f);
      if (t === '') return dflt;
      // A log repeats a handful of words in a column: each is looked up once per import.
      const memoKey = `${f}\u0000${t}`;
      let r = memo.get(memoKey) as { ok: true; value: T } | { ok: false } | undefined;
      if (r === undefined) {
        r = reader(t);
        if (memo.size < MEMO_LIMIT) memo.set(memoKey, r);
      }
      if (r.ok) return r.value;
      bad(f, 'unknown_value', { text: t });
      noteUnknown(f, t, raw.row);
      return dflt;
    };
    const taxonomy = (f: TaxonomyField): string => {
      const t = text(f);
      const dflt = o.defaults?.[f];
      if (t === '') {
        if (dflt === undefined) bad(f, 'required');
        return dflt ?? '';
      }
      return word(f, (x) => readTaxonomy(index, f, x, o.resolutions), '');
    };

    // Typed in full-width (an input method's full-width mode): １３８…, （010）: the digits and brackets.
    const phone = text('phone').normalize('NFKC');
    if (phone !== '' && (!PHONE.test(phone) || phone.length > LIMITS.phone))
      bad('phone', 'bad_phone', { text: phone });
    const result = text('result');
    const explicitStatus = word<StatusValue | null>('status', readStatus, null);
    const status: StatusValue =
      explicitStatus ?? (result !== '' || closedAt !== null ? 'closed' : 'in_progress');
    const value: ImportedCase = {
      row: raw.row,
      receivedAt: receivedAt ?? '',
      customer: {
        name: text('customerName'),
        phone,
        gender: word<GenderValue>('gender', readGender, 'unknown'),
        returning: word('returning', readReturning, false),
      },
      region: text('region'),
      customerLevel: word<string | null>(
        'customerLevel',
        (t) => readListCode(o.customerLevels ?? [], t),
        null,
      ),
      sharedCustomer: word<boolean | null>('sharedCustomer', readYesNo, null),
      channel: taxonomy('channel'),
      category: taxonomy('category'),
      severity: taxonomy('severity'),
      account: text('account'),
      result,
      status,
      closedAt: status === 'closed' ? closedAt : null,
      fcr: word<boolean | null>('fcr', readYesNo, null),
      satisfaction: word('satisfaction', readSatisfaction, null),
      nature: word<NatureValue | null>('nature', readNature, null),
      handler: text('handler'),
      reference: text('reference'),
    };
    if (problems.length === 0) {
      const key = contentKey(value);
      const first = seen.get(key);
      if (first !== undefined) bad(null, 'duplicate_row', { of: first });
      else seen.set(key, raw.row);
    }
    return { value: problems.length === 0 ? value : null, problems };
  }

  return { read, unknownValues: () => [...unknown.values()] };
}

/**
 * What makes a historical case the same case: when it was received, from
 * whom, what they said and the log's own number, not where the row sat in
 * the file nor how its channel or category words were mapped, so a re-saved,
 * re-sorted or re-exported log, or one imported again after a value was
 * mapped differently, imports nothing twice (decision 0035).
 */
export function contentKey(c: ImportedCase): string {
  return canonicalJson({
    receivedAt: c.receivedAt,
    name: c.customer.name,
    phone: c.customer.phone,
    account: c.account,
    reference: c.reference,
  });
}
