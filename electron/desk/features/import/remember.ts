/**
 * The branch's remembered import mapping, kept on this desk in the `meta`
 * table (key `import.mapping`), not as a settings event (decision 0035): it
 * describes the layout of the branch's own spreadsheet, which is read on the
 * desk that imports it; nothing else folds or reports on it, and it never
 * needs to reach head office. It holds the headers the branch's sheets use
 * (normalised header -> field, or null to skip the column), the value
 * resolutions the mapping screen made (field -> cell text -> taxonomy value)
 * and the defaults for a column a sheet lacks. Rebuild leaves meta alone.
 */
import { z } from 'zod';
import { IMPORT_FIELDS, normaliseHeader, type ImportField } from '../../../../shared/domain/import/fields';
import { valueKey, type TaxonomyField, type ValueResolutions } from '../../../../shared/domain/import/values';
import type { Meta } from '../../kernel/meta';

export const IMPORT_MAPPING_KEY = 'import.mapping';

const TaxonomyFieldSchema = z.enum(['channel', 'category', 'severity']);

export const RememberedMapping = z
  .object({
    headers: z.record(z.string(), z.enum(IMPORT_FIELDS).nullable()),
    values: z.partialRecord(TaxonomyFieldSchema, z.record(z.string(), z.string())),
    defaults: z.partialRecord(TaxonomyFieldSchema, z.string()),
  })
  .strict();
export type RememberedMapping = z.infer<typeof RememberedMapping>;

export const EMPTY_MAPPING: RememberedMapping = { headers: {}, values: {}, defaults: {} };

/** The remembered mapping; an unreadable one (a hand-edited database) counts as none. */
export function loadMapping(meta: Pick<Meta, 'get'>): RememberedMapping {
  const raw = meta.get(IMPORT_MAPPING_KEY);
  if (raw === null) return EMPTY_MAPPING;
  try {
    const parsed = RememberedMapping.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : EMPTY_MAPPING;
  } catch {
    return EMPTY_MAPPING;
  }
}

/** What a caller adds (the CLI's --mapping, the mapping screen): headers as the file writes them, values as the cells write them. */
export const MappingUpdateSchema = z
  .object({
    headers: z.record(z.string(), z.enum(IMPORT_FIELDS).nullable()).optional(),
    values: z.partialRecord(TaxonomyFieldSchema, z.record(z.string(), z.string())).optional(),
    defaults: z.partialRecord(TaxonomyFieldSchema, z.string()).optional(),
  })
  .strict();
export interface MappingUpdate {
  headers?: Record<string, ImportField | null>;
  values?: ValueResolutions;
  defaults?: Partial<Record<TaxonomyField, string>>;
}

/** The mapping with `u` merged over it (keys normalised as they are looked up). */
export function mergeMapping(m: RememberedMapping, u: MappingUpdate): RememberedMapping {
  const headers = { ...m.headers };
  for (const [h, f] of Object.entries(u.headers ?? {})) headers[normaliseHeader(h)] = f;
  const values: ValueResolutions = { ...m.values };
  for (const [field, byText] of Object.entries(u.values ?? {}) as [TaxonomyField, Record<string, string>][]) {
    const next = { ...(values[field] ?? {}) };
    for (const [t, v] of Object.entries(byText)) next[valueKey(t)] = v;
    values[field] = next;
  }
  return { headers, values, defaults: { ...m.defaults, ...(u.defaults ?? {}) } };
}

/** Remember `u` for the branch's next import. */
export function rememberMapping(meta: Pick<Meta, 'get' | 'set'>, u: MappingUpdate): RememberedMapping {
  const next = mergeMapping(loadMapping(meta), u);
  meta.set(IMPORT_MAPPING_KEY, JSON.stringify(next));
  return next;
}
