/**
 * Small pieces the follow-up tabs share: outcome tags, the "when" picker
 * (empty = now, never in the future), and how a write's answer is handled
 * (field errors under their fields, the rest as a toast).
 */
import { useEffect, useState } from 'react';
import { DatePicker, Tag, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ContactOutcome } from '../../../../shared/domain/cases/payloads';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { Result } from '../../../../shared/contract/result';
import { applyFieldErrors } from '../../lib/formErrors';
import { clearErrors, showError, showSuccess } from '../../lib/notify';

export const OUTCOME_COLORS: Record<ContactOutcome, string> = {
  reached: 'green',
  no_answer: 'orange',
  busy: 'orange',
  wrong_number: 'red',
  refused: 'red',
};

export function OutcomeTag({ outcome }: { outcome: ContactOutcome }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLORS[outcome]} style={{ marginInlineEnd: 0 }}>
      {t(`followUp.outcome.${outcome}`)}
    </Tag>
  );
}

/** A minute-precision ISO instant of a picked time, or nothing (the desk takes now). */
export function pickedInstant(d: Dayjs | null | undefined): { at?: string } {
  return d ? { at: d.second(0).millisecond(0).toISOString() } : {};
}

/** Records newest first, by their ISO `at`. */
export function newestFirst<T extends { at: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** A time picker for "when it happened": empty means now; no day after today, none before `notBefore`. */
export function WhenPicker({
  id,
  value,
  onChange,
  notBefore,
  testId,
}: {
  id?: string;
  value?: Dayjs | null;
  onChange?: (d: Dayjs | null) => void;
  notBefore?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const earliest = notBefore ? dayjs(notBefore).startOf('day') : null;
  return (
    <DatePicker
      id={id}
      value={value ?? null}
      onChange={(d) => onChange?.(d)}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      placeholder={t('followUp.now')}
      aria-label={t('followUp.at')}
      disabledDate={(d) => d.isAfter(dayjs().endOf('day')) || (earliest !== null && d.isBefore(earliest))}
      // Enter confirms the typed time; it must not also submit the form.
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.preventDefault();
      }}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/**
 * Shows a write's outcome: on success a short confirmation (true); on failure
 * the desk's field errors under the form's fields named in `paths`, and a
 * toast only for what no field shows (false).
 */
export function settle<T = CaseDetail>(
  r: Result<T>,
  form: FormInstance | null,
  paths: readonly string[],
  done: string,
): boolean {
  if (r.ok) {
    clearErrors();
    showSuccess(done);
    return true;
  }
  const onFields = form !== null && r.error.fields !== undefined && Object.keys(r.error.fields).length > 0;
  const unmatched = form ? applyFieldErrors(form, r.error.fields, paths) : [];
  if (!onFields || unmatched.length > 0) showError(r.error);
  return false;
}

/** The time now (epoch ms), renewed every `everyMs` so "overdue" and "time left" stay true on an open screen. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
