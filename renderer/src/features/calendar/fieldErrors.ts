/**
 * Field errors of the settings editors: the desk answers a refused calendar or
 * rule set with messages keyed by dotted input path ("calendar.week.mon.0.from",
 * "rules.handling.urgent.minutes"). The editors keep them by path without the
 * input's top-level key and mark the inputs at or under each path.
 */
export type FieldErrors = Readonly<Record<string, string>>;

/** `fields` without `prefix.` (other keys kept as they are, `prefix` alone becomes ''). */
export function underPrefix(fields: Record<string, string> | undefined, prefix: string): FieldErrors {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(fields ?? {})) {
    if (path === prefix) out[''] = text;
    else if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = text;
    else out[path] = text;
  }
  return out;
}

/** The error at `path` exactly. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  return errors[path];
}

/** The distinct messages at `path` or under it. */
export function errorsUnder(errors: FieldErrors, path: string): string[] {
  const found = Object.entries(errors)
    .filter(([p]) => p === path || p.startsWith(`${path}.`))
    .map(([, text]) => text);
  return [...new Set(found)];
}

/** Whether some error is at `path` or under it. */
export function hasErrorUnder(errors: FieldErrors, path: string): boolean {
  return Object.keys(errors).some((p) => p === path || p.startsWith(`${path}.`));
}

/** The errors whose path none of `shown` covers (to be shown above the editor). */
export function errorsElsewhere(errors: FieldErrors, shown: readonly string[]): string[] {
  const out = Object.entries(errors)
    .filter(([p]) => !shown.some((s) => p === s || p.startsWith(`${s}.`)))
    .map(([, text]) => text);
  return [...new Set(out)];
}

/** Moves the focus to the first marked input inside `container` (call it once the marks are drawn). */
export function focusFirstInvalid(container: HTMLElement | null): void {
  const el = container?.querySelector<HTMLElement>('[aria-invalid="true"]');
  el?.scrollIntoView({ block: 'center' });
  el?.focus();
}
