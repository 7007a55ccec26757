import type { FormInstance } from 'antd';

/**
 * Shows the desk's field-level errors (`error.fields`, keyed by dotted input
 * path such as "customer.phone") under the matching form fields. Returns the
 * paths that had no field on this form, so the caller can show them elsewhere.
 */
export function applyFieldErrors(
  form: FormInstance,
  fields: Record<string, string> | undefined,
  known: readonly string[],
): string[] {
  if (!fields) return [];
  const unmatched: string[] = [];
  const updates: { name: (string | number)[]; errors: string[] }[] = [];
  for (const [path, message] of Object.entries(fields)) {
    // A list's index is a number in the form's name path (`items.0.title` -> ['items', 0, 'title']).
    if (known.includes(path))
      updates.push({
        name: path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        errors: [message],
      });
    else unmatched.push(message);
  }
  form.setFields(updates);
  const first = updates[0];
  if (first) {
    form.scrollToField(first.name, { block: 'center' });
    form.focusField(first.name);
  }
  return unmatched;
}
