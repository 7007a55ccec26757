/**
 * Human-readable case numbers, e.g. `GZ01-20261122-0007`:
 *
 *   GZ        branch code, 2-6 capital letters (A-Z)
 *   01        device code, exactly 2 of 0-9/A-Z, unique within the branch
 *   20261122  the device's local calendar date (yyyymmdd) when the case was opened
 *   0007      the device's sequence for that day, from 1, at least 4 digits
 *
 * Numbers are made offline, without asking anyone. They cannot collide because
 * (branch, device) is unique (the server hands out device codes at enrollment)
 * and each device counts its own cases per day, so two devices never produce
 * the same prefix and one device never reuses a (date, seq) pair. The number is
 * a label for people; the case's identity is its UUID.
 *
 * Runtime-neutral: no Node or DOM APIs.
 */

export const BRANCH_CODE_PATTERN = /^[A-Z]{2,6}$/;
export const DEVICE_CODE_PATTERN = /^[0-9A-Z]{2}$/;
const DATE_STAMP_PATTERN = /^\d{8}$/;
/** Branch and device are split by the device code being the last two characters before the first "-". */
export const CASE_NUMBER_PATTERN = /^([A-Z]{2,6})([0-9A-Z]{2})-(\d{8})-(\d{4,})$/;

export interface CaseNumberParts {
  branch: string;
  device: string;
  /** yyyymmdd */
  date: string;
  seq: number;
}

export function isValidBranchCode(s: unknown): s is string {
  return typeof s === 'string' && BRANCH_CODE_PATTERN.test(s);
}

export function isValidDeviceCode(s: unknown): s is string {
  return typeof s === 'string' && DEVICE_CODE_PATTERN.test(s);
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** True for an 8-digit yyyymmdd string naming a real calendar day (years 1000-9999). */
export function isValidDateStamp(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_STAMP_PATTERN.test(s)) return false;
  return isRealDate(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
}

/** The local calendar date of `date` as yyyymmdd. Throws RangeError on an invalid Date. */
export function localDateStamp(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('Case number date is an invalid Date');
  const y = date.getFullYear();
  if (y < 1000 || y > 9999) throw new RangeError(`Case number year must have 4 digits, got ${y}`);
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

/**
 * Formats a case number. Throws RangeError naming the bad part when the
 * branch code, device code, date or sequence is not valid.
 */
export function formatCaseNumber(branch: string, device: string, date: Date | string, seq: number): string {
  if (!isValidBranchCode(branch)) {
    throw new RangeError(`Branch code must be 2-6 capital letters A-Z, got ${JSON.stringify(branch)}`);
  }
  if (!isValidDeviceCode(device)) {
    throw new RangeError(
      `Device code must be exactly 2 characters of 0-9 or A-Z, got ${JSON.stringify(device)}`,
    );
  }
  let stamp: string;
  if (date instanceof Date) {
    stamp = localDateStamp(date);
  } else {
    if (!isValidDateStamp(date)) {
      throw new RangeError(
        `Case number date must be a real day written yyyymmdd, got ${JSON.stringify(date)}`,
      );
    }
    stamp = date;
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`Case sequence must be a whole number from 1, got ${String(seq)}`);
  }
  return `${branch}${device}-${stamp}-${String(seq).padStart(4, '0')}`;
}

/**
 * Parses a case number in the exact form `formatCaseNumber` writes (so
 * `formatCaseNumber(...parts)` gives the same text back). Returns null for
 * anything else, including non-canonical sequences like `00007`.
 */
export function parseCaseNumber(s: string): CaseNumberParts | null {
  if (typeof s !== 'string') return null;
  const m = CASE_NUMBER_PATTERN.exec(s);
  if (!m) return null;
  const [, branch, device, date, seqText] = m;
  if (branch === undefined || device === undefined || date === undefined || seqText === undefined)
    return null;
  if (!isValidDateStamp(date)) return null;
  if (seqText.length > 4 && seqText.startsWith('0')) return null;
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq) || seq < 1) return null;
  return { branch, device, date, seq };
}
