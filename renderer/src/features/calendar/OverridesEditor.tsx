import { Button, DatePicker, Input, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { BranchCalendar } from '../../../../shared/domain/settings/payloads';
import { errorAt, errorsUnder, type FieldErrors } from './fieldErrors';
import { IntervalsEditor } from './IntervalsEditor';

interface Props {
  draft: BranchCalendar;
  onChange(next: BranchCalendar): void;
  readOnly: boolean;
  errors: FieldErrors;
}

const REASON_MAX = 200;

function DateCell({
  value,
  onChange,
  readOnly,
  error,
  label,
  testId,
}: {
  value: string;
  onChange(v: string): void;
  readOnly: boolean;
  error: string | undefined;
  label: string;
  testId: string;
}) {
  if (readOnly) return <span data-testid={testId}>{value}</span>;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value) : dayjs(null);
  return (
    <DatePicker
      size="small"
      format="YYYY-MM-DD"
      value={d.isValid() ? d : null}
      allowClear={false}
      status={error ? 'error' : undefined}
      aria-invalid={error !== undefined}
      aria-label={label}
      onChange={(v) => onChange(v ? v.format('YYYY-MM-DD') : '')}
      style={{ width: 130 }}
      data-testid={testId}
    />
  );
}

/** The branch's own dates: days it is closed (with a reason) and extra working days (hours and reason). */
export function OverridesEditor({ draft, onChange, readOnly, errors }: Props) {
  const { t } = useTranslation();
  const today = dayjs().format('YYYY-MM-DD');

  const closureErrors = errorsUnder(errors, 'closures');
  // An extra day's hours show their own errors (IntervalsEditor).
  const extraErrors = errorsUnder(
    Object.fromEntries(Object.entries(errors).filter(([p]) => !/^extraDays\.\d+\.hours/.test(p))),
    'extraDays',
  );

  return (
    <div className="ld-overrides">
      <section aria-labelledby="cal-closures-title" data-testid="cal-closures">
        <div className="ld-cal-subhead">
          <span id="cal-closures-title">{t('calendar.closures')}</span>
          {readOnly ? null : (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() =>
                onChange({ ...draft, closures: [...draft.closures, { date: today, reason: '' }] })
              }
              data-testid="cal-closure-add"
            >
              {t('calendar.addClosure')}
            </Button>
          )}
        </div>
        {draft.closures.length === 0 ? (
          <Typography.Text type="secondary" className="ld-cal-none">
            {t('calendar.noClosures')}
          </Typography.Text>
        ) : null}
        {draft.closures.map((c, i) => {
          const put = (patch: Partial<(typeof draft.closures)[number]>) =>
            onChange({
              ...draft,
              closures: draft.closures.map((x, k) => (k === i ? { ...x, ...patch } : x)),
            });
          const reasonError = errorAt(errors, `closures.${i}.reason`);
          return (
            <div key={i} className="ld-override-row" data-testid="cal-closure">
              <DateCell
                value={c.date}
                onChange={(date) => put({ date })}
                readOnly={readOnly}
                error={errorAt(errors, `closures.${i}.date`)}
                label={t('calendar.closureDate', { n: i + 1 })}
                testId={`cal-closure-date-${i}`}
              />
              {readOnly ? (
                <span className="ld-override-reason">{c.reason}</span>
              ) : (
                <Input
                  size="small"
                  value={c.reason}
                  maxLength={REASON_MAX}
                  placeholder={t('calendar.closureReasonPlaceholder')}
                  status={reasonError ? 'error' : undefined}
                  aria-invalid={reasonError !== undefined}
                  aria-label={t('calendar.reason')}
                  onChange={(e) => put({ reason: e.target.value })}
                  data-testid={`cal-closure-reason-${i}`}
                />
              )}
              {readOnly ? null : (
                <Tooltip title={t('calendar.remove')}>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t('calendar.remove')} ${c.date}`}
                    onClick={() => onChange({ ...draft, closures: draft.closures.filter((_, k) => k !== i) })}
                    data-testid={`cal-closure-remove-${i}`}
                  />
                </Tooltip>
              )}
            </div>
          );
        })}
        {closureErrors.length > 0 ? (
          <div className="ld-field-errors" role="alert" data-testid="cal-closures-error">
            {closureErrors.map((m) => (
              <div key={m}>{m}</div>
            ))}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="cal-extra-title" data-testid="cal-extra">
        <div className="ld-cal-subhead">
          <span id="cal-extra-title">{t('calendar.extraDays')}</span>
          {readOnly ? null : (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() =>
                onChange({
                  ...draft,
                  extraDays: [
                    ...draft.extraDays,
                    {
                      date: today,
                      hours: draft.week[draft.makeUpHoursOf].map((h) => ({ ...h })),
                      reason: '',
                    },
                  ],
                })
              }
              data-testid="cal-extra-add"
            >
              {t('calendar.addExtraDay')}
            </Button>
          )}
        </div>
        {draft.extraDays.length === 0 ? (
          <Typography.Text type="secondary" className="ld-cal-none">
            {t('calendar.noExtraDays')}
          </Typography.Text>
        ) : null}
        {draft.extraDays.map((x, i) => {
          const put = (patch: Partial<(typeof draft.extraDays)[number]>) =>
            onChange({
              ...draft,
              extraDays: draft.extraDays.map((y, k) => (k === i ? { ...y, ...patch } : y)),
            });
          const reasonError = errorAt(errors, `extraDays.${i}.reason`);
          return (
            <div key={i} className="ld-override-row ld-override-extra" data-testid="cal-extra-day">
              <DateCell
                value={x.date}
                onChange={(date) => put({ date })}
                readOnly={readOnly}
                error={errorAt(errors, `extraDays.${i}.date`)}
                label={t('calendar.extraDate', { n: i + 1 })}
                testId={`cal-extra-date-${i}`}
              />
              <IntervalsEditor
                value={x.hours}
                onChange={(hours) => put({ hours })}
                readOnly={readOnly}
                path={`extraDays.${i}.hours`}
                errors={errors}
                label={x.date}
                testId={`cal-extra-hours-${i}`}
              />
              {readOnly ? (
                <span className="ld-override-reason">{x.reason}</span>
              ) : (
                <Input
                  size="small"
                  value={x.reason}
                  maxLength={REASON_MAX}
                  placeholder={t('calendar.extraReasonPlaceholder')}
                  status={reasonError ? 'error' : undefined}
                  aria-invalid={reasonError !== undefined}
                  aria-label={t('calendar.reason')}
                  onChange={(e) => put({ reason: e.target.value })}
                  data-testid={`cal-extra-reason-${i}`}
                />
              )}
              {readOnly ? null : (
                <Tooltip title={t('calendar.remove')}>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t('calendar.remove')} ${x.date}`}
                    onClick={() =>
                      onChange({ ...draft, extraDays: draft.extraDays.filter((_, k) => k !== i) })
                    }
                    data-testid={`cal-extra-remove-${i}`}
                  />
                </Tooltip>
              )}
            </div>
          );
        })}
        {extraErrors.length > 0 ? (
          <div className="ld-field-errors" role="alert" data-testid="cal-extra-error">
            {extraErrors.map((m) => (
              <div key={m}>{m}</div>
            ))}
          </div>
        ) : null}
      </section>
    </div>
  );
}
