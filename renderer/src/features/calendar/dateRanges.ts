/**
 * Dates of a year's schedule shown compactly: runs of consecutive days as
 * one range ("02-05–02-11"), single days alone ("01-01"), month and day only.
 */
const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateRanges(dates: readonly string[]): string[] {
  const sorted = [...new Set(dates)].sort();
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i];
    if (cur !== undefined && dayNumber(cur) === dayNumber(prev) + 1) continue;
    const first = sorted[start]!;
    out.push(first === prev ? first.slice(5) : `${first.slice(5)}–${prev.slice(5)}`);
    start = i;
  }
  return out;
}
