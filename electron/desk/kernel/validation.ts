/**
 * Turns zod issues into field-level messages a clerk can act on:
 * path ("customer.phone") -> localized message.
 */
import type { z } from 'zod';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { isMessageKey, msg, type MessageKey } from './messages';

type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

const FORMAT_BY_FIELD: Record<string, MessageKey> = {
  branchCode: 'branchCodeFormat',
  deviceCode: 'deviceCodeFormat',
  login: 'loginFormat',
};

function expectedMessage(expected: string): MessageKey {
  switch (expected) {
    case 'string':
      return 'expectText';
    case 'number':
    case 'nan':
      return 'expectNumber';
    case 'int':
      return 'expectInteger';
    case 'boolean':
      return 'expectBoolean';
    case 'object':
    case 'record':
    case 'array':
      return 'expectObject';
    default:
      return 'wrongType';
  }
}

function messageFor(issue: Issue, input: unknown, locale: Locale): string {
  const last = issue.path[issue.path.length - 1];
  if (last === 'secret' && (issue.code === 'too_small' || issue.code === 'too_big')) {
    // A new staff secret: say what a PIN or a password must look like.
    const kind = valueAt(input, [...issue.path.slice(0, -1), 'secretKind']);
    if (kind === 'pin') return msg(locale, 'pinFormat');
    if (kind === 'password') return msg(locale, 'passwordLength');
  }
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return msg(locale, 'required');
      return msg(locale, expectedMessage(issue.expected));
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? msg(locale, 'notEmpty') : msg(locale, 'minChars', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return msg(locale, 'minItems', { n });
      return msg(locale, 'minNumber', { n });
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return msg(locale, 'maxChars', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return msg(locale, 'maxItems', { n });
      return msg(locale, 'maxNumber', { n });
    }
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid') return msg(locale, 'invalidId');
      if (issue.format === 'date') return msg(locale, 'invalidDay');
      if (issue.format === 'datetime') return msg(locale, 'invalidDateTime');
      if (typeof last === 'string' && FORMAT_BY_FIELD[last]) return msg(locale, FORMAT_BY_FIELD[last]);
      return msg(locale, 'invalidFormat');
    case 'invalid_value':
    case 'invalid_union':
      // A choice left out is missing, not a wrong choice (the close's nature, issue 12).
      if (valueAt(input, issue.path) === undefined) return msg(locale, 'required');
      return msg(locale, 'chooseFromList');
    case 'unrecognized_keys':
      return msg(locale, 'unknownField');
    case 'invalid_key':
      return msg(locale, 'invalidFormat');
    case 'custom': {
      // A contract's own check (a `.refine`) may name the message it means: `params: { messageKey }`.
      const key: unknown = issue.params?.messageKey;
      if (typeof key === 'string' && isMessageKey(key)) return msg(locale, key);
      return msg(locale, 'invalidFormat');
    }
    default:
      if (typeof last === 'string' && FORMAT_BY_FIELD[last]) return msg(locale, FORMAT_BY_FIELD[last]);
      return msg(locale, 'invalidFormat');
  }
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** Field path -> localized message for every issue (first message per path wins). */
export function issuesToFields(
  issues: readonly Issue[],
  input: unknown,
  locale: Locale,
): Record<string, string> {
  const fields: Record<string, string> = {};
  const put = (path: string, text: string): void => {
    const key = path === '' ? '_' : path;
    if (!(key in fields)) fields[key] = text;
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) put(joinPath([...issue.path, k]), messageFor(issue, input, locale));
      continue;
    }
    put(joinPath(issue.path), messageFor(issue, input, locale));
  }
  return fields;
}
