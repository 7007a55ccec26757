import { useMemo } from 'react';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Weekday } from '../../../../shared/domain/deadlines/calendar';
import type { BranchCalendar } from '../../../../shared/domain/settings/payloads';
import { errorAt, type FieldErrors } from './fieldErrors';
import { intervalMinutes, IntervalsEditor } from './IntervalsEditor';

/** Monday first, as a Chinese week is read. */
export const WEEK_ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface Props {
  draft: BranchCalendar;
  onChange(next: BranchCalendar): void;
  readOnly: boolean;
  errors: FieldErrors;
}

function zoneOptions(current: string): { value: string; label: string }[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  const all = zones.includes(current) ? zones : [current, ...zones];
  return all.map((z) => ({ value: z, label: z }));
}

/** Hours of `min` minutes, one decimal at most: 7.5, 40. */
export function hoursText(min: number): string {
  return (min / 60).toFixed(1).replace(/\.0$/, '');
}

/** Time zone, each weekday's working intervals, and which weekday's hours a make-up working day keeps. */
export function WeekHoursEditor({ draft, onChange, readOnly, errors }: Props) {
  const { t } = useTranslation();
  const zones = useMemo(() => zoneOptions(draft.timeZone), [draft.timeZone]);
  const weekMinutes = WEEK_ORDER.reduce((s, d) => s + intervalMinutes(draft.week[d]), 0);
  const zoneError = errorAt(errors, 'timeZone');
  const makeUpError = errorAt(errors, 'makeUpHoursOf');

  return (
    <div className="ld-week" data-testid="cal-week">
      <div className="ld-cal-line">
        <label htmlFor="cal-timezone" className="ld-cal-label">
          {t('calendar.timeZone')}
        </label>
        {readOnly ? (
          <span data-testid="cal-timezone-text">{draft.timeZone}</span>
        ) : (
          <Select
            id="cal-timezone"
            showSearch
            size="small"
            style={{ width: 220 }}
            value={draft.timeZone}
            options={zones}
            status={zoneError ? 'error' : undefined}
            aria-invalid={zoneError !== undefined}
            onChange={(v: string) => onChange({ ...draft, timeZone: v })}
            data-testid="cal-timezone"
          />
        )}
        <Typography.Text type="secondary" className="ld-cal-week-total" data-testid="cal-week-total">
          {t('calendar.weekTotal', { h: hoursText(weekMinutes) })}
        </Typography.Text>
      </div>
      {zoneError ? <div className="ld-field-errors">{zoneError}</div> : null}
      {WEEK_ORDER.map((day) => (
        <div key={day} className="ld-week-row" data-testid={`cal-day-${day}`}>
          <span className="ld-week-day">{t(`calendar.weekday.${day}`)}</span>
          <IntervalsEditor
            value={draft.week[day]}
            onChange={(hours) => onChange({ ...draft, week: { ...draft.week, [day]: hours } })}
            readOnly={readOnly}
            path={`week.${day}`}
            errors={errors}
            label={t(`calendar.weekday.${day}`)}
            testId={`cal-${day}`}
          />
          <span className="ld-week-sum ld-muted">
            {intervalMinutes(draft.week[day]) > 0
              ? t('calendar.dayTotal', { h: hoursText(intervalMinutes(draft.week[day])) })
              : ''}
          </span>
        </div>
      ))}
      <div className="ld-cal-line" style={{ marginTop: 8 }}>
        <label htmlFor="cal-makeup" className="ld-cal-label">
          {t('calendar.makeUpHoursOf')}
        </label>
        {readOnly ? (
          <span data-testid="cal-makeup-text">{t(`calendar.weekday.${draft.makeUpHoursOf}`)}</span>
        ) : (
          <Select
            id="cal-makeup"
            size="small"
            style={{ width: 100 }}
            value={draft.makeUpHoursOf}
            status={makeUpError ? 'error' : undefined}
            options={WEEK_ORDER.map((d) => ({ value: d, label: t(`calendar.weekday.${d}`) }))}
            onChange={(v: Weekday) => onChange({ ...draft, makeUpHoursOf: v })}
            data-testid="cal-makeup"
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('calendar.makeUpHelp')}
        </Typography.Text>
      </div>
    </div>
  );
}
