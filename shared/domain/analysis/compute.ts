/**
 * What the analysis computes from grouped counts (issue 14; docs/analysis.md):
 * rates, growth against a comparison period, complaints per unit of business,
 * the Pareto of categories, and shares within a cross-tab. Pure; the same at
 * the desk and at head office. A figure that cannot be computed (nothing to
 * divide by) is null, never 0 and never Infinity.
 */

/** `part / whole`, or null when the whole is 0. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Growth of `current` against `previous`: (current − previous) / previous; null when previous is 0. */
export function growthRate(current: number, previous: number): number | null {
  return previous > 0 ? (current - previous) / previous : null;
}

/** Complaints per `per` units of business volume; null without a volume. */
export function perVolume(count: number, volume: number | null, per = 1): number | null {
  return volume !== null && volume > 0 ? (count * per) / volume : null;
}

export interface ParetoRow<K> {
  key: K;
  count: number;
  share: number;
  /** This row's share plus every larger row's. */
  cumulative: number;
}

export interface Pareto<K> {
  total: number;
  rows: ParetoRow<K>[];
  /** The three largest rows' share of the total (fewer rows: all of them); null when there is no case. */
  topThreeShare: number | null;
}

const keyText = (k: unknown): string => (k === null || k === undefined ? '' : String(k));

/** Rows by count, largest first (equal counts by key, in code-point order), with shares and the running sum. */
export function pareto<K>(rows: readonly { key: K; count: number }[]): Pareto<K> {
  const sorted = [...rows].sort((a, b) =>
    b.count !== a.count
      ? b.count - a.count
      : keyText(a.key) < keyText(b.key)
        ? -1
        : keyText(a.key) > keyText(b.key)
          ? 1
          : 0,
  );
  const total = sorted.reduce((n, r) => n + r.count, 0);
  let running = 0;
  const out = sorted.map((r) => {
    running += r.count;
    return {
      key: r.key,
      count: r.count,
      share: total > 0 ? r.count / total : 0,
      cumulative: total > 0 ? running / total : 0,
    };
  });
  const top = sorted.slice(0, 3).reduce((n, r) => n + r.count, 0);
  return { total, rows: out, topThreeShare: total > 0 ? top / total : null };
}

/**
 * A cross-tab's cells with each cell's share of its row (e.g. the share of
 * each category among women and among men: rows by gender, columns by
 * category).
 */
export function sharesWithinRows<R, C>(
  cells: readonly { row: R; col: C; count: number }[],
): { row: R; col: C; count: number; share: number }[] {
  const totals = new Map<string, number>();
  for (const c of cells) totals.set(keyText(c.row), (totals.get(keyText(c.row)) ?? 0) + c.count);
  return cells.map((c) => {
    const t = totals.get(keyText(c.row)) ?? 0;
    return { ...c, share: t > 0 ? c.count / t : 0 };
  });
}
