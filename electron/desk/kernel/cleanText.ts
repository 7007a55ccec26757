/**
 * The clean-text rule (shared/domain/kernel/text.ts) for DeskApi inputs: the
 * dispatcher refuses any input with a control character or an unpaired
 * surrogate in any string (values and keys, secrets included) before the
 * method's schema and handler see it, so nothing is stored. One field error
 * per offending path, keyed like the schema's own ("customer.name",
 * "fields.facts"), so the renderer puts it under the field; the message
 * names the first field and what is wrong with it, for screens that only
 * show the message.
 */
import { err, type Err } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { describeCodePoint, joinTextPath, textProblemsIn } from '../../../shared/domain/kernel/text';
import { msg } from './messages';

/** At most this many fields are named in one refusal. */
const MAX_FIELDS = 20;

/** The invalid_input refusal for `input`, or null when all its text is clean. */
export function uncleanTextError(input: unknown, locale: Locale): Err | null {
  const problems = textProblemsIn(input, MAX_FIELDS);
  if (problems.length === 0) return null;
  const fields: Record<string, string> = {};
  for (const p of problems) {
    const path = joinTextPath(p.path) || '_';
    if (path in fields) continue;
    const params = { char: describeCodePoint(p.codePoint), position: p.position };
    fields[path] = msg(locale, p.kind === 'control' ? 'textControl' : 'textSurrogate', params);
  }
  // The message alone is enough where a screen has no field to mark (a note, a reason).
  const [first, ...others] = Object.keys(fields);
  let message = msg(locale, 'textRefused', { field: first ?? '_', problem: fields[first ?? '_'] ?? '' });
  if (others.length > 0) {
    message += ` ${msg(locale, 'textRefusedMore', { fields: others.join(locale === 'en' ? ', ' : '、') })}`;
  }
  return err('invalid_input', message, fields);
}
