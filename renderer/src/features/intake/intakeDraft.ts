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
    } else if (v !== d) {
      out[k] = dayjs.isDayjs(v) ? v.toISOString() : v;
    }
  }
  return out;
}

/** The defaults with the draft laid over them; `receivedAt` back to a date. */
function restored(defaults: Plain, draft: unknown): Plain {
  if (!isPlain(draft)) return defaults;
  const out: Plain = { ...defaults };
  for (const [k, v] of Object.entries(draft)) {
    const d = defaults[k];
    out[k] = isPlain(v) && isPlain(d) ? { ...d, ...v } : v;
  }
  if (typeof out.receivedAt === 'string') {
    const at = dayjs(out.receivedAt);
    out.receivedAt = at.isValid() ? at : undefined;
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
  useDraftKeptNotice(INTAKE_DRAFT, t('drafts.intake'));
  const base = defaults as Plain;
  return {
    initialValues: restored(base, getDraft(INTAKE_DRAFT)) as V,
    onValuesChange: (_changed, all) => saveDraft(INTAKE_DRAFT, typedOnly(all as Plain, base) as DraftBody),
    created: () => dropDraft(INTAKE_DRAFT),
  };
}
