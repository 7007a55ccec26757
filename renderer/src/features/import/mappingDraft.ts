/**
 * This run's mapping as the import screens edit it, and what it sends with
 * `import.preview` and `import.start` (ImportMappingUpdate: headers as the
 * file writes them, values as the cells write them, defaults). Pure.
 */
import type {
  ImportMapping,
  ImportMappingUpdate,
  ImportPreviewView,
} from '../../../../shared/contract/methods/import';
import { IMPORT_TAXONOMY_FIELDS } from '../../../../shared/contract/methods/import';
import { normaliseHeader, type ImportField } from '../../../../shared/domain/import/fields';

/** Channel, category or severity: the fields read against the taxonomy. */
export type ImportTaxonomyField = (typeof IMPORT_TAXONOMY_FIELDS)[number];

export interface MappingDraft {
  headers: Record<string, ImportField | null>;
  values: Partial<Record<ImportTaxonomyField, Record<string, string>>>;
  defaults: Partial<Record<ImportTaxonomyField, string>>;
}

export const EMPTY_DRAFT: MappingDraft = { headers: {}, values: {}, defaults: {} };

export function isTaxonomyField(f: ImportField): f is ImportTaxonomyField {
  return (IMPORT_TAXONOMY_FIELDS as readonly string[]).includes(f);
}

/** The update sent to the core; undefined when the screens changed nothing. */
export function mappingUpdate(d: MappingDraft): ImportMappingUpdate | undefined {
  const u: ImportMappingUpdate = {};
  if (Object.keys(d.headers).length > 0) u.headers = d.headers;
  const values = Object.fromEntries(
    Object.entries(d.values).filter(([, byText]) => Object.keys(byText ?? {}).length > 0),
  );
  if (Object.keys(values).length > 0) u.values = values;
  if (Object.keys(d.defaults).length > 0) u.defaults = d.defaults;
  return Object.keys(u).length > 0 ? u : undefined;
}

export function withHeader(d: MappingDraft, header: string, field: ImportField | null): MappingDraft {
  return { ...d, headers: { ...d.headers, [header]: field } };
}

export function withValue(
  d: MappingDraft,
  field: ImportTaxonomyField,
  text: string,
  value: string | undefined,
): MappingDraft {
  const byText = { ...(d.values[field] ?? {}) };
  if (value === undefined) delete byText[text];
  else byText[text] = value;
  return { ...d, values: { ...d.values, [field]: byText } };
}

export function withDefault(
  d: MappingDraft,
  field: ImportTaxonomyField,
  value: string | undefined,
): MappingDraft {
  const defaults = { ...d.defaults };
  if (value === undefined) delete defaults[field];
  else defaults[field] = value;
  return { ...d, defaults };
}

/** A 0-based column as the spreadsheet names it: 0 → A, 26 → AA. */
export function columnName(column: number): string {
  let n = column + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** True when the branch's remembered mapping names this header (its field or "not imported"). */
export function rememberedHeader(remembered: ImportMapping | null, header: string): boolean {
  return (
    remembered !== null && Object.prototype.hasOwnProperty.call(remembered.headers, normaliseHeader(header))
  );
}

export type UnknownValue = ImportPreviewView['unknownValues'][number];

export const unknownKey = (u: Pick<UnknownValue, 'field' | 'text'>): string => `${u.field}\u0000${u.text}`;

/**
 * The unknown values to show: those the last preview still lists, and those
 * this run has already mapped (gone from the preview, so the clerk can see
 * and change what they chose), in the order they were first met.
 */
export function shownUnknowns(
  seen: ReadonlyMap<string, UnknownValue>,
  preview: ImportPreviewView,
  draft: MappingDraft,
): { value: UnknownValue; resolved: string | undefined }[] {
  const now = new Set(preview.unknownValues.map(unknownKey));
  const out: { value: UnknownValue; resolved: string | undefined }[] = [];
  for (const [key, u] of seen) {
    const resolved = isTaxonomyField(u.field) ? draft.values[u.field]?.[u.text] : undefined;
    if (now.has(key) || resolved !== undefined) out.push({ value: u, resolved });
  }
  return out;
}
