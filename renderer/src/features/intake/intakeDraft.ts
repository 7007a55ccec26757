/**
 * The intake form's draft (issue 10): every field is kept as it is typed
 * (stores/drafts.ts, key `intake`) and restored when the form opens again,
 * after a reload or a restart, for the same clerk; dropped once the case is
 * created. Only what differs from the form's defaults counts as typed.
 */
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useDraftKeptNotice } from '../../lib/useDraft';
import { dropDraft, getDraft, INTAKE_DRAFT, saveDraft, type DraftBody } from '../../stores/drafts';

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `values` as JSON, without what equals `defaults` (a picked date becomes its ISO text). */
function typedOnly(values: Plain, defaults: Plain): Plain {
  const out: Plain = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const d = defaults[k];
    if (isPlain(v) && !dayjs.isDayjs(v)) {
      const inner = typedOnly(v, isPlain(d) ? d : {});
      if (Object.keys(inner).length > 0) out[k] = inner;
    } else if (Array.isArray(v) ? JSON.stringify(v) !== JSON.stringify(d) : v !== d) {
      out[k] = dayjs.isDayjs(v) ? v.toISOString() : v;
    }
  }
  return out;
}

/** The defaults with the draft laid over them; the date fields (top level) back to dates. */
function restored(defaults: Plain, draft: unknown, dates: readonly string[]): Plain {
  if (!isPlain(draft)) return defaults;
  const out: Plain = { ...defaults };
  for (const [k, v] of Object.entries(draft)) {
    const d = defaults[k];
    out[k] = isPlain(v) && isPlain(d) ? { ...d, ...v } : v;
  }
  for (const key of dates) {
    if (typeof out[key] !== 'string') continue;
    const at = dayjs(out[key]);
    out[key] = at.isValid() ? at : undefined;
  }
  return out;
}

export interface IntakeDraft<V> {
  /** The form's initial values: the defaults, with the kept draft over them. */
  initialValues: V;
  /** For the form's onValuesChange: keeps what was typed. */
  onValuesChange(changed: unknown, all: V): void;
  /** The case was created: the draft goes. */
  created(): void;
}

export function useIntakeDraft<V extends object>(defaults: V): IntakeDraft<V> {
  const { t } = useTranslation();
  return useFormDraft(INTAKE_DRAFT, t('drafts.intake'), defaults, ['receivedAt']);
}

/**
 * The same for any form: kept under `key` (the new work order: `order:new`),
 * `what` names it in the "draft kept" notice, `dates` are its top-level date
 * fields. Arrays (a list of items) count as typed when they differ from the default.
 */
export function useFormDraft<V extends object>(
  key: string,
  what: string,
  defaults: V,
  dates: readonly string[],
): IntakeDraft<V> {
  useDraftKeptNotice(key, what);
  const base = defaults as Plain;
  return {
    initialValues: restored(base, getDraft(key), dates) as V,
    onValuesChange: (_changed, all) => saveDraft(key, typedOnly(all as Plain, base) as DraftBody),
    created: () => dropDraft(key),
  };
}
